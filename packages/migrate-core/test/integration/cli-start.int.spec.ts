// How the bin starts the CLI: the CommonJS bundle compiled from the V8 code cache the build wrote, and the same
// CLI, compiled from source, when V8 rejects that cache; and how the cache learns the code of a command's first run.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, runNode } from '../../../../test/support/cli.js';
import { createTestDatabase, serverUrl } from '../../../../test/support/db.js';
import { makeWorkspace } from '../../../../test/support/workspace.js';

const LOAD_CLI = join(ROOT, 'packages', 'migrate-core', 'bin', 'load-cli.js');

/** Loads the CLI as the bin does, in a fresh process with `nodeFlags`, and reports how. */
async function loadReport(nodeFlags: readonly string[] = [], loadCli = LOAD_CLI): Promise<{ codeCache: string; main: string }> {
  const script = 'const loaded = require(process.argv[1]).loadCli(); process.stdout.write(JSON.stringify({ codeCache: loaded.codeCache, main: typeof loaded.cli.main }));';
  const result = await runNode([...nodeFlags, '-e', script, loadCli]);
  expect(result.stderr).toBe('');
  return JSON.parse(result.stdout) as { codeCache: string; main: string };
}

describe('the bin', () => {
  it('runs the bundle compiled from the code cache the build wrote', async () => {
    expect(await loadReport()).toEqual({ codeCache: 'accepted', main: 'function' });
  });

  it('compiles the bundle from source when V8 rejects the cache (other V8 flags), and the CLI still runs', async () => {
    expect(await loadReport(['--max-old-space-size=512'])).toEqual({ codeCache: 'rejected', main: 'function' });
    const result = await runCli(['--version'], { env: { NODE_OPTIONS: '--max-old-space-size=512' } });
    expect(result).toEqual({ code: 0, stdout: 'migrate-core 0.1.0\n', stderr: '' });
  });
});

/** The built bin and bundle copied to a folder of their own, so that what a run writes there reaches no other test. */
function copyOfBin() {
  const dir = mkdtempSync(join(tmpdir(), 'migrate-bin-'));
  const pkg = join(ROOT, 'packages', 'migrate-core');
  cpSync(join(pkg, 'bin'), join(dir, 'bin'), { recursive: true });
  cpSync(join(pkg, 'dist', 'cli-bundle'), join(dir, 'dist', 'cli-bundle'), { recursive: true, filter: (src) => !src.endsWith('.cache') });
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  const loadCli = join(dir, 'bin', 'load-cli.js');
  const cache = join(dir, 'dist', 'cli-bundle', 'cli.cjs.cache');
  return {
    bin: join(dir, 'bin', 'migrate-core.js'),
    loadCli,
    cache,
    /** The commands the cache names (its header line), and its size. */
    learned: () => {
      const bytes = readFileSync(cache);
      const header = bytes.toString('latin1', 0, bytes.indexOf(10));
      expect(header).toMatch(/^migrate-core code cache 1 \[/);
      return { commands: JSON.parse(header.slice('migrate-core code cache 1 '.length)) as string[], bytes: bytes.length };
    },
    /** Writes the cache as the build does. */
    build: () => runNode(['-e', 'require(process.argv[1]).writeCodeCache()', loadCli]),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

describe('the code cache learns the code of a command', () => {
  const cleanups: Array<() => unknown> = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  async function setUp() {
    const copy = copyOfBin();
    const db = await createTestDatabase('cli_start');
    const ws = makeWorkspace({ shop: { database: db.name } });
    cleanups.push(copy.cleanup, () => ws.cleanup(), () => db.drop());
    ws.writeMigration('shop', '20261201000000_add_a', { up: 'CREATE TABLE a (id int);\n', down: 'DROP TABLE a;\n' });
    const run = (args: readonly string[]) => runNode([copy.bin, ...args], { cwd: ws.root, env: { DATABASE_URL: serverUrl() } });
    expect((await copy.build()).code).toBe(0);
    return { copy, run };
  }

  it('the first successful status and migrate add their code; failed and other commands change nothing', async () => {
    const { copy, run } = await setUp();
    const built = copy.learned();
    expect(built.commands).toEqual([]);

    expect((await run(['status', '--service', 'nosuch'])).code).toBe(2);
    expect((await run(['--help'])).code).toBe(0);
    expect(copy.learned()).toEqual(built);

    const status = await run(['status', '--service', 'shop']);
    expect(status.code, status.stderr).toBe(0);
    const afterStatus = copy.learned();
    expect(afterStatus.commands).toEqual(['status']);
    expect(afterStatus.bytes).toBeGreaterThan(built.bytes);

    // Read back, accepted, and the command behaves the same; a second run writes nothing.
    expect(await loadReport([], copy.loadCli)).toEqual({ codeCache: 'accepted', main: 'function' });
    const again = await run(['status', '--service', 'shop']);
    expect(again).toEqual(status);
    expect(copy.learned()).toEqual(afterStatus);

    const migrate = await run(['migrate', '--service', 'shop']);
    expect(migrate.code, migrate.stderr).toBe(0);
    expect(copy.learned().commands).toEqual(['status', 'migrate']);
    expect(await loadReport([], copy.loadCli)).toEqual({ codeCache: 'accepted', main: 'function' });
    expect(readdirSync(join(copy.cache, '..')).filter((name) => name.includes('.tmp-'))).toEqual([]);
  });

  it('a cache that cannot be written leaves the command as it was', async () => {
    const { copy, run } = await setUp();
    // A folder where the cache would be: it cannot be read as a cache nor replaced by one.
    rmSync(copy.cache);
    mkdirSync(join(copy.cache, 'taken'), { recursive: true });
    const status = await run(['status', '--service', 'shop']);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stderr).toBe('');
    expect(status.stdout).toContain('20261201000000_add_a');
    expect(await loadReport([], copy.loadCli)).toEqual({ codeCache: 'missing', main: 'function' });
    expect(readdirSync(join(copy.cache, '..')).filter((name) => name.includes('.tmp-'))).toEqual([]);
  });
});
