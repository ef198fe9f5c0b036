import { describe, expect, it } from 'vitest';
import { isNarrowing, parseColumnType } from '../../src/schema/column-types.js';
import { dataLossOf, tableAlteredBy } from '../../src/schema/data-loss.js';
import { emptySnapshot, type KitSnapshot } from '../../src/schema/drizzle/kit-snapshot.js';
import { renderMigration } from '../../src/generate/render.js';
import { splitStatements } from '../../src/statements.js';

function withColumns(table: string, types: Record<string, string>): KitSnapshot {
  const out = emptySnapshot();
  out.tables[table] = {
    name: table, indexes: {}, foreignKeys: {}, compositePrimaryKeys: {}, uniqueConstraints: {}, checkConstraint: {},
    columns: Object.fromEntries(Object.entries(types).map(([name, type]) => [name, { name, type, primaryKey: false, notNull: false }])),
  };
  return out;
}

describe('isNarrowing', () => {
  it.each([
    ['varchar(100)', 'varchar(50)', true], ['varchar(50)', 'varchar(100)', false], ['text', 'varchar(80)', true], ['varchar(80)', 'text', false],
    ['int', 'bigint', false], ['bigint', 'int', true], ['int', 'int unsigned', true], ['int unsigned', 'bigint', false], ['int unsigned', 'int', true],
    ['decimal(10,2)', 'decimal(12,2)', false], ['decimal(12,2)', 'decimal(10,2)', true], ['decimal(10,2)', 'decimal(10,1)', true],
    ["enum('a','b')", "enum('a','b','c')", false], ["enum('a','b')", "enum('a')", true], ['datetime', 'date', true], ['date', 'datetime', false],
    ['datetime(3)', 'datetime', true], ['timestamp', 'datetime', false], ['double', 'float', true], ['int', 'varchar(5)', true], ['int', 'varchar(20)', false],
    ['varchar(10)', 'int', true], ['int', 'decimal(12,0)', false], ['bigint unsigned', 'bigint unsigned', false], ['json', 'text', true], ['boolean', 'int', false],
  ])('%s -> %s: %s', (from, to, expected) => {
    expect(isNarrowing(from, to)).toBe(expected);
  });

  it('parses types', () => {
    expect(parseColumnType('bigint unsigned')).toMatchObject({ family: 'int', base: 'bigint', unsigned: true });
    expect(parseColumnType("enum('a','it''s')")).toMatchObject({ family: 'enum', values: ['a', "it''s"] });
    expect(parseColumnType('decimal(10,2)')).toMatchObject({ family: 'decimal', args: [10, 2] });
  });
});

describe('dataLossOf', () => {
  it('finds dropped tables, including lists and schema-qualified names', () => {
    expect(dataLossOf('DROP TABLE `users`;').map((l) => [l.kind, l.table])).toEqual([['drop-table', 'users']]);
    expect(dataLossOf('drop table if exists a, `db`.`b`').map((l) => l.table)).toEqual(['a', 'b']);
  });

  it('finds dropped columns, and not dropped indexes, keys or constraints', () => {
    expect(dataLossOf('ALTER TABLE `users` DROP COLUMN `age`')).toEqual([{ kind: 'drop-column', table: 'users', column: 'age', what: 'drops column `users`.`age` and its data' }]);
    expect(dataLossOf('ALTER TABLE users DROP age, DROP COLUMN b').map((l) => l.column)).toEqual(['age', 'b']);
    for (const sql of ['ALTER TABLE `t` DROP INDEX `i`', 'ALTER TABLE `t` DROP FOREIGN KEY `f`', 'ALTER TABLE `t` DROP PRIMARY KEY', 'ALTER TABLE t DROP CONSTRAINT c',
      'DROP INDEX `i` ON `t`', 'ALTER TABLE `t` ADD `c` int', 'CREATE TABLE `x` (id int)', 'RENAME TABLE a TO b']) {
      expect(dataLossOf(sql), sql).toEqual([]);
    }
  });

  it('finds the rows of dropped or truncated partitions, not counted; partitions merged, split or removed keep their rows', () => {
    expect(dataLossOf('ALTER TABLE `logs` DROP PARTITION p2019, p2020')).toEqual([{ kind: 'truncate', table: 'logs',
      what: 'deletes the rows of the partitions it drops from `logs`', unread: 'the rows of single partitions are not counted' }]);
    expect(dataLossOf('alter table archive.logs truncate partition p0')).toMatchObject([{ kind: 'truncate', database: 'archive', table: 'logs', what: 'deletes the rows of the partitions it truncates in `archive`.`logs`' }]);
    for (const sql of ['ALTER TABLE t COALESCE PARTITION 2', 'ALTER TABLE t REORGANIZE PARTITION p0 INTO (PARTITION a VALUES LESS THAN (5), PARTITION b VALUES LESS THAN (10))',
      'ALTER TABLE t REMOVE PARTITIONING', 'ALTER TABLE t ADD PARTITION (PARTITION p9 VALUES LESS THAN (100))', 'ALTER TABLE t REBUILD PARTITION p0']) {
      expect(dataLossOf(sql), sql).toEqual([]);
    }
  });

  it('finds TRUNCATE and type narrowing against the snapshot before the statement', () => {
    expect(dataLossOf('TRUNCATE TABLE `logs`')[0]).toMatchObject({ kind: 'truncate', table: 'logs' });
    const before = withColumns('users', { email: 'varchar(100)', age: 'int' });
    expect(dataLossOf('ALTER TABLE `users` MODIFY COLUMN `email` varchar(50) NOT NULL', before)[0]).toMatchObject({ kind: 'narrow-column', column: 'email' });
    expect(dataLossOf('ALTER TABLE `users` MODIFY COLUMN `email` varchar(150) NOT NULL', before)).toEqual([]);
    expect(dataLossOf('ALTER TABLE `users` MODIFY COLUMN `age` bigint DEFAULT 21', before)).toEqual([]);
    expect(dataLossOf('ALTER TABLE users CHANGE age years smallint', before)[0]).toMatchObject({ kind: 'narrow-column', column: 'age' });
    expect(dataLossOf('ALTER TABLE `users` MODIFY COLUMN `email` varchar(50)')).toEqual([]);
  });

  it('keeps the database a statement names, with backquoted names holding dots, and names it in the message', () => {
    expect(dataLossOf('DROP TABLE archive.logs, `odd.db`.`a.b`, c')).toEqual([
      { kind: 'drop-table', database: 'archive', table: 'logs', what: 'drops table `archive`.`logs` and every row in it' },
      { kind: 'drop-table', database: 'odd.db', table: 'a.b', what: 'drops table `odd.db`.`a.b` and every row in it' },
      { kind: 'drop-table', table: 'c', what: 'drops table `c` and every row in it' },
    ]);
    expect(dataLossOf('ALTER TABLE `Other`.t2 DROP COLUMN d')).toEqual([
      { kind: 'drop-column', database: 'Other', table: 't2', column: 'd', what: 'drops column `Other`.`t2`.`d` and its data' },
    ]);
    expect(dataLossOf('TRUNCATE TABLE archive . `lo``gs`;')).toEqual([{ kind: 'truncate', database: 'archive', table: 'lo`gs', what: 'deletes every row of `archive`.`lo`gs`' }]);
    expect(dataLossOf('DROP TABLE archivé.données').map((l) => [l.database, l.table])).toEqual([['archivé', 'données']]);
  });

  it('judges a narrowing with column types given for the table as the statement names it', () => {
    const types = (table: { database?: string; table: string }, column: string) => (table.database === 'archive' && table.table === 't' && column === 'n' ? 'int' : undefined);
    expect(dataLossOf('ALTER TABLE archive.t MODIFY n tinyint', types)).toEqual([
      { kind: 'narrow-column', database: 'archive', table: 't', column: 'n', what: 'narrows `archive`.`t`.`n` from int to tinyint: values that do not fit are cut, rounded or refused' },
    ]);
    expect(dataLossOf('ALTER TABLE other.t MODIFY n tinyint', types)).toEqual([]);
    expect(tableAlteredBy('ALTER TABLE `a.b`.`c` DROP x;')).toEqual({ database: 'a.b', table: 'c' });
    expect(tableAlteredBy('ALTER TABLE c DROP x')).toEqual({ table: 'c' });
    expect(tableAlteredBy('DROP TABLE c')).toBeUndefined();
  });
});

describe('dataLossOf reads names from the lexer\'s tokens', () => {
  const tables = (sql: string) => dataLossOf(sql).map((l) => [l.kind, l.database, l.table, l.column, l.unread]);

  it('past comments, executable comments, line breaks and double quotes', () => {
    expect(tables('DROP TABLE /* old */ shop.t')).toEqual([['drop-table', 'shop', 't', undefined, undefined]]);
    expect(tables('DROP TABLE -- x\n `shop` /* y */ . t')).toEqual([['drop-table', 'shop', 't', undefined, undefined]]);
    expect(tables('DROP TABLE /*!32312 IF EXISTS*/ t')).toEqual([['drop-table', undefined, 't', undefined, undefined]]);
    expect(tables('/*!40000 DROP TABLE t */')).toEqual([['drop-table', undefined, 't', undefined, undefined]]);
    expect(tables('DROP TABLE "a"."b", "c"')).toEqual([['drop-table', 'a', 'b', undefined, undefined], ['drop-table', undefined, 'c', undefined, undefined]]);
    expect(tables('TRUNCATE /* all */ TABLE\nt')).toEqual([['truncate', undefined, 't', undefined, undefined]]);
    expect(tables('ALTER ONLINE IGNORE TABLE t DROP x, DROP COLUMN IF EXISTS y, ADD z int, DROP INDEX i, DROP SYSTEM VERSIONING, DROP system')).toEqual([
      ['drop-column', undefined, 't', 'x', undefined], ['drop-column', undefined, 't', 'y', undefined], ['drop-column', undefined, 't', 'system', undefined]]);
    expect(tables('ALTER TABLE IF EXISTS s.t WAIT 3 DROP /* c */ COLUMN c')).toEqual([['drop-column', 's', 't', 'c', undefined]]);
  });

  it('a MySQL-only executable comment is code only on MySQL', () => {
    expect(tables('DROP /*!80000 TEMPORARY */ TABLE t')).toEqual([['drop-table', undefined, 't', undefined, undefined]]);
    expect(dataLossOf('DROP /*!80000 TEMPORARY */ TABLE t', undefined, { flavor: { family: 'mysql', version: 80036 } })).toEqual([]);
  });

  it('lists a destructive statement whose names it cannot read with why; DROP TEMPORARY TABLE takes nothing that lasts', () => {
    expect(dataLossOf('DROP /*!32312 IF EXISTS*/ TABLE t')).toEqual([
      { kind: 'drop-table', table: '', what: 'drops tables (`DROP IF EXISTS TABLE t`)', unread: 'the table names could not be read' }]);
    expect(tables('DROP TABLE a, (b)')).toEqual([['drop-table', undefined, 'a', undefined, undefined], ['drop-table', undefined, '', undefined, 'the table names could not be read']]);
    expect(tables('TRUNCATE TABLE')).toEqual([['truncate', undefined, '', undefined, 'the table name could not be read']]);
    expect(tables('ALTER TABLE t DROP COLUMN')).toEqual([['drop-column', undefined, 't', undefined, 'the column it drops could not be read']]);
    expect(tables('DROP TEMPORARY TABLE t')).toEqual([]);
    expect(tables('ALTER TABLE t ADD modify int')).toEqual([]);
  });

  it('judges the type up to its first attribute, however it is spaced', () => {
    const types = () => 'varchar(100)';
    expect(dataLossOf('ALTER TABLE t MODIFY /* x */ c varchar ( 5 ) CHARACTER SET utf8mb4 NOT NULL', types)[0]?.what).toBe(
      'narrows `t`.`c` from varchar(100) to varchar(5): values that do not fit are cut, rounded or refused');
    expect(dataLossOf('ALTER TABLE t CHANGE COLUMN c d int unsigned DEFAULT 1', types)[0]).toMatchObject({ kind: 'narrow-column', column: 'c' });
    expect(tableAlteredBy('ALTER /* x */ ONLINE TABLE -- y\n `a`.b DROP c')).toEqual({ database: 'a', table: 'b' });
  });
});

describe('renderMigration', () => {
  const before = withColumns('users', { id: 'int', age: 'int' });
  const input = { id: '20261124190000_drop_age', name: 'drop age', schemaFile: 'src/schema.ts', up: ['ALTER TABLE `users` DROP COLUMN `age`'],
    down: ['ALTER TABLE `users` ADD `age` int AFTER `id`'], beforeUp: before, beforeDown: withColumns('users', { id: 'int' }) };

  it('acknowledges destructive up statements with the directive when allowed', () => {
    const rendered = renderMigration({ ...input, allowDataLoss: true });
    expect(rendered.up).toContain('-- DATA LOSS: drops column `users`.`age` and its data.\n-- migrate-core: allow-data-loss\nALTER TABLE `users` DROP COLUMN `age`;');
    expect(splitStatements(rendered.up)[0]!.directives).toEqual(['allow-data-loss']);
    expect(rendered.upLoss).toMatchObject([{ statement: 1, acknowledged: true }]);
  });

  it('otherwise explains how to acknowledge, without a directive', () => {
    const rendered = renderMigration({ ...input, allowDataLoss: false });
    expect(rendered.up).toContain('add this line right above the statement: -- migrate-core: allow-data-loss');
    expect(splitStatements(rendered.up)[0]!.directives).toEqual([]);
    expect(rendered.upLoss).toMatchObject([{ acknowledged: false }]);
    expect(rendered.up.startsWith('-- 20261124190000_drop_age: drop age\n')).toBe(true);
  });

  it('puts a plain first statement right under the header (the seed layout), an annotated one after a blank line', () => {
    const plain = renderMigration({ ...input, up: ['CREATE TABLE `t` (`id` int)', 'CREATE TABLE `u` (`id` int)'], allowDataLoss: false });
    expect(plain.up).toBe('-- 20261124190000_drop_age: drop age\n-- Generated by migrate-core from src/schema.ts. Review, then commit with down.sql and snapshot.json.\n'
      + 'CREATE TABLE `t` (`id` int);\n\nCREATE TABLE `u` (`id` int);\n');
    expect(renderMigration({ ...input, allowDataLoss: false }).down).toMatch(/snapshot\.json\.\nALTER TABLE `users` ADD `age` int AFTER `id`;\n$/);
    expect(renderMigration({ ...input, allowDataLoss: true }).up).toMatch(/snapshot\.json\.\n\n-- DATA LOSS/);
  });

  it('marks data loss in down.sql with a comment', () => {
    const rendered = renderMigration({ ...input, up: input.down, down: input.up, beforeUp: input.beforeDown, beforeDown: before, allowDataLoss: false });
    expect(rendered.down).toContain('-- DATA LOSS: drops column `users`.`age` and its data.\nALTER TABLE');
    expect(rendered.down).not.toContain('migrate-core: allow-data-loss');
    expect(rendered.downLoss).toHaveLength(1);
  });
});
