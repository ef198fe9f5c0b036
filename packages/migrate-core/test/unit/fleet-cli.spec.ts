import { describe, expect, it } from 'vitest';
import { routeOf } from '../../src/cli/fleet/route.js';
import { progressLine } from '../../src/cli/fleet/progress.js';
import { invocationOf, renderCommands } from '../../src/cli/hints.js';
import type { ServiceContext } from '../../src/config/load.js';
import { UsageError } from '../../src/errors.js';

const service = (fleet?: ServiceContext['fleet']): ServiceContext => ({
  root: '/ws', service: 'tenants', dir: '/ws/services/tenants', configFile: '/ws/services/tenants/migrate.config.json',
  config: { schema: 'src/schema.ts', migrations: 'migrations', ledgerTable: '_migrate_core_ledger', target: 'mariadb', ...(fleet ? { databases: fleet } : {}) },
  database: 'tenants', migrationsDir: '/ws/services/tenants/migrations', schemaPath: '/ws/services/tenants/src/schema.ts', fleet,
});
const env = { DATABASE_URL: 'mysql://root@db:3306' };

describe('which databases a command runs on', () => {
  it('a fleet: every member, one with --database; offline or SQL plans need --database', () => {
    const fleet = service({ match: 'tenant_*' });
    expect(routeOf(fleet, 'migrate', {}, env)).toEqual({ kind: 'fleet' });
    expect(routeOf(fleet, 'status', {}, env)).toEqual({ kind: 'fleet' });
    expect(routeOf(fleet, 'migrate', { database: 'tenant_a' }, env)).toEqual({ kind: 'narrow', database: 'tenant_a' });
    expect(routeOf(fleet, 'check', {}, env)).toEqual({ kind: 'single' });
    expect(routeOf(fleet, 'generate', {}, env)).toEqual({ kind: 'single' });
    expect(() => routeOf(fleet, 'generate', { fromDatabase: true }, env)).toThrow(/is a fleet: adopt one of its databases with --database/);
    expect(() => routeOf(fleet, 'plan', { sql: true }, env)).toThrow(UsageError);
    expect(() => routeOf(fleet, 'plan', { offline: true }, env)).toThrow(/needs --database <name>: the SQL names its database/);
  });

  it('one database: as always; --shard makes it a fleet of one; --report does not; --database must be its own', () => {
    const single = service();
    expect(routeOf(single, 'migrate', {}, env)).toEqual({ kind: 'single' });
    expect(routeOf(single, 'migrate', { shard: '1/2' }, env)).toEqual({ kind: 'fleet' });
    expect(routeOf(single, 'migrate', { database: 'tenants' }, env)).toEqual({ kind: 'single' });
    expect(routeOf(single, 'migrate', { database: 'prod' }, { TENANTS_DATABASE_URL: 'mysql://root@db/prod' })).toEqual({ kind: 'single' });
    expect(() => routeOf(single, 'migrate', { database: 'other' }, env)).toThrow('Service tenants has one database, tenants; --database other names another.');
  });
});

describe('hints of a fleet member', () => {
  it('name the member, in both forms, and rendering twice changes nothing', () => {
    const npx = invocationOf({}, 'tenants', 'tenant_a');
    const once = renderCommands(npx, 'Run `migrate-core resolve 2026_x --applied`.');
    expect(once).toBe('Run `npx migrate-core resolve --service tenants --database tenant_a 2026_x --applied`.');
    expect(renderCommands(npx, once)).toBe(once);
    expect(renderCommands(invocationOf({}, 'tenants'), once)).toBe(once);
    const nx = invocationOf({ NX_TASK_TARGET_PROJECT: 'tenants' }, 'tenants', 'tenant_a');
    expect(renderCommands(nx, 'run `migrate-core migrate` again')).toBe('run `nx run tenants:migrate --database tenant_a` again');
    expect(renderCommands(npx, 'accept it with `migrate-core generate --accept-edits 2026_x`'))
      .toBe('accept it with `npx migrate-core generate --service tenants --accept-edits 2026_x`');
    expect(renderCommands(npx, '`migrate-core migrate --database tenant_b --create-database`'))
      .toBe('`npx migrate-core migrate --service tenants --database tenant_b --create-database`');
  });
});

describe('the progress line', () => {
  it('says done, failed, running, left, rate and ETA', () => {
    expect(progressLine({ total: 1000, done: 400, failed: 2, running: 8, elapsedMs: 4000 })).toBe('400/1000 done, 2 failed, 8 running, 592 left, 100/s, ETA 6.00 s');
    expect(progressLine({ total: 10, done: 0, failed: 0, running: 2, elapsedMs: 0 })).toBe('0/10 done, 0 failed, 2 running, 8 left, 0.0/s, ETA -');
  });
});
