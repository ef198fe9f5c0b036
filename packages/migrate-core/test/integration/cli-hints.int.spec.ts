import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../../../../test/support/cli.js';
import { createTestDatabase, serverUrl } from '../../../../test/support/db.js';
import { makeWorkspace } from '../../../../test/support/workspace.js';
import { buildMigrateTargets } from '../../../../tools/nx-plugin/src/targets.mjs';
import { parseCommandLine } from '../../src/cli/args.js';

const A = '20261124190000_first_test_created';
const B = '20261201000000_add_b';
const ESC = '\x1b[';

const cleanups: Array<() => unknown> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** The commands a hint gives, as printed between backticks. */
const commandsIn = (text: string) => [...text.matchAll(/`((?:npx migrate-core|nx run) [^`]+)`/g)].map((match) => match[1]!);

/** A printed command -> the CLI's argv: npx as is; `nx run <service>:<target> args` as the Nx plugin's target runs it. */
function argvOf(command: string): string[] {
  const words = command.split(' ');
  if (words[0] === 'npx') return words.slice(2);
  const [project, target] = words[2]!.split(':') as [string, string];
  const targetCommand = buildMigrateTargets(`services/${project}`, project, {})[target]?.command;
  if (targetCommand === undefined) throw new Error(`${command}: no such Nx target`);
  return [...targetCommand.split(' ').slice(1), ...words.slice(3)];
}

function expectRunnable(commands: readonly string[]): void {
  for (const command of commands) {
    expect(command, command).not.toMatch(/[<>]/);
    expect(parseCommandLine(argvOf(command)), command).toMatchObject({ kind: 'run', service: 'shop' });
  }
}

async function shop() {
  const db = await createTestDatabase('cli_hints');
  const ws = makeWorkspace({ shop: { database: db.name } });
  cleanups.push(() => ws.cleanup(), () => db.drop());
  const repo = (file: string) => readFileSync(join(ROOT, 'services', 'first', 'migrations', A, file), 'utf8');
  ws.writeMigration('shop', A, { up: repo('up.sql'), down: repo('down.sql'), snapshot: JSON.parse(repo('snapshot.json')) });
  ws.writeMigration('shop', B, { up: 'CREATE TABLE b1 (id int);\nINSERT INTO missing_table VALUES (1);\nCREATE TABLE b3 (id int);\n', down: 'DROP TABLE b3;\nDROP TABLE b1;\n' });
  const env = { DATABASE_URL: serverUrl() };
  const nxEnv = { ...env, NX_TASK_TARGET_PROJECT: 'shop', NX_TASK_TARGET_TARGET: 'migrate' };
  const run = (argv: string[], runEnv: Record<string, string> = env) => runCli(argv, { cwd: ws.root, env: runEnv });
  return { ws, db, env, nxEnv, run };
}

describe('hints print commands that run as printed', () => {
  it('a failed migration, its DIRTY state and a checksum mismatch: for npx and as Nx targets', async () => {
    const { ws, env, nxEnv, run } = await shop();
    const resolveB = [`npx migrate-core resolve --service shop ${B} --applied`, `npx migrate-core resolve --service shop ${B} --rolled-back`];

    const failed = await run(['migrate', '--service', 'shop']);
    expect(failed.code, failed.stderr).toBe(1);
    expect(commandsIn(failed.stdout)).toEqual(['npx migrate-core migrate --service shop', ...resolveB]);
    const failedInNx = await run(['migrate', '--service', 'shop'], nxEnv);
    expect(failedInNx.code).toBe(1);
    expect(commandsIn(failedInNx.stdout)).toEqual(['nx run shop:migrate', ...resolveB]);

    const dirty = await run(['status', '--service', 'shop'], nxEnv);
    expect(dirty.code).toBe(3);
    expect(dirty.stdout).toContain(`[DIRTY] ${B}: migrate failed`);
    expect(commandsIn(dirty.stdout)).toEqual(['nx run shop:migrate', ...resolveB]);
    expectRunnable([...commandsIn(failed.stdout), ...commandsIn(dirty.stdout)]);

    ws.writeMigration('shop', B, { up: 'CREATE TABLE b1 (id int);\nCREATE TABLE b2 (id int);\nCREATE TABLE b3 (id int);\n', down: 'DROP TABLE b3;\nDROP TABLE b2;\nDROP TABLE b1;\n' });
    const resumed = await run(argvOf(commandsIn(dirty.stdout)[0]!));
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain(`${B} up: resuming at statement 2 of 3`);

    ws.write(`services/shop/migrations/${A}/up.sql`, `-- reviewed\n${readFileSync(join(ws.serviceDir('shop'), 'migrations', A, 'up.sql'), 'utf8')}`);
    const mismatch = await run(['migrate', '--service', 'shop']);
    expect(mismatch.code).toBe(3);
    expect(mismatch.stdout).toContain('[CHECKSUM_MISMATCH]');
    expect(commandsIn(mismatch.stdout)).toEqual([`npx migrate-core generate --service shop --accept-edits ${A}`]);
    const mismatchInNx = await run(['status', '--service', 'shop', '--json'], nxEnv);
    expect(JSON.parse(mismatchInNx.stdout).issues[0].hint).toContain(`\`nx run shop:generate --accept-edits ${A}\``);
    expectRunnable([...commandsIn(mismatch.stdout), `nx run shop:generate --accept-edits ${A}`]);

    const accepted = await run(argvOf(commandsIn(mismatch.stdout)[0]!), env);
    expect(accepted.code, accepted.stderr).toBe(0);
    const after = await run(['migrate', '--service', 'shop']);
    expect(after.code, after.stdout).toBe(0);
    expect(after.stdout).toContain('nothing to migrate');

    // B has no snapshot.json, where generate --accept-edits records an edit: the hint records it in the ledger.
    ws.write(`services/shop/migrations/${B}/up.sql`, `-- reviewed\n${readFileSync(join(ws.serviceDir('shop'), 'migrations', B, 'up.sql'), 'utf8')}`);
    const handWritten = await run(['migrate', '--service', 'shop']);
    expect(handWritten.code).toBe(3);
    expect(handWritten.stdout).toContain('it has no snapshot.json');
    expect(commandsIn(handWritten.stdout)).toEqual([`npx migrate-core resolve --service shop ${B} --applied`]);
    expectRunnable(commandsIn(handWritten.stdout));
    const recorded = await run(argvOf(commandsIn(handWritten.stdout)[0]!), env);
    expect(recorded.code, recorded.stderr).toBe(0);
    const clean = await run(['migrate', '--service', 'shop']);
    expect(clean.code, clean.stdout).toBe(0);
    expect(clean.stdout).toContain('nothing to migrate');
  });
});

describe('colour and help', () => {
  it('colours status on request only (FORCE_COLOR), never with NO_COLOR, on a pipe or in --json', async () => {
    const { env, run } = await shop();
    expect((await run(['migrate', '--service', 'shop', '--to', A])).code).toBe(0);
    const force = { ...env, NO_COLOR: '', FORCE_COLOR: '1' };
    const coloured = await run(['status', '--service', 'shop'], force);
    expect(coloured.stdout).toContain(`${ESC}32mapplied${ESC}39m`);
    expect(coloured.stdout).toContain(`${ESC}33mpending${ESC}39m`);
    expect(coloured.stdout).toMatch(new RegExp(`${A}  \\x1b\\[32mapplied\\x1b\\[39m  \\d{4}-`));
    for (const [argv, runEnv] of [[['status', '--service', 'shop'], env], [['status', '--service', 'shop'], { ...env, FORCE_COLOR: '1' }],
      [['status', '--service', 'shop', '--json'], force], [['migrate', '--service', 'shop', '--to', 'nope', '--json'], force]] as const) {
      const result = await run([...argv], runEnv);
      expect(result.stdout + result.stderr, argv.join(' ')).not.toContain(ESC);
    }
  });

  it('prints a command\'s help for -h anywhere and help <command>, outside any workspace, with exit 0', async () => {
    for (const argv of [['rollback', '-h'], ['-h', 'rollback'], ['help', 'rollback'], ['rollback', '--service', 'x', '--steps', '2', '--help']]) {
      const result = await runCli(argv, { cwd: tmpdir() });
      expect(result.code, argv.join(' ')).toBe(0);
      expect(result.stdout).toContain('migrate-core rollback: run down migrations');
      expect(result.stdout).toContain('--steps <n>');
    }
    expect((await runCli(['--version'], { cwd: tmpdir() })).stdout).toMatch(/^migrate-core \d+\.\d+\.\d+\n$/);
  });
});
