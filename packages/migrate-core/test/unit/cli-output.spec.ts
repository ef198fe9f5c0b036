import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { invocationOf, renderCommands } from '../../src/cli/hints.js';
import { main } from '../../src/cli/main.js';
import { COMMANDS, SPECS } from '../../src/cli/specs.js';
import { colorEnabled } from '../../src/cli/style.js';
import { commandHint } from '../../src/errors.js';
import { TARGETS } from '../../../../tools/nx-plugin/src/targets.mjs';

const ESC = '\x1b[';
const SRC = join(import.meta.dirname, '..', '..', 'src');

async function run(argv: string[], env: Record<string, string> = {}, isTTY = false) {
  let stdout = '';
  let stderr = '';
  const io = { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) }, isTTY };
  const code = await main(argv, env, io, '/');
  return { code, stdout, stderr };
}

describe('hints name commands as the user runs them', () => {
  const hint = `Fix it, then run ${commandHint('migrate')} again. Or ${commandHint('resolve', '20260101000000_a', '--applied')}.`;

  it('writes a command as `migrate-core <command> <args>`', () => {
    expect(commandHint('resolve', '20260101000000_a', '--applied')).toBe('`migrate-core resolve 20260101000000_a --applied`');
  });

  it('prints it for npx, with the service', () => {
    expect(renderCommands(invocationOf({}, 'first'), hint)).toBe(
      'Fix it, then run `npx migrate-core migrate --service first` again. Or `npx migrate-core resolve --service first 20260101000000_a --applied`.');
  });

  it('prints it as an Nx target inside the service\'s Nx task, and for npx what is no Nx target', () => {
    const nx = invocationOf({ NX_TASK_TARGET_PROJECT: 'first', NX_TASK_TARGET_TARGET: 'migrate' }, 'first');
    expect(renderCommands(nx, hint)).toBe('Fix it, then run `nx run first:migrate` again. Or `npx migrate-core resolve --service first 20260101000000_a --applied`.');
    expect(renderCommands(nx, 'rm -r x && migrate-core generate --name "x"')).toBe('rm -r x && nx run first:generate --name "x"');
    // Another project's task running this service's command: its targets are not this service's.
    expect(renderCommands(invocationOf({ NX_TASK_TARGET_PROJECT: 'deploy' }, 'first'), hint)).toContain('`npx migrate-core migrate --service first`');
  });

  it('leaves other text alone, and adds no service before one is known', () => {
    const text = "SELECT GET_LOCK('migrate-core:first._migrate_core_ledger', 60); -- migrate-core: allow-data-loss; migrate-core 0.1.0";
    expect(renderCommands(invocationOf({}, 'first'), text)).toBe(text);
    expect(renderCommands(invocationOf({}), 'Run `migrate-core --help` or `migrate-core rollback --help`.')).toBe('Run `npx migrate-core --help` or `npx migrate-core rollback --help`.');
  });

  it('names only real commands in the engine\'s hints', () => {
    const files = readdirSync(SRC, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts'));
    const named = files.flatMap((file) => [...readFileSync(join(SRC, file), 'utf8').matchAll(/commandHint\('([a-z-]+)'|`migrate-core ([a-z-]+)[ `]/g)].map((m) => m[1] ?? m[2]!));
    expect(named.length).toBeGreaterThan(10);
    expect(named.filter((command) => !(COMMANDS as string[]).includes(command))).toEqual([]);
  });

  it('knows which commands are Nx targets, as the Nx plugin makes them', () => {
    expect(COMMANDS.filter((command) => SPECS[command].nxTarget)).toEqual(Object.keys(TARGETS));
  });
});

describe('colour', () => {
  it('is on for a terminal unless NO_COLOR, on with FORCE_COLOR, off for a pipe', () => {
    expect(colorEnabled({}, true)).toBe(true);
    expect(colorEnabled({ TERM: 'dumb' }, true)).toBe(false);
    expect(colorEnabled({ NO_COLOR: '1' }, true)).toBe(false);
    expect(colorEnabled({ NO_COLOR: '1', FORCE_COLOR: '1' }, true)).toBe(false);
    expect(colorEnabled({ NO_COLOR: '' }, true)).toBe(true);
    expect(colorEnabled({}, false)).toBe(false);
    expect(colorEnabled({ FORCE_COLOR: '1' }, false)).toBe(true);
    expect(colorEnabled({ FORCE_COLOR: 'true' }, false)).toBe(true);
    expect(colorEnabled({ FORCE_COLOR: '0' }, true)).toBe(false);
  });

  it('colours errors on a terminal only, and never the --json document', async () => {
    expect((await run(['mirgate'], {}, true)).stderr).toContain(`${ESC}31merror:`);
    expect((await run(['mirgate'], { NO_COLOR: '1' }, true)).stderr).not.toContain(ESC);
    expect((await run(['mirgate'], {}, false)).stderr).not.toContain(ESC);
    expect((await run(['mirgate'], { FORCE_COLOR: '1' }, false)).stderr).toContain(ESC);
    const json = await run(['migrate', '--service', 'nope', '--json', '--bogus'], { FORCE_COLOR: '1' }, true);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, error: { code: 'USAGE' } });
    expect(json.stdout + json.stderr).not.toContain(ESC);
  });
});

describe('main', () => {
  it('prints help and the version with exit 0, needing no workspace, service or database', async () => {
    for (const argv of [['migrate', '-h'], ['-h', 'migrate'], ['help', 'migrate'], ['migrate', '--service', 'x', '--to', 'y', '--help']]) {
      const result = await run(argv);
      expect(result.code, argv.join(' ')).toBe(0);
      expect(result.stdout).toMatch(/^migrate-core migrate: apply pending migrations/);
    }
    expect(await run(['--version'])).toEqual({ code: 0, stdout: 'migrate-core 0.1.0\n', stderr: '' });
  });

  it('refuses unknown commands and options with exit 2, the closest one, and a runnable way to the list', async () => {
    const command = await run(['rolback', '--steps', '1']);
    expect(command).toMatchObject({ code: 2, stdout: '' });
    expect(command.stderr).toBe('error: Unknown command "rolback". Did you mean rollback?\n' +
      `  next: Commands: ${COMMANDS.join(', ')}. Run \`npx migrate-core --help\`.\n`);
    const option = await run(['status', '--service', 'first', '--jsn']);
    expect(option.code).toBe(2);
    expect(option.stderr).toContain('error: Unknown option --jsn for status. Did you mean --json?');
    expect(option.stderr).toContain('Run `npx migrate-core status --help`.');
  });
});
