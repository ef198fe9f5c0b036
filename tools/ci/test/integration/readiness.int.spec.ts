// The readiness examples: the library call (tools/ci/examples/readiness-check.mjs) and `status --json` with jq.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, runNode } from '../../../../test/support/cli.js';
import { serverUrl, sql } from '../../../../test/support/db.js';
import { M2, M3, makeFleet, type Fleet } from '../../../../packages/migrate-core/test/integration/fleet-support.js';
import { spawnSync } from 'node:child_process';

const CHECK = join(import.meta.dirname, '..', '..', 'examples', 'readiness-check.mjs');

describe('a service refuses to start while migrations are pending', () => {
  it('assertNoPendingMigrations: not ready while any database of the fleet is behind, ready once all are migrated', async () => {
    const fleet: Fleet = await makeFleet('ready', 4);
    const env = { TENANTS_DATABASE_URL: serverUrl() };
    const check = (...args: string[]) => runNode([CHECK, 'tenants', ...args], { cwd: fleet.ws.root, env });

    const fresh = await check();
    expect(fresh.code).toBe(1);
    expect(fresh.stderr).toContain('not ready: tenants: 4 of 4 databases not migrated:');
    expect(fresh.stderr).toContain(`${fleet.databases[0]}: 3 pending (`);
    expect(fresh.stderr).toContain('Run: npx migrate-core migrate --service tenants');

    await runCli(['migrate', '--service', 'tenants', '--to', M2], { cwd: fleet.ws.root, env });
    await runCli(['migrate', '--service', 'tenants', '--database', fleet.databases[1]!], { cwd: fleet.ws.root, env });
    const behind = await check();
    expect(behind.code).toBe(1);
    expect(behind.stderr).toContain(`tenants: 3 of 4 databases not migrated:\n  ${fleet.databases[0]}: 1 pending (${M3})`);
    // One tenant's process checks its own database only.
    expect((await check(fleet.databases[1]!)).stdout).toBe('tenants: ready, 1 database up to date\n');
    expect((await check(fleet.databases[2]!)).code).toBe(1);

    await runCli(['migrate', '--service', 'tenants'], { cwd: fleet.ws.root, env });
    const ready = await check();
    expect(ready.code).toBe(0);
    expect(ready.stdout).toBe('tenants: ready, 4 databases up to date\n');

    // A database recreated empty is not ready either.
    await sql(serverUrl(), `DROP DATABASE \`${fleet.databases[3]}\``);
    await sql(serverUrl(), `CREATE DATABASE \`${fleet.databases[3]}\``);
    expect((await check()).stderr).toContain(`${fleet.databases[3]}: 3 pending`);
  });

  it('status --json in a readiness probe: jq -e on the one database', async () => {
    const fleet: Fleet = await makeFleet('readyjq', 2);
    const env = { TENANTS_DATABASE_URL: serverUrl() };
    const probe = async () => {
      const status = await runCli(['status', '--service', 'tenants', '--database', fleet.databases[0]!, '--json'], { cwd: fleet.ws.root, env });
      return spawnSync('jq', ['-e', '.pending == [] and .dirty == null'], { input: status.stdout }).status;
    };
    expect(await probe()).toBe(1);
    await runCli(['migrate', '--service', 'tenants'], { cwd: fleet.ws.root, env });
    expect(await probe()).toBe(0);
  });
});
