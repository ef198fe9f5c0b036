import { createRequire } from 'node:module';
import { gt, sql, type SQL } from 'drizzle-orm';
import { check, int, mysqlSchema, mysqlTable, mysqlView, varchar, type AnyMySqlColumn } from 'drizzle-orm/mysql-core';
import { describe, expect, it } from 'vitest';
import type { KitSnapshot } from '../../src/schema/drizzle/kit-snapshot.js';
import { kitExports } from '../../src/schema/drizzle/schema-snapshot.js';
import { unqualifyTables } from '../../src/schema/drizzle/snapshot-normalise.js';

/** drizzle-kit's own API, called directly (these schemas make it neither prompt nor exit). */
const kit = createRequire(import.meta.url)('drizzle-kit/api') as { generateMySQLDrizzleJson(imports: Record<string, unknown>): Promise<KitSnapshot> };
const SCHEMA = Symbol.for('drizzle:Schema');

/** The same orders table, a check, a generated column and a view on it, in `mysqlSchema(schema)` or plain. */
function ordersSchema(schema?: string) {
  const table = (schema === undefined ? mysqlTable : mysqlSchema(schema).table) as typeof mysqlTable;
  const self: { qty?: AnyMySqlColumn } = {};
  const orders = table('orders', {
    id: int('id').primaryKey(),
    qty: int('qty').notNull(),
    double: int('double').generatedAlwaysAs((): SQL => sql`${self.qty} * 2`),
    note: varchar('note', { length: 40 }).default('`shop`.`orders`'),
  }, (t) => [check('orders_qty', sql`${t.qty} > 0 and ${t.note} <> '\`shop\`.\`orders\`.x'`)]);
  self.qty = orders.qty;
  const bigOrders = mysqlView('big_orders').as((qb) => qb.select({ id: orders.id }).from(orders).where(gt(orders.qty, 10)));
  return { orders, bigOrders };
}

const withoutId = ({ id: _id, ...rest }: KitSnapshot) => rest;

describe('the snapshot of own mysqlSchema tables', () => {
  it('is the snapshot of the same tables declared plain, and the schema objects are left as they are', async () => {
    const own = ordersSchema('shop');
    Object.freeze(own.orders);
    const exported = kitExports([{ ref: own.orders, exportName: 'orders', name: 'orders', schema: 'shop' }], [{ ref: own.bigOrders, exportName: 'bigOrders', name: 'big_orders', schema: undefined }]);
    expect(exported.orders).not.toBe(own.orders);
    expect(exported.bigOrders).toBe(own.bigOrders);
    const snapshot = unqualifyTables(await kit.generateMySQLDrizzleJson(exported), 'shop', ['orders']);
    expect(withoutId(snapshot)).toEqual(withoutId(await kit.generateMySQLDrizzleJson(ordersSchema())));
    expect(snapshot.tables.orders!.checkConstraint.orders_qty!.value).toBe("`orders`.`qty` > 0 and `orders`.`note` <> '`shop`.`orders`.x'");
    expect(snapshot.tables.orders!.columns.double!.generated!.as).toBe('`orders`.`qty` * 2');
    expect(String(snapshot.views.big_orders!.definition)).toBe('select `id` from `orders` where `orders`.`qty` > 10');
    expect((own.orders as unknown as Record<symbol, unknown>)[SCHEMA]).toBe('shop');
  });

  it('drizzle-kit still leaves out a table given with its schema name', async () => {
    const own = ordersSchema('shop');
    expect(Object.keys((await kit.generateMySQLDrizzleJson({ orders: own.orders })).tables)).toEqual([]);
  });

  it('keeps references to other databases and to tables not named, and string literals', () => {
    const snapshot = { tables: {}, views: { v: { name: 'v', columns: {}, definition: "select `shop`.`orders`.`id`, `billing`.`orders`.`id`, `shop`.`other`.`id`, '`shop`.`orders`' from x" } } } as unknown as KitSnapshot;
    expect(unqualifyTables(snapshot, 'shop', ['orders']).views.v!.definition).toBe("select `orders`.`id`, `billing`.`orders`.`id`, `shop`.`other`.`id`, '`shop`.`orders`' from x");
  });
});
