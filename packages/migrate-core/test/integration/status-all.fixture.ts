// A workspace of four services on the test server, one in each state `status --all` must show: shop (up to date,
// a schema with foreign keys), billing (a pending migration), ledger (dirty: its second migration fails, with a
// message full of markup), broken (a configuration error). A table and a column of shop's snapshot are named
// with markup too: the page must show them as text.
import { createTestDatabase, type TestDatabase } from '../../../../test/support/db.js';
import { makeWorkspace, type TempWorkspace } from '../../../../test/support/workspace.js';

export const HOSTILE_TABLE = '<script>alert("t")</script>';
export const HOSTILE_COLUMN = '"><img src=x onerror=alert(1)>';
export const HOSTILE_MESSAGE = '<img src=x onerror=alert(2)>';

type Column = { name: string; type: string; primaryKey: boolean; notNull: boolean; autoincrement?: boolean };
const column = (name: string, type: string, notNull = true): Column => ({ name, type, primaryKey: false, notNull });

function table(name: string, columns: Column[], primaryKey: string[], foreignKeys: Array<{ name: string; columns: string[]; to: string; toColumns: string[] }> = []) {
  return {
    name,
    columns: Object.fromEntries(columns.map((c) => [c.name, c])),
    indexes: {},
    foreignKeys: Object.fromEntries(foreignKeys.map((fk) => [fk.name, { name: fk.name, tableFrom: name, columnsFrom: fk.columns, tableTo: fk.to, columnsTo: fk.toColumns, onDelete: 'no action', onUpdate: 'no action' }])),
    compositePrimaryKeys: { [`${name}_pk`]: { name: `${name}_pk`, columns: primaryKey } },
    uniqueConstraints: {},
    checkConstraint: {},
  };
}

/** shop's snapshot after its migration: four tables, three foreign keys, and the hostile table. */
export function shopSnapshot(id: string) {
  const tables = [
    table('customers', [column('id', 'int'), column('name', 'varchar(100)')], ['id']),
    table('products', [column('id', 'int'), column('title', 'text', false)], ['id']),
    table('orders', [column('id', 'int'), column('customer_id', 'int')], ['id'], [{ name: 'orders_customer_fk', columns: ['customer_id'], to: 'customers', toColumns: ['id'] }]),
    table('order_items', [column('order_id', 'int'), column('product_id', 'int'), column('quantity', 'int')], ['order_id', 'product_id'], [
      { name: 'items_order_fk', columns: ['order_id'], to: 'orders', toColumns: ['id'] },
      { name: 'items_product_fk', columns: ['product_id'], to: 'products', toColumns: ['id'] },
    ]),
    table(HOSTILE_TABLE, [column('id', 'int'), column(HOSTILE_COLUMN, 'text', false)], ['id']),
  ];
  return { version: '5', dialect: 'mysql', id, prevId: 'base', tables: Object.fromEntries(tables.map((t) => [t.name, t])), views: {}, _meta: { tables: {}, columns: {} } };
}

export const SHOP_TABLES = ['customers', 'order_items', 'orders', 'products', HOSTILE_TABLE];
export const SHOP_ID = '20260401000000_shop_tables';
export const BILLING_APPLIED = '20260401000000_invoices';
export const BILLING_PENDING = '20260402000000_add_due_date';
export const LEDGER_FAILS = '20260402000000_entries';

export interface StatusAllWorkspace {
  readonly ws: TempWorkspace;
  readonly databases: Record<'shop' | 'billing' | 'ledger', TestDatabase>;
  cleanup(): Promise<void>;
}

/** The four services, their databases named uniquely on the test server (created by migrate --create-database). */
export async function statusAllWorkspace(prefix: string): Promise<StatusAllWorkspace> {
  const databases = {
    shop: await createTestDatabase(`${prefix}_shop`, { create: false }),
    billing: await createTestDatabase(`${prefix}_bill`, { create: false }),
    ledger: await createTestDatabase(`${prefix}_ledg`, { create: false }),
  };
  const ws = makeWorkspace({
    shop: { database: databases.shop.name },
    billing: { database: databases.billing.name },
    ledger: { database: databases.ledger.name },
    broken: { config: { database: 'not a name!' } },
  });
  ws.writeMigration('shop', SHOP_ID, {
    up: [
      'CREATE TABLE customers (id int PRIMARY KEY, name varchar(100) NOT NULL);',
      'CREATE TABLE products (id int PRIMARY KEY, title text);',
      'CREATE TABLE orders (id int PRIMARY KEY, customer_id int NOT NULL, CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id));',
      'CREATE TABLE order_items (order_id int NOT NULL, product_id int NOT NULL, quantity int NOT NULL, PRIMARY KEY (order_id, product_id),',
      '  CONSTRAINT items_order_fk FOREIGN KEY (order_id) REFERENCES orders (id), CONSTRAINT items_product_fk FOREIGN KEY (product_id) REFERENCES products (id));',
    ].join('\n'),
    down: 'DROP TABLE order_items;\nDROP TABLE orders;\nDROP TABLE products;\nDROP TABLE customers;',
    snapshot: shopSnapshot(SHOP_ID),
  });
  ws.writeMigration('billing', BILLING_APPLIED, { up: 'CREATE TABLE invoices (id int PRIMARY KEY);', down: 'DROP TABLE invoices;' });
  ws.writeMigration('ledger', '20260401000000_accounts', { up: 'CREATE TABLE accounts (id int PRIMARY KEY);', down: 'DROP TABLE accounts;' });
  ws.writeMigration('ledger', LEDGER_FAILS, {
    // A data statement the server refuses (not an integer), quoting the markup in its error; it fails for sure, unlike
    // a SIGNAL, whose effect the engine cannot know.
    up: `CREATE TABLE entries (id int PRIMARY KEY);\nINSERT INTO entries (id) VALUES ('${HOSTILE_MESSAGE}');\n`,
    down: 'DROP TABLE entries;',
  });
  return {
    ws,
    databases,
    async cleanup() {
      ws.cleanup();
      for (const db of Object.values(databases)) await db.drop();
    },
  };
}

/** After migrate --all: billing gets a migration that is not applied yet. */
export function addPendingBilling(ws: TempWorkspace): void {
  ws.writeMigration('billing', BILLING_PENDING, { up: 'ALTER TABLE invoices ADD due date;', down: 'ALTER TABLE invoices DROP COLUMN due;' });
}
