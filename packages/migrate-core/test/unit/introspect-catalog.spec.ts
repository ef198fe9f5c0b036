import { describe, expect, it } from 'vitest';
import type { CatalogRows } from '../../src/introspect/catalog.js';
import { flavorOf } from '../../src/introspect/catalog.js';
import { schemaFromCatalog } from '../../src/introspect/from-catalog.js';

type Column = CatalogRows['columns'][number];

function column(table: string, name: string, position: number, type: string, nullable: boolean, def: string | null, extra = ''): Column {
  return { table_name: table, column_name: name, ordinal_position: position, column_default: def, is_nullable: nullable ? 'YES' : 'NO', column_type: type, extra, generation_expression: null };
}

/** The same two tables as MariaDB 10.11 and MySQL 8 report them (spellings taken from both servers' catalogs). */
function catalog(flavor: 'mariadb' | 'mysql'): CatalogRows {
  const maria = flavor === 'mariadb';
  const columns: Column[] = [
    column('users', 'id', 1, maria ? 'int(11)' : 'int', false, null, 'auto_increment'),
    column('users', 'email', 2, 'varchar(255)', false, null),
    column('users', 'active', 3, 'tinyint(1)', false, '1'),
    column('users', 'created', 4, 'timestamp', false, maria ? 'current_timestamp()' : 'CURRENT_TIMESTAMP', maria ? '' : 'DEFAULT_GENERATED'),
    column('users', 'updated', 5, 'timestamp', true, maria ? 'NULL' : null, maria ? 'on update current_timestamp()' : 'on update CURRENT_TIMESTAMP'),
    column('users', 'meta', 6, maria ? 'longtext' : 'json', true, maria ? 'NULL' : null),
    column('users', 'tags', 7, maria ? 'longtext' : 'json', true, maria ? "'[]'" : "_utf8mb4\\'[]\\'", maria ? '' : 'DEFAULT_GENERATED'),
    column('users', 'code', 8, 'char(3)', true, maria ? "'abc'" : 'abc'),
    column('users', 'quote', 9, 'varchar(20)', true, maria ? "'it''s'" : "it's"),
    column('users', 'price', 10, 'decimal(10,2)', true, '1.50'),
    column('users', 'uid', 11, 'char(36)', true, 'uuid()', maria ? '' : 'DEFAULT_GENERATED'),
    column('users', 'big', 12, maria ? 'bigint(20) unsigned' : 'bigint unsigned', false, '5'),
    column('orders', 'id', 1, maria ? 'bigint(20) unsigned' : 'bigint unsigned', false, null, 'auto_increment'),
    column('orders', 'user_id', 2, maria ? 'int(11)' : 'int', false, null),
    column('orders', 'qty', 3, maria ? 'int(11)' : 'int', false, '1'),
    column('orders', 'other_id', 4, maria ? 'int(11)' : 'int', true, maria ? 'NULL' : null),
    column('_migrate_core_ledger', 'id', 1, 'varchar(255)', false, null),
  ];
  const stat = (table: string, index: string, seq: number, col: string, unique: boolean) =>
    ({ table_name: table, index_name: index, non_unique: unique ? 0 : 1, seq_in_index: seq, column_name: col, sub_part: null, collation: 'A', index_type: 'BTREE' });
  const fk = (name: string, col: string, schema: string, table: string) =>
    ({ table_name: 'orders', constraint_name: name, column_name: col, ordinal_position: 1, referenced_table_schema: schema, referenced_table_name: table, referenced_column_name: 'id' });
  return {
    tables: [
      { table_name: '_migrate_core_ledger', table_type: 'BASE TABLE' }, { table_name: 'orders', table_type: 'BASE TABLE' },
      { table_name: 'users', table_type: 'BASE TABLE' }, { table_name: 'v_users', table_type: 'VIEW' },
    ],
    columns,
    statistics: [
      stat('users', 'PRIMARY', 1, 'id', true), stat('users', 'users_email_unique', 1, 'email', true),
      stat('orders', 'PRIMARY', 1, 'id', true), stat('orders', 'user_id', 1, 'user_id', false), stat('orders', 'orders_other_fk', 1, 'other_id', false),
    ],
    keyColumns: [fk('orders_ibfk_1', 'user_id', 'app', 'users'), fk('orders_other_fk', 'other_id', 'billing', 'accounts')],
    referential: [
      { table_name: 'orders', constraint_name: 'orders_ibfk_1', update_rule: 'RESTRICT', delete_rule: 'CASCADE' },
      { table_name: 'orders', constraint_name: 'orders_other_fk', update_rule: 'NO ACTION', delete_rule: 'NO ACTION' },
    ],
    checks: [
      ...(maria ? [{ table_name: 'users', constraint_name: 'meta', check_clause: 'json_valid(`meta`)' }, { table_name: 'users', constraint_name: 'tags', check_clause: 'json_valid(`tags`)' }] : []),
      { table_name: 'orders', constraint_name: 'orders_qty_check', check_clause: maria ? '`qty` > 0' : '(`qty` > 0)' },
    ],
    // MySQL 8's VIEWS has no ALGORITHM column.
    views: [{ table_name: 'v_users', view_definition: 'select `app`.`users`.`id` AS `id` from `app`.`users`', check_option: 'NONE', security_type: 'DEFINER', algorithm: maria ? 'UNDEFINED' : null }],
  };
}

const stripSql = (value: unknown): unknown => JSON.parse(JSON.stringify(value, (key, v) => (key === 'sql' ? undefined : v)));

describe('schemaFromCatalog', () => {
  const maria = schemaFromCatalog(catalog('mariadb'), { database: 'app', flavor: 'mariadb', exclude: ['_migrate_core_ledger'] });
  const mysql = schemaFromCatalog(catalog('mysql'), { database: 'app', flavor: 'mysql', exclude: ['_migrate_core_ledger'] });
  const users = maria.tables.find((table) => table.name === 'users')!;
  const orders = maria.tables.find((table) => table.name === 'orders')!;

  it('gives MariaDB and MySQL 8 catalogs of the same schema the same model (but the algorithm of views MySQL does not report)', () => {
    const withoutAlgorithm = (schema: typeof maria) => ({ ...schema, views: schema.views.map(({ algorithm: _algorithm, ...view }) => view) });
    expect(stripSql(withoutAlgorithm(mysql))).toEqual(stripSql(withoutAlgorithm(maria)));
  });

  it('leaves out the ledger table and lists views apart, their definitions without the database name', () => {
    expect(maria.tables.map((table) => table.name)).toEqual(['orders', 'users']);
    expect(maria.views.map((view) => [view.name, view.definition])).toEqual([['v_users', 'select `users`.`id` AS `id` from `users`']]);
  });

  it('normalises types and defaults', () => {
    const byName = Object.fromEntries(users.columns.map((c) => [c.name, c]));
    expect(byName.id).toMatchObject({ type: 'int', notNull: true, autoIncrement: true, default: null });
    expect(byName.active).toMatchObject({ type: 'boolean', default: { kind: 'number', value: '1' } });
    expect(byName.created).toMatchObject({ type: 'timestamp', default: { kind: 'expression', value: 'current_timestamp' } });
    expect(byName.updated).toMatchObject({ notNull: false, default: null, onUpdateNow: true });
    expect(byName.meta).toMatchObject({ type: 'json', default: null });
    expect(byName.tags).toMatchObject({ type: 'json', default: { kind: 'string', value: '[]' } });
    expect(byName.code!.default).toMatchObject({ kind: 'string', value: 'abc' });
    expect(byName.quote!.default).toMatchObject({ kind: 'string', value: "it's" });
    expect(byName.price!.default).toMatchObject({ kind: 'number', value: '1.5' });
    expect(byName.uid!.default).toMatchObject({ kind: 'expression', value: 'uuid()' });
    expect(byName.big).toMatchObject({ type: 'bigint unsigned', default: { kind: 'number', value: '5' } });
  });

  it('turns the JSON checks of MariaDB into the json type and keeps the real checks', () => {
    expect(users.checks).toEqual([]);
    expect(orders.checks).toEqual([{ name: 'orders_qty_check', sql: '`qty` > 0', normalized: 'qty>0' }]);
  });

  it('reads keys and indexes, marks the indexes the server made for foreign keys', () => {
    expect(users.primaryKey).toEqual(['id']);
    expect(users.indexes).toEqual([{ name: 'users_email_unique', columns: ['email'], unique: true, kind: 'btree', definition: 'UNIQUE (`email`)' }]);
    expect(orders.indexes.map((index) => [index.name, index.implicit])).toEqual([['orders_other_fk', 'foreign-key'], ['user_id', 'foreign-key']]);
    expect(orders.foreignKeys).toEqual([
      { name: 'orders_ibfk_1', columns: ['user_id'], refSchema: null, refTable: 'users', refColumns: ['id'], onDelete: 'cascade', onUpdate: 'restrict' },
      { name: 'orders_other_fk', columns: ['other_id'], refSchema: 'billing', refTable: 'accounts', refColumns: ['id'], onDelete: 'no action', onUpdate: 'no action' },
    ]);
  });

  it('tells the flavor from the version string', () => {
    expect(flavorOf('10.11.19-MariaDB-0+deb12u1')).toBe('mariadb');
    expect(flavorOf('8.0.36')).toBe('mysql');
  });
});
