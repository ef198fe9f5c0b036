import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { copyWorkspace } from '../../tools/nx-plugin/test/support/nx-workspace.js';

// What Nx shows of the services' output, run as in CI: stdout is a pipe (no terminal), no --output-style given,
// so the workspace's own settings (the root .env) decide.
const SERVICES = ['first', 'second', 'third'] as const;
const FIRST_MIGRATION = '20261124190000_first_test_created';
const ws = copyWorkspace([...SERVICES]);
const databases: Record<string, TestDatabase> = {};
const env: Record<string, string> = {};

beforeAll(async () => {
  for (const service of SERVICES) {
    databases[service] = await createTestDatabase(`nxout_${service}`);
    env[`${service.toUpperCase()}_DATABASE_URL`] = databases[service].url;
  }
});
afterAll(async () => {
  for (const db of Object.values(databases)) await db.drop();
  ws.cleanup();
});

describe('nx run-many shows every service', () => {
  it('migrate and status print each service\'s own lines in a log, and Nx hides none of them', async () => {
    const migrated = await ws.nx(['run-many', '-t', 'migrate'], env);
    expect(migrated.code, migrated.stdout + migrated.stderr).toBe(0);
    const status = await ws.nx(['run-many', '-t', 'status'], env);
    expect(status.code, status.stdout + status.stderr).toBe(0);
    for (const service of SERVICES) {
      const database = databases[service]!.name;
      expect(migrated.stdout).toMatch(new RegExp(`${service}: 1 migration applied on \`${database}\``));
      expect(status.stdout).toMatch(new RegExp(`${service}: database \`${database}\` at mysql://root@[^\\n]*/${database} \\(ledger _migrate_core_ledger\\)`));
      expect(status.stdout).toMatch(new RegExp(`^${service}:\\s+current: ${FIRST_MIGRATION}\\s+applied: 1\\s+pending: 0$`, 'm'));
    }
    for (const output of [migrated.stdout, status.stdout]) expect(output).not.toMatch(/not shown/);
  });
});

describe('machine-readable results through Nx', () => {
  it('--report writes each service\'s JSON document to its own file', async () => {
    const run = await ws.nx(['run-many', '-t', 'status', '--report=reports/{service}.status.json'], env);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    for (const service of SERVICES) {
      const report = JSON.parse(readFileSync(join(ws.root, 'reports', `${service}.status.json`), 'utf8'));
      expect(report).toMatchObject({ service, database: databases[service]!.name, current: FIRST_MIGRATION, pending: [], dirty: null, issues: [] });
    }
  });

  it('a blocked run exits 1 through Nx and 3 from the CLI; the report says why', async () => {
    const args = ['--to', '20260101000000_no_such_migration', '--report', 'reports/{service}.rollback.json'];
    const throughNx = await ws.nx(['run', 'first:rollback', ...args], env);
    expect(throughNx.code).toBe(1);
    const report = JSON.parse(readFileSync(join(ws.root, 'reports', 'first.rollback.json'), 'utf8'));
    expect(report).toMatchObject({ service: 'first', command: 'rollback', outcome: 'blocked' });
    expect(JSON.stringify(report)).toContain('UNKNOWN_TARGET');

    const direct = await runCli(['rollback', '--service', 'first', ...args], { cwd: ws.root, env });
    expect(direct.code).toBe(3);
    expect(await databases.first!.tables()).toEqual(['_migrate_core_ledger', 'test']);
  });
});

describe('--help through Nx', () => {
  it('after `--` it reaches the tool: nx run first:migrate -- --help prints migrate\'s options', async () => {
    const help = await ws.nx(['run', 'first:migrate', '--', '--help']);
    expect(help.code, help.stdout + help.stderr).toBe(0);
    expect(help.stdout).toContain('migrate-core migrate: apply pending migrations');
    expect(help.stdout).toMatch(/--to <id>\s+stop after this migration/);
  });

  it('without `--`, Nx answers itself with its run-commands options and runs nothing', async () => {
    const help = await ws.nx(['run', 'first:migrate', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Executor:  nx:run-commands');
    expect(help.stdout).not.toContain('migrate-core migrate: apply pending migrations');
    expect(help.stdout).not.toContain('Successfully ran target');
  });
});
