import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../../test/support/cli.js';
import { createTestDatabase, databaseUrl, serverUrl } from '../../../../test/support/db.js';
import { makeWorkspace } from '../../../../test/support/workspace.js';
import { LEGACY_TABLES } from './adopt.fixture.js';
import { fingerprint } from './fingerprint.js';

/** What the legacy database has besides tables: an event, ordered triggers, a procedure, a DESC index, comments, a MEMORY table. */
const LEGACY_OBJECTS: readonly string[] = [
  "ALTER TABLE customers COMMENT 'buyers', MODIFY name varchar(100) NOT NULL DEFAULT '' COMMENT 'display name'",
  'CREATE INDEX orders_placed_desc ON orders (placed_at DESC, status)',
  'CREATE TABLE hits (page varchar(100) NOT NULL PRIMARY KEY, n int NOT NULL DEFAULT 0) ENGINE=MEMORY',
  'CREATE TRIGGER customers_bi BEFORE INSERT ON customers FOR EACH ROW SET NEW.name = trim(NEW.name)',
  'CREATE TRIGGER customers_bi2 BEFORE INSERT ON customers FOR EACH ROW FOLLOWS customers_bi SET NEW.email = lower(NEW.email)',
  "CREATE EVENT purge_sessions ON SCHEDULE EVERY 1 HOUR STARTS '2030-01-01 00:00:00' ON COMPLETION PRESERVE DISABLE COMMENT 'hourly' DO DELETE FROM sessions WHERE expires_at < now()",
  "CREATE PROCEDURE touch(IN p int, OUT done varchar(10)) MODIFIES SQL DATA BEGIN UPDATE customers SET name = name WHERE id = p; SET done = 'yes'; END",
];

const cleanups: Array<() => unknown> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

describe('adopting a database with objects beyond tables', () => {
  it('writes them, rebuilds the same catalog (foreign-key index names included), and a later DROP INDEX runs on both databases', async () => {
    const legacy = await createTestDatabase('adopt_obj');
    const rebuilt = await createTestDatabase('adopt_obj_rb', { create: false });
    const ws = makeWorkspace({ shop: { database: legacy.name } });
    cleanups.push(() => legacy.drop(), () => rebuilt.drop(), () => ws.cleanup());
    for (const statement of [...LEGACY_TABLES, ...LEGACY_OBJECTS]) await legacy.query(statement);
    const env = { DATABASE_URL: serverUrl() };
    const onRebuilt = { ...env, SHOP_DATABASE_URL: databaseUrl(rebuilt.name) };
    const cli = (argv: readonly string[], e: Record<string, string> = env) => runCli(argv, { cwd: ws.root, env: e });

    const adopted = await cli(['generate', '--service', 'shop', '--from-database', '--json']);
    expect(adopted.code, adopted.stderr).toBe(0);
    const report = JSON.parse(adopted.stdout);
    expect(report).toMatchObject({ tables: 14, uncaptured: [], warnings: [] });
    const objects = join(ws.serviceDir('shop'), 'src', 'objects');
    expect(readFileSync(join(objects, 'triggers', 'customers_bi2.sql'), 'utf8')).toBe(
      'CREATE TRIGGER `customers_bi2` BEFORE INSERT ON `customers` FOR EACH ROW FOLLOWS `customers_bi` SET NEW.email = lower(NEW.email)\n;\n');
    expect(readFileSync(join(objects, 'events', 'purge_sessions.sql'), 'utf8')).toContain("ON SCHEDULE EVERY 1 HOUR STARTS '2030-01-01 00:00:00'");
    expect(JSON.parse(readFileSync(join(objects, 'tables.json'), 'utf8')).tables).toMatchObject({
      customers: { comment: 'buyers', columns: { name: { comment: 'display name' } } },
      hits: { engine: 'MEMORY' },
      orders: { indexes: { orders_placed_desc: '(`placed_at` DESC, `status`)' } },
      tags: { collation: 'latin1_swedish_ci', columns: { label: { collation: 'latin1_bin' } } },
    });
    // The index InnoDB made for `FOREIGN KEY (customer_id)` is named after the column: declared, so a rebuild keeps it.
    const schema = readFileSync(join(ws.serviceDir('shop'), 'src', 'schema.ts'), 'utf8');
    expect(schema).toContain("index('customer_id').on(t.customerId)");

    expect((await cli(['stamp', '--service', 'shop', report.migration])).code).toBe(0);
    expect((await cli(['drift', '--service', 'shop'])).code).toBe(0);
    expect((await cli(['migrate', '--service', 'shop', '--create-database'], onRebuilt)).code).toBe(0);
    const catalog = (db: typeof legacy) => fingerprint((sql, values) => db.query(sql, values), db.name);
    expect(await catalog(rebuilt)).toEqual(await catalog(legacy));

    // Drop the key of addresses.customer_id and its index: the same DROP INDEX must work on both databases.
    ws.write('services/shop/src/schema.ts', schema
      .replace("  index('customer_id').on(t.customerId),\n", '')
      .replace(/ {2}foreignKey\(\{ name: 'addresses_ibfk_1'.*\n/, ''));
    const generated = await cli(['generate', '--service', 'shop', '--name', 'addresses without customer key', '--json']);
    expect(generated.code, generated.stderr).toBe(0);
    expect(JSON.parse(generated.stdout).up).toEqual(['ALTER TABLE `addresses` DROP FOREIGN KEY `addresses_ibfk_1`', 'DROP INDEX `customer_id` ON `addresses`']);
    for (const target of [env, onRebuilt]) {
      const migrated = await cli(['migrate', '--service', 'shop'], target);
      expect(migrated.code, migrated.stderr + migrated.stdout).toBe(0);
      expect((await cli(['drift', '--service', 'shop'], target)).code).toBe(0);
    }
    expect(await catalog(rebuilt)).toEqual(await catalog(legacy));
  }, 120_000);
});
