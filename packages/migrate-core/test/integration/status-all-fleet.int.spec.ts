// status --all of a workspace with a plain service and a fleet: the fleet is one row and one entry, shown at its
// server with its pattern (never a database of the service's name), and with --drift its databases' drift as
// `drift --service tenants` reports it. The exit status and the summary line say the same thing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, serverUrl, sql, uniqueName, type TestDatabase } from '../../../../test/support/db.js';
import { makeWorkspace, type TempWorkspace } from '../../../../test/support/workspace.js';
import { runMain } from './support.js';

const SHOP_ID = '20260701000000_invoices';
const TENANT_ID = '20260701000000_items';

type Column = { name: string; type: string; primaryKey: boolean; notNull: boolean };

/** A drizzle-kit snapshot of one table whose primary key is `id`. */
function snapshot(id: string, name: string, columns: Column[]) {
  const table = {
    name, columns: Object.fromEntries(columns.map((c) => [c.name, c])), indexes: {}, foreignKeys: {},
    compositePrimaryKeys: { [`${name}_pk`]: { name: `${name}_pk`, columns: ['id'] } }, uniqueConstraints: {}, checkConstraint: {},
  };
  return { version: '5', dialect: 'mysql', id, prevId: 'base', tables: { [name]: table }, views: {}, _meta: { tables: {}, columns: {} } };
}

/** Strips what differs between two runs of one command: times. */
const timeless = (document: unknown): unknown => JSON.parse(JSON.stringify(document, (key, value: unknown) => (['durationMs', 'startedAt', 'introspectionMs'].includes(key) ? 0 : value)));

describe('status --all with a fleet service', () => {
  let ws: TempWorkspace;
  let shop: TestDatabase;
  let prefix: string;
  let tenants: string[];
  let template: string;

  /** The CLI in this process (the sources, not the built bundle). */
  const run = (args: readonly string[]) => runMain(ws.root, args, { DATABASE_URL: serverUrl() });
  const json = async (args: readonly string[]) => {
    const result = await run([...args, '--json']);
    return { ...result, document: JSON.parse(result.stdout) as Record<string, any> };
  };
  const entry = (document: Record<string, any>, name: string) => (document.services as Array<Record<string, any>>).find((service) => service.service === name)!;
  const row = (stdout: string, name: string) => stdout.split('\n').find((line) => line.startsWith(`${name} `)) ?? '';
  const host = () => new URL(serverUrl()).host;

  beforeAll(async () => {
    prefix = uniqueName('saf').slice(0, 30);
    tenants = [1, 2, 3].map((i) => `${prefix}_t_${i}`);
    template = `${prefix}_t_tmpl`;
    // The template matches the first pattern and is excluded by the second: never a member.
    await sql(serverUrl(), [...tenants, template].map((db) => `CREATE DATABASE \`${db}\``).join(';'));
    shop = await createTestDatabase('saf_shop', { create: false });
    ws = makeWorkspace({
      shop: { database: shop.name },
      tenants: { config: { databases: { match: [`${prefix}_t_*`, `!${prefix}_t_tmpl`] } } },
    });
    ws.writeMigration('shop', SHOP_ID, {
      up: 'CREATE TABLE invoices (id int PRIMARY KEY);', down: 'DROP TABLE invoices;',
      snapshot: snapshot(SHOP_ID, 'invoices', [{ name: 'id', type: 'int', primaryKey: false, notNull: true }]),
    });
    ws.writeMigration('tenants', TENANT_ID, {
      up: 'CREATE TABLE items (id int PRIMARY KEY, note text);', down: 'DROP TABLE items;',
      snapshot: snapshot(TENANT_ID, 'items', [{ name: 'id', type: 'int', primaryKey: false, notNull: true }, { name: 'note', type: 'text', primaryKey: false, notNull: false }]),
    });
    const migrated = await run(['migrate', '--all', '--create-database']);
    expect(migrated.code, migrated.stdout + migrated.stderr).toBe(0);
  });
  afterAll(async () => {
    ws?.cleanup();
    await shop?.drop();
    if (prefix !== undefined) await sql(serverUrl(), [...tenants, template].map((db) => `DROP DATABASE IF EXISTS \`${db}\``).join(';'));
  });

  it('shows the fleet at its server with its pattern, not at a database named after the service; exit 0 when all is well', async () => {
    const text = await run(['status', '--all']);
    expect(text.code, text.stdout + text.stderr).toBe(0);
    expect(row(text.stdout, 'tenants')).toMatch(new RegExp(`^tenants\\s+3 databases\\s+mysql://root@${host()} \\("match": \\["${prefix}_t_\\*","!${prefix}_t_tmpl"\\]\\)\\s+3 up to date\\s+0\\s+-`));
    expect(text.stdout).not.toContain(`${host()}/tenants`);
    expect(row(text.stdout, 'shop')).toMatch(new RegExp(`^shop\\s+${shop.name}\\s+mysql://root@${host()}/${shop.name}\\s+${SHOP_ID}\\s+0\\s+-`));
    expect(text.stdout).toContain('2 services: 2 up to date, 0 with pending migrations, 0 dirty, 0 could not report.');

    const all = await json(['status', '--all']);
    expect(all.code).toBe(0);
    const alone = await json(['status', '--service', 'tenants']);
    expect(entry(all.document, 'tenants')).toEqual(alone.document);
    expect(alone.document.databases.map((member: { database: string }) => member.database)).toEqual(tenants);
  });

  it('--drift reports each database of the fleet as drift --service tenants does; exit 0 and every service in sync', async () => {
    const text = await run(['status', '--all', '--drift']);
    expect(text.code, text.stdout + text.stderr).toBe(0);
    expect(row(text.stdout, 'tenants')).toMatch(/\s+in sync$/);
    expect(row(text.stdout, 'shop')).toMatch(/\s+in sync$/);
    expect(text.stdout).not.toContain('does not exist');
    expect(text.stdout).toContain('2 services: 2 up to date, 0 with pending migrations, 0 dirty, 0 could not report; drift: 2 in sync, 0 drifted.');

    const all = await json(['status', '--all', '--drift']);
    expect(all.code).toBe(0);
    const drift = entry(all.document, 'tenants').drift;
    const alone = await json(['drift', '--service', 'tenants']);
    expect(alone.code).toBe(0);
    expect(timeless(drift)).toEqual(timeless(alone.document));
    expect(drift).toMatchObject({ service: 'tenants', command: 'drift', outcome: 'noop', summary: { total: 3, noop: 3, blocked: 0, failed: 0, skipped: 0 } });
    expect(drift.databases.map((member: { database: string }) => member.database)).toEqual(tenants);
    expect(entry(all.document, 'shop').drift).toMatchObject({ service: 'shop', command: 'drift', inSync: true, against: SHOP_ID });
  });

  it('one drifted database: exit 3, and the row, the summary and the list below all say drifted', async () => {
    const drifted = tenants[1]!;
    await sql(serverUrl(), `ALTER TABLE \`${drifted}\`.items ADD extra int`);
    try {
      const text = await run(['status', '--all', '--drift']);
      expect(text.code, text.stdout + text.stderr).toBe(3);
      expect(row(text.stdout, 'tenants')).toMatch(/\s+2 in sync, 1 drifted$/);
      expect(row(text.stdout, 'shop')).toMatch(/\s+in sync$/);
      expect(text.stdout).toContain('2 services: 2 up to date, 0 with pending migrations, 0 dirty, 0 could not report; drift: 1 in sync, 1 drifted.');
      expect(text.stdout).toMatch(new RegExp(`^tenants/${drifted}: drift: 1 difference, first: .*extra`, 'm'));

      const all = await json(['status', '--all', '--drift']);
      expect(all.code).toBe(3);
      expect(entry(all.document, 'tenants').drift).toMatchObject({ outcome: 'blocked', summary: { total: 3, noop: 2, blocked: 1, failed: 0 } });
      const alone = await json(['drift', '--service', 'tenants']);
      expect(alone.code).toBe(3);
      expect(timeless(entry(all.document, 'tenants').drift)).toEqual(timeless(alone.document));
    } finally {
      await sql(serverUrl(), `ALTER TABLE \`${drifted}\`.items DROP COLUMN extra`);
    }
  });

  it('a database that cannot be read: the fleet could not report, in the summary as in the exit status', async () => {
    const broken = tenants[2]!;
    await sql(serverUrl(), `RENAME TABLE \`${broken}\`._migrate_core_ledger TO \`${broken}\`.ledger_away; CREATE TABLE \`${broken}\`._migrate_core_ledger (id int)`);
    try {
      const text = await run(['status', '--all', '--drift']);
      expect(text.code, text.stdout + text.stderr).toBe(1);
      expect(row(text.stdout, 'tenants')).toMatch(/\s+2 in sync, 1 failed$/);
      expect(text.stdout).toContain('2 services: 1 up to date, 0 with pending migrations, 0 dirty, 1 could not report; drift: 1 in sync, 0 drifted.');
      expect(text.stdout).toMatch(new RegExp(`^tenants/${broken}: drift: `, 'm'));

      const all = await json(['status', '--all', '--drift']);
      expect(all.code).toBe(1);
      expect(entry(all.document, 'tenants').drift).toMatchObject({ outcome: 'failed', summary: { total: 3, noop: 2, failed: 1 } });
    } finally {
      await sql(serverUrl(), `DROP TABLE \`${broken}\`._migrate_core_ledger; RENAME TABLE \`${broken}\`.ledger_away TO \`${broken}\`._migrate_core_ledger`);
    }
  });
});
