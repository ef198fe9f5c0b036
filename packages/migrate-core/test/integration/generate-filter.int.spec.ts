import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitStatements } from '../../src/statements.js';
import { runCli, type CliResult } from '../../../../test/support/cli.js';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/db.js';
import { makeWorkspace, type TempWorkspace } from '../../../../test/support/workspace.js';

// The schema filter on a workspace of two services: shop imports crm's customers table for queries, declares one
// of its own tables with mysqlSchema(<its database>), one of another database, and one left out by tablesFilter.
const CRM = `import { isNotNull } from 'drizzle-orm';
import { int, mysqlTable, mysqlView, varchar } from 'drizzle-orm/mysql-core';
export const customers = mysqlTable('customers', { id: int('id').autoincrement().primaryKey(), email: varchar('email', { length: 120 }) });
export const reachable = mysqlView('reachable').as((qb) => qb.select().from(customers).where(isNotNull(customers.email)));
`;
const shopSchema = (database: string) => `import { gt } from 'drizzle-orm';
import { bigint, int, mysqlSchema, mysqlTable, mysqlView, serial, varchar } from 'drizzle-orm/mysql-core';
import { customers, reachable } from '../../crm/src/schema.ts';
export { customers, reachable };
const own = mysqlSchema('${database}');
const billing = mysqlSchema('billing');
export const invoices = billing.table('invoices', { id: int('id').primaryKey() });
export const orders = mysqlTable('orders', {
  id: serial('id').primaryKey(),
  customerId: int('customer_id').references(() => customers.id),
  invoiceId: int('invoice_id').references(() => invoices.id),
  note: varchar('note', { length: 200 }),
});
export const audit = own.table('audit', { id: int('id').autoincrement().primaryKey(), orderId: bigint('order_id', { mode: 'number', unsigned: true }).references(() => orders.id) });
export const tmpScratch = mysqlTable('tmp_scratch', { id: int('id') });
export const bigOrders = mysqlView('big_orders').as((qb) => qb.select({ id: orders.id, note: orders.note }).from(orders).where(gt(orders.id, 100)));
export const tmpView = mysqlView('tmp_view').as((qb) => qb.select({ id: orders.id }).from(orders));
`;

describe('generate: the schema filter', () => {
  let ws: TempWorkspace;
  let db: TestDatabase;
  let shop: CliResult;

  beforeAll(async () => {
    db = await createTestDatabase('gen_filter');
    ws = makeWorkspace({
      crm: { database: 'crm', schema: CRM },
      shop: { config: { database: db.name, tablesFilter: ['*', '!tmp_*'] }, schema: shopSchema(db.name) },
    });
    shop = await runCli(['generate', '--service', 'shop', '--name', 'orders'], { cwd: ws.root });
  }, 60_000);

  afterAll(async () => {
    ws?.cleanup();
    await db?.drop();
  });

  const file = (service: string, name: string) => {
    const dir = join(ws.serviceDir(service), 'migrations');
    return readFileSync(join(dir, readdirSync(dir)[0]!, name), 'utf8');
  };

  it("keeps only the service's own tables, plain or in mysqlSchema(<its database>), and says what it left out", () => {
    expect(shop.code, shop.stderr).toBe(0);
    const snapshot = JSON.parse(file('shop', 'snapshot.json'));
    expect(Object.keys(snapshot.tables).sort()).toEqual(['audit', 'orders']);
    expect(shop.stdout).toContain("note: `customers` (export customers) is service crm's table, imported for queries: left to crm's migrations");
    expect(shop.stdout).toContain(`note: \`billing\`.\`invoices\` (export invoices) is in database billing, not ${db.name}: left out`);
    expect(shop.stdout).toContain('note: `tmp_scratch` (export tmpScratch) does not pass tablesFilter');
    expect(Object.keys(snapshot.views).sort()).toEqual(['big_orders']);
    expect(shop.stdout).toContain("note: view `reachable` (export reachable) is service crm's view, imported for queries: left to crm's migrations");
    expect(shop.stdout).toContain('note: view `tmp_view` (export tmpView) does not pass tablesFilter');
    expect(shop.stdout).toContain('serial column `orders`.`id` is written as bigint unsigned AUTO_INCREMENT NOT NULL');
    const up = file('shop', 'up.sql');
    expect(up).not.toContain(`\`${db.name}\`.`);
    expect(up).not.toMatch(/serial/i);
  });

  it('removes foreign keys into tables left out, with a warning naming table, column and target; keeps the own one', () => {
    expect(shop.stderr).toContain('warning: foreign key orders_customer_id_customers_id_fk on `orders` (customer_id) -> `customers` (id) is left out');
    expect(shop.stderr).toContain('another service');
    expect(shop.stderr).toContain('foreign key orders_invoice_id_invoices_id_fk on `orders` (invoice_id) -> `billing.invoices` (id) is left out');
    const up = file('shop', 'up.sql');
    expect(up).not.toContain('REFERENCES `customers`');
    expect(up).not.toContain('REFERENCES `invoices`');
    expect(up).toContain('ADD CONSTRAINT `audit_order_id_orders_id_fk` FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`)');
  });

  it('writes SQL the server runs, up and down', async () => {
    for (const name of ['up.sql', 'down.sql', 'up.sql']) {
      for (const statement of splitStatements(file('shop', name))) await db.query(statement.sql);
    }
    expect(await db.tables()).toEqual(['audit', 'big_orders', 'orders']);
    await db.query("INSERT INTO orders (id, note) VALUES (5, 'small'), (500, 'big')");
    expect(await db.query('SELECT id, note FROM big_orders')).toEqual([{ id: 500, note: 'big' }]);
    const [column] = await db.query<Array<{ COLUMN_TYPE: string; EXTRA: string }>>(
      "SELECT COLUMN_TYPE, EXTRA FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = 'orders' AND COLUMN_NAME = 'id'", [db.name]);
    expect(column).toEqual({ COLUMN_TYPE: 'bigint(20) unsigned', EXTRA: 'auto_increment' });
  });

  it("leaves the imported table to its own service, whose migration has it, and check accepts both", async () => {
    const crm = await runCli(['generate', '--service', 'crm', '--name', 'customers'], { cwd: ws.root });
    expect(crm.code, crm.stderr).toBe(0);
    expect(Object.keys(JSON.parse(file('crm', 'snapshot.json')).tables)).toEqual(['customers']);
    expect(Object.keys(JSON.parse(file('crm', 'snapshot.json')).views)).toEqual(['reachable']);
    for (const service of ['shop', 'crm']) {
      const check = await runCli(['check', '--service', service], { cwd: ws.root });
      expect(check.code, check.stdout).toBe(0);
    }
  });
});
