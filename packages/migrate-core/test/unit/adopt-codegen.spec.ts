import { afterAll, describe, expect, it } from 'vitest';
import { baselineOf, dropStatements } from '../../src/adopt/baseline.js';
import { generateSchemaCode } from '../../src/adopt/codegen.js';
import { camelCase, columnKeys, tableVariables, tsString } from '../../src/adopt/names.js';
import { orderByDependencies } from '../../src/adopt/order.js';
import { isTrivialSchema } from '../../src/adopt/preflight.js';
import { loadService } from '../../src/config/load.js';
import { diffSchemas } from '../../src/schema/canonical/compare.js';
import { schemaFromSnapshot } from '../../src/schema/canonical/from-snapshot.js';
import { canonicalExpression, defaultFromSql } from '../../src/schema/canonical/defaults.js';
import type { KitSnapshot, KitTable } from '../../src/schema/drizzle/kit-snapshot.js';
import type { CanonicalColumn, CanonicalForeignKey, CanonicalIndex, CanonicalSchema, CanonicalTable } from '../../src/schema/canonical/model.js';
import { makeWorkspace } from '../../../../test/support/workspace.js';

function c(name: string, type: string, options: { notNull?: boolean; def?: string; ai?: boolean; onUpdate?: boolean; generated?: string } = {}): CanonicalColumn {
  return {
    name, type, notNull: options.notNull ?? false, default: options.def === undefined ? null : defaultFromSql(options.def, type),
    autoIncrement: options.ai ?? false, onUpdateNow: options.onUpdate ?? false,
    generated: options.generated === undefined ? null : { ...canonicalExpression(options.generated), stored: true },
  };
}
const idx = (name: string, columns: string[], unique = false, extra: Partial<CanonicalIndex> = {}): CanonicalIndex => ({ name, columns, unique, kind: 'btree', ...extra });
const fk = (name: string, columns: string[], refTable: string, extra: Partial<CanonicalForeignKey> = {}): CanonicalForeignKey =>
  ({ name, columns, refSchema: null, refTable, refColumns: ['id'], onDelete: 'no action', onUpdate: 'no action', ...extra });
const table = (name: string, columns: CanonicalColumn[], extra: Partial<CanonicalTable> = {}): CanonicalTable =>
  ({ name, columns, primaryKey: ['id'], indexes: [], foreignKeys: [], checks: [], ...extra });

/** Every type and option the generator handles, as the database reader would model it. */
const SCHEMA: CanonicalSchema = {
  views: [],
  tables: [
    table('users', [
      c('id', 'int unsigned', { notNull: true, ai: true }), c('email', 'varchar(320)', { notNull: true }), c('active', 'boolean', { notNull: true, def: '1' }),
      c('created_at', 'timestamp', { notNull: true, def: 'current_timestamp()' }), c('updated_at', 'timestamp(3)', { onUpdate: true, def: 'current_timestamp(3)' }),
      c('country', 'char(2)', { def: "'FR'" }), c('quote', 'varchar(20)', { def: "'it''s'" }), c('path', 'varchar(20)', { def: "'a\\\\b'" }),
      c('bio', 'text', { def: "'hello'" }), c('tiny', 'tinyint unsigned'), c('small', 'smallint', { def: '-1' }), c('med', 'mediumint'),
      c('big', 'bigint unsigned', { def: '5' }), c('price', 'decimal(10,2)', { def: '1.50' }), c('ratio', 'double(8,3) unsigned'), c('f', 'float'),
      c('born', 'date', { def: "'2000-01-01'" }), c('seen', 'datetime(3)', { def: 'current_timestamp(3)' }), c('at', 'time(2)'), c('yr', 'year'),
      c('meta', 'json', { def: "'{\"a\": 1}'" }), c('status', "enum('a','b','c''d')", { notNull: true, def: "'a'" }), c('bin', 'binary(16)'),
      c('vb', 'varbinary(64)'), c('doc', 'longblob'), c('flags', "set('x','y')", { def: "'x'" }), c('uid', 'char(36)', { def: 'uuid()' }),
      c('order', 'int'), c('2fa', 'boolean', { def: '0' }), c('lt', 'longtext'), c('mt', 'mediumtext'), c('tt', 'tinytext'),
    ], { indexes: [idx('users_email_unique', ['email'], true), idx('users_status_created_idx', ['status', 'created_at'])] }),
    table('categories', [c('id', 'smallint', { notNull: true, ai: true }), c('parent_id', 'smallint')], {
      foreignKeys: [fk('categories_parent_fk', ['parent_id'], 'categories', { onDelete: 'set null' })],
    }),
    table('order_items', [
      c('order_id', 'int unsigned', { notNull: true }), c('line', 'smallint unsigned', { notNull: true }), c('qty', 'int', { notNull: true, def: '1' }),
      c('unit', 'decimal(10,2)', { notNull: true }), c('total', 'decimal(12,2)', { generated: '`qty` * `unit`' }),
    ], {
      primaryKey: ['order_id', 'line'],
      foreignKeys: [fk('order_items_user_fk', ['order_id'], 'users', { onDelete: 'cascade', onUpdate: 'cascade' })],
      checks: [{ name: 'order_items_qty', ...canonicalExpression('`qty` > 0') }],
    }),
  ],
};

const DATE = new Date('2026-11-24T12:00:00Z');

/** A drizzle-kit snapshot holding just the tables' names and foreign keys. */
function kitSnapshot(tables: readonly CanonicalTable[]): KitSnapshot {
  const entries = tables.map((t): [string, KitTable] => [t.name, {
    name: t.name, columns: {}, indexes: {}, compositePrimaryKeys: {}, uniqueConstraints: {}, checkConstraint: {},
    foreignKeys: Object.fromEntries(t.foreignKeys.map((k) => [k.name, { name: k.name, tableFrom: t.name, columnsFrom: [...k.columns], tableTo: k.refTable, columnsTo: [...k.refColumns] }])),
  }]);
  return { version: '5', dialect: 'mysql', id: 'x', prevId: 'base', tables: Object.fromEntries(entries), views: {}, _meta: { tables: {}, columns: {} } };
}
const cleanups: Array<() => void> = [];
afterAll(() => cleanups.forEach((cleanup) => cleanup()));

describe('generateSchemaCode', () => {
  const { source, warnings } = generateSchemaCode(SCHEMA, { service: 'shop', database: 'legacy', date: DATE });

  it('writes a mysqlTable per table with the right builders and options', () => {
    expect(warnings).toEqual([]);
    for (const line of [
      "id: int('id', { unsigned: true }).autoincrement().primaryKey(),",
      "active: boolean('active').notNull().default(true),",
      "createdAt: timestamp('created_at', { mode: 'string' }).notNull().defaultNow(),",
      "updatedAt: timestamp('updated_at', { mode: 'string', fsp: 3 }).default(sql`CURRENT_TIMESTAMP(3)`).onUpdateNow(),",
      'quote: varchar(\'quote\', { length: 20 }).default("it\'s"),',
      "path: varchar('path', { length: 20 }).default(sql`'a\\\\\\\\b'`),",
      "big: bigint('big', { mode: 'number', unsigned: true }).default(5),",
      "price: decimal('price', { precision: 10, scale: 2 }).default('1.50'),",
      "ratio: double('ratio', { precision: 8, scale: 3, unsigned: true }),",
      "meta: json('meta').default(sql`('{\"a\": 1}')`),",
      "status: mysqlEnum('status', ['a', 'b', \"c'd\"]).notNull().default('a'),",
      "doc: rawType<Buffer>('longblob')('doc'),",
      "uid: char('uid', { length: 36 }).default(sql`(uuid())`),",
      "'2fa': boolean('2fa').default(false),",
      "primaryKey({ columns: [t.orderId, t.line] }),",
      "foreignKey({ name: 'categories_parent_fk', columns: [t.parentId], foreignColumns: [t.id] }).onDelete('set null'),",
      "foreignKey({ name: 'order_items_user_fk', columns: [t.orderId], foreignColumns: [users.id] }).onDelete('cascade').onUpdate('cascade'),",
      "check('order_items_qty', sql`\\`qty\\` > 0`),",
      "uniqueIndex('users_email_unique').on(t.email),",
    ]) expect(source).toContain(line);
  });

  it('declares referenced tables first', () => {
    expect(source.indexOf('export const users')).toBeLessThan(source.indexOf('export const orderItems'));
  });

  it("round-trips: generate's snapshot of the written file describes the same schema; loaded from memory, the same", async () => {
    const ws = makeWorkspace({ shop: { database: 'legacy', schema: source } });
    cleanups.push(() => ws.cleanup());
    const service = await loadService(ws.root, 'shop');
    const baseline = await baselineOf(service);
    const fromMemory = await baselineOf(service, { code: source, description: 'the generated schema' });
    expect({ ...fromMemory, snapshot: { ...fromMemory.snapshot, id: baseline.snapshot.id } }).toEqual(baseline);
    expect(diffSchemas(schemaFromSnapshot(baseline.snapshot), SCHEMA)).toEqual([]);
    expect(baseline.up.filter((sql) => sql.startsWith('CREATE TABLE')).length).toBe(3);
    expect(baseline.down.map((statement) => statement.sql)).toEqual(['DROP TABLE `order_items`', 'DROP TABLE `users`', 'DROP TABLE `categories`']);
    expect(baseline.down[0]!.comments).toEqual(['DATA LOSS: drops table `order_items` and every row in it.']);
  }, 30_000);

  it('leaves to tables.json what drizzle-orm cannot declare, declares views and the indexes of foreign keys', () => {
    const odd: CanonicalSchema = {
      views: [{ name: 'v_active', definition: 'select `t`.`id` AS `id` from `t`', normalized: 'select id from t', columns: [c('id', 'int', { notNull: true })] }],
      tables: [table('t', [c('id', 'int', { notNull: true }), c('body', 'text'), c('at', 'datetime', { onUpdate: true }), c('o', 'int')], {
        indexes: [idx('ft', ['body'], false, { kind: 'fulltext' }), idx('pre', ['body(10)']), idx('o_fk', ['o'], false, { implicit: 'foreign-key' })],
        foreignKeys: [fk('o_fk', ['o'], 'accounts', { refSchema: 'billing' })],
      })],
    };
    const result = generateSchemaCode(odd, { service: 's', database: 'd', date: DATE });
    expect(result.warnings).toEqual([
      't: foreign key o_fk -> billing.accounts left out: it points into another database; keep it with a custom migration.',
    ]);
    // The key is left out, so the index InnoDB made for it is the schema's own now.
    expect(result.source).toContain("index('o_fk').on(t.o)");
    expect(result.source).not.toMatch(/'ft'|'pre'|onUpdateNow/);
    expect(result.source).toContain("export const vActive = mysqlView('v_active', {\n  id: int('id').notNull(),\n}).as(sql`select \\`t\\`.\\`id\\` AS \\`id\\` from \\`t\\``);");
  });
});

describe('names, order and drops', () => {
  it('makes readable, valid, unique names', () => {
    expect(camelCase('order_items')).toBe('orderItems');
    expect([...tableVariables(['order', 'index', 'users', 'user-s', '1st'], new Set(['index'])).values()]).toEqual(['order', 'indexTable', 'users', 'userS', 'table_1st']);
    expect([...columnKeys(['user_id', 'userId', '2fa', 'order']).values()]).toEqual(['userId', 'userId2', '2fa', 'order']);
    expect(tsString("it's")).toBe('"it\'s"');
    expect(tsString('say "hi" it\'s')).toBe("'say \"hi\" it\\'s'");
  });

  it('orders tables by foreign keys and finds cycles', () => {
    const a = table('a', [c('id', 'int')], { foreignKeys: [fk('a_b', ['b_id'], 'b')] });
    const b = table('b', [c('id', 'int')], { foreignKeys: [fk('b_a', ['a_id'], 'a')] });
    const cc = table('c', [c('id', 'int')], { foreignKeys: [fk('c_d', ['d_id'], 'd'), fk('c_c', ['c_id'], 'c')] });
    const d = table('d', [c('id', 'int')]);
    const order = orderByDependencies([a, b, cc, d]);
    expect(order.order).toEqual(['d', 'c', 'a', 'b']);
    expect(order.cyclic.map(({ key }) => key.name)).toEqual(['a_b', 'b_a']);
    expect(dropStatements(kitSnapshot([a, b, cc, d])).map((s) => s.sql)).toEqual([
      'ALTER TABLE `a` DROP FOREIGN KEY `a_b`', 'ALTER TABLE `b` DROP FOREIGN KEY `b_a`',
      'DROP TABLE `b`', 'DROP TABLE `a`', 'DROP TABLE `c`', 'DROP TABLE `d`',
    ]);
  });

  it("replaces only an empty schema or the scaffold's example", () => {
    expect(isTrivialSchema(undefined)).toBe(true);
    expect(isTrivialSchema("import { int } from 'drizzle-orm/mysql-core';\n// nothing yet\n")).toBe(true);
    expect(isTrivialSchema(`import { int, mysqlTable, text } from 'drizzle-orm/mysql-core';\n\n// The tables of the x service.\n// Use int().autoincrement() for ids: https://example\nexport const test = mysqlTable('test', {\n  id: int('id').autoincrement().primaryKey(),\n  name: text('name'),\n});\n`)).toBe(true);
    expect(isTrivialSchema("export const test = mysqlTable('test', { id: int('id').primaryKey() });")).toBe(false);
  });
});
