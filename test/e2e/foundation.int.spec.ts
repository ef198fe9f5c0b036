import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stopDevServer } from '@repo/dev-db';
import { cleanEnv } from '../support/cli.js';
import { copyRepoWorkspace, type TempWorkspace } from '../support/workspace.js';

const FIRST_MIGRATION = '20261124190000_first_test_created';

/** The README's main job and Nx targets, in a copy of the workspace with no DATABASE_URL: the embedded default. */
describe('the three services on the embedded default database', () => {
  let ws: TempWorkspace;
  const run = (command: string, args: string[]) => {
    const result = spawnSync(command, args, { cwd: ws.root, env: cleanEnv({ NX_DAEMON: 'false', NX_TUI: 'false' }), encoding: 'utf8', timeout: 120_000 });
    return { code: result.status, out: `${result.stdout}${result.stderr}`.replace(/\r\n/g, '\n') };
  };
  beforeAll(() => {
    ws = copyRepoWorkspace();
  });
  afterAll(async () => {
    await stopDevServer(ws.root);
    ws.cleanup();
  });

  it('npm start migrates every service and shows every status, in one Node process (migrate --all, status --all)', () => {
    const result = run(process.execPath, [join(ws.root, 'tools', 'scripts', 'main-job.mjs')]);
    expect(result.code, result.out).toBe(0);
    expect(result.out).toContain('Using the embedded dev database at mysql://root@127.0.0.1:');
    expect(result.out).not.toContain('nx run');
    for (const service of ['first', 'second', 'third']) {
      expect(result.out).toContain(`${service}: 1 migration applied on \`${service}\``);
      expect(result.out).toMatch(new RegExp(`^${service}\\s+${service}\\s+mysql://root@127\\.0\\.0\\.1:\\d+/${service}\\s+migrated\\s+1/1`, 'm'));
      expect(result.out).toMatch(new RegExp(`^${service}\\s+${service}\\s+mysql://root@127\\.0\\.0\\.1:\\d+/${service}\\s+${FIRST_MIGRATION}\\s+0\\s+-\\s+\\d{4}-`, 'm'));
    }
    expect(result.out).toContain('3 services: 3 up to date, 0 with pending migrations, 0 dirty, 0 could not report.');
    const again = run(process.execPath, [join(ws.root, 'tools', 'scripts', 'main-job.mjs')]);
    expect(again.code, again.out).toBe(0);
    expect(again.out.match(/^(first|second|third)\s+\S+\s+\S+\s+up to date\s+0\s/gm)).toHaveLength(3);
  });

  it('nx run-many -t status shows all three, and nx run first:rollback --steps=1 passes its option through', () => {
    const nx = join(ws.root, 'node_modules', '.bin', 'nx');
    // Static output prints the command Nx ran (stream output, the workspace default, prints only its output).
    const rollback = run(nx, ['run', 'first:rollback', '--steps=1', '--output-style=static']);
    expect(rollback.code, rollback.out).toBe(0);
    expect(rollback.out).toContain('migrate-core rollback --service first --steps=1');
    expect(rollback.out).toContain('dropping only what holds no data now:');
    expect(rollback.out).toContain('drops table `test` and every row in it (0 rows now)');
    expect(rollback.out).toContain(`${FIRST_MIGRATION} rolled back`);
    const status = run(nx, ['run-many', '-t', 'status', '--output-style=static']);
    expect(status.code, status.out).toBe(0);
    expect(status.out).toMatch(/first: database `first`[^\n]*\n\s+current: \(none: nothing applied\)\s+applied: 0\s+pending: 1/);
    expect(status.out).toMatch(/second: database `second`[^\n]*\n\s+current: 20261124190000_first_test_created/);
    expect(status.out).toMatch(/third: database `third`[^\n]*\n\s+current: 20261124190000_first_test_created/);
    expect(run(nx, ['run', 'first:migrate']).code).toBe(0);
  });
});
