import { describe, expect, it } from 'vitest';
import { tableCopyOf, typeChangeCopies } from '../../src/check/lint/algorithm.js';
import { ddlShape } from '../../src/check/lint/ddl.js';
import { lintMigrations, probeKey } from '../../src/check/lint/lint.js';
import type { MigrationFolderText } from '../../src/check/problems.js';
import type { LintCode } from '../../src/config/lint-codes.js';
import { emptySnapshot, type KitColumn, type KitSnapshot } from '../../src/schema/drizzle/kit-snapshot.js';

/** A snapshot with table `users`: id (primary key), email varchar(100) NULL, age int NOT NULL, plus `extra` columns. */
function usersBefore(extra: Record<string, Partial<KitColumn>> = {}): KitSnapshot {
  const snapshot = emptySnapshot();
  const columns: Record<string, KitColumn> = {
    id: { name: 'id', type: 'int', primaryKey: true, notNull: true, autoincrement: true },
    email: { name: 'email', type: 'varchar(100)', primaryKey: false, notNull: false },
    age: { name: 'age', type: 'int', primaryKey: false, notNull: true },
  };
  for (const [name, column] of Object.entries(extra)) columns[name] = { name, type: 'int', primaryKey: false, notNull: false, ...column };
  snapshot.tables.users = { name: 'users', columns, indexes: {}, foreignKeys: {}, compositePrimaryKeys: {}, uniqueConstraints: {}, checkConstraint: {} };
  return snapshot;
}

const ID = '20261124190000_change';
const folder = (up: string, before: KitSnapshot = usersBefore()): MigrationFolderText => ({ id: ID, dir: 'services/first/migrations/20261124190000_change', up, down: '', before });
const codes = (up: string, before?: KitSnapshot) => lintMigrations([folder(up, before)], {}).warnings.map((w) => w.code);

describe('lint: each code, on a table that holds rows', () => {
  it.each<[LintCode, string]>([
    ['NOT_NULL_NO_DEFAULT', 'ALTER TABLE `users` ADD `nick` varchar(20) NOT NULL AFTER `email`'],
    ['NOT_NULL_NO_DEFAULT', 'ALTER TABLE `users` MODIFY COLUMN `email` varchar(100) NOT NULL'],
    ['NEW_UNIQUE', 'ALTER TABLE `users` ADD CONSTRAINT `users_email_unique` UNIQUE(`email`)'],
    ['NEW_UNIQUE', 'CREATE UNIQUE INDEX `users_email` ON `users` (`email`)'],
    ['NARROW_TYPE', 'ALTER TABLE `users` MODIFY COLUMN `email` varchar(50)'],
    ['DROP_COLUMN', 'ALTER TABLE `users` DROP COLUMN `email`'],
    ['DROP_TABLE', 'DROP TABLE `users`'],
    ['TABLE_COPY', 'ALTER TABLE `users` MODIFY COLUMN `age` bigint NOT NULL'],
    ['TABLE_COPY', 'ALTER TABLE users ADD CONSTRAINT fk FOREIGN KEY (age) REFERENCES ages (id)'],
    ['NO_PRIMARY_KEY', 'CREATE TABLE `log` (`at` datetime, `line` text)'],
    ['NO_PRIMARY_KEY', 'ALTER TABLE `users` DROP PRIMARY KEY'],
  ])('%s: %s', (code, sql) => {
    expect(codes(sql)).toContain(code);
  });

  it('names file, line and statement, says what the statement risks, and gives the safer recipe and how to acknowledge', () => {
    const [warning] = lintMigrations([folder('-- add a nickname\n\nALTER TABLE `users` ADD `nick` varchar(20) NOT NULL;\n')], {}).warnings;
    expect(warning).toEqual({
      code: 'NOT_NULL_NO_DEFAULT', severity: 'warning', migrationId: ID, file: `services/first/migrations/${ID}/up.sql`, line: 3, statement: 1,
      message: expect.stringContaining(`services/first/migrations/${ID}/up.sql:3: statement 1 adds NOT NULL column \`users\`.\`nick\` without a default`),
      hint: expect.stringMatching(/^Expand, then contract: add the column as NULL .* `-- migrate-core: allow NOT_NULL_NO_DEFAULT` right above it \(line 3\)\.$/),
    });
  });

  it('says nothing of safe changes: a nullable or defaulted column, an index, a widening in place, a table with a key', () => {
    expect(codes([
      'ALTER TABLE `users` ADD `nick` varchar(20) AFTER `email`',
      "ALTER TABLE `users` ADD `kind` varchar(20) NOT NULL DEFAULT 'user'",
      'CREATE INDEX `users_email` ON `users` (`email`)',
      'ALTER TABLE `users` MODIFY COLUMN `email` varchar(120)',
      'ALTER TABLE `users` MODIFY COLUMN `age` int',
      'CREATE TABLE `tags` (`id` int AUTO_INCREMENT NOT NULL, CONSTRAINT `tags_id` PRIMARY KEY(`id`))',
      'CREATE TABLE `pairs` (`a` int NOT NULL PRIMARY KEY, `b` int)',
    ].join(';\n'))).toEqual([]);
  });

  it('rules about existing rows skip a table made by the same migration, and judge a table made by an earlier one', () => {
    const create = 'CREATE TABLE `tags` (`id` int PRIMARY KEY, `label` varchar(20));\n';
    const change = 'ALTER TABLE `tags` ADD `slug` varchar(20) NOT NULL;\nALTER TABLE `tags` ADD UNIQUE (`slug`);\n';
    expect(codes(create + change, emptySnapshot())).toEqual([]);
    const later = { ...folder(change, emptySnapshot()), id: '20261124190100_later', dir: 'services/first/migrations/20261124190100_later' };
    expect(lintMigrations([folder(create, emptySnapshot()), later], {}).warnings.map((w) => [w.migrationId, w.code]))
      .toEqual([['20261124190100_later', 'NOT_NULL_NO_DEFAULT'], ['20261124190100_later', 'NEW_UNIQUE']]);
  });

  it('a table without a primary key is fine when a later statement of the file adds one', () => {
    expect(codes('CREATE TABLE `log` (`id` int NOT NULL, `line` text);\nALTER TABLE `log` ADD PRIMARY KEY (`id`);\n', emptySnapshot())).toEqual([]);
    expect(codes('ALTER TABLE `users` DROP PRIMARY KEY, ADD PRIMARY KEY (`id`, `age`)')).not.toContain('NO_PRIMARY_KEY');
  });
});

describe('lint: tables renamed by the migration', () => {
  /** On `users` with rows: a column made NOT NULL, a NOT NULL column added, a unique index, a copying type change. */
  const changes = (table: string) => [
    `ALTER TABLE ${table} MODIFY \`email\` varchar(100) NOT NULL`,
    `ALTER TABLE ${table} ADD \`nick\` varchar(20) NOT NULL`,
    `ALTER TABLE ${table} ADD CONSTRAINT \`people_email\` UNIQUE(\`email\`)`,
    `ALTER TABLE ${table} MODIFY \`age\` bigint NOT NULL`,
  ].join(';\n');
  const expected = ['NOT_NULL_NO_DEFAULT', 'NOT_NULL_NO_DEFAULT', 'NEW_UNIQUE', 'TABLE_COPY'];
  const lint = (up: string, before = usersBefore(), database?: string) =>
    lintMigrations([folder(up, before)], database === undefined ? {} : { database }).warnings.map((w) => [w.code, w.statement]);

  it('warns on a table with rows as it does without the rename', () => {
    expect(codes(changes('`users`'))).toEqual(expected);
  });

  it.each([
    ['RENAME TABLE `users` TO `people`', '`people`'],
    ['ALTER TABLE `users` RENAME TO `people`', '`people`'],
    ['ALTER TABLE users ADD `at` datetime NULL, RENAME AS people', 'people'],
    ['ALTER TABLE `users` RENAME `people`', 'people'],
    ['RENAME TABLE `USERS` TO `People`', '`people`'],
    ['RENAME TABLE `users` TO `tmp`, `tmp` TO `people`', '`people`'],
    ['RENAME TABLE `users` TO `tmp`;\nRENAME TABLE `tmp` TO `people`', '`people`'],
  ])('after %s, warns on %s as on the table before it', (rename, table) => {
    const statements = rename.split(';\n').length;
    expect(lint(`${rename};\n${changes(table)}`)).toEqual(expected.map((code, k) => [code, statements + k + 1]));
  });

  it("a renamed table's old name no longer names its rows", () => {
    const up = 'RENAME TABLE `users` TO `people`;\nCREATE TABLE `users` (`id` int PRIMARY KEY, `email` varchar(100), `age` int);\n' +
      `${changes('`users`')};\n${changes('`people`')}`;
    expect(lint(up)).toEqual(expected.map((code, k) => [code, k + 7]));
  });

  it('a table the migration created stays empty under the name a rename gives it', () => {
    const up = 'CREATE TABLE `tags` (`id` int PRIMARY KEY, `email` varchar(100), `age` int);\nRENAME TABLE `tags` TO `labels`;\n' +
      'ALTER TABLE `labels` RENAME TO `names`;\n' + changes('`names`');
    expect(codes(up)).toEqual([]);
    expect(codes('CREATE TABLE `log` (`id` int NOT NULL);\nRENAME TABLE `log` TO `log2`;\nALTER TABLE `log2` ADD PRIMARY KEY (`id`);\n', emptySnapshot())).toEqual([]);
  });

  it('a swap gives each table the rows and columns of the other name', () => {
    const up = 'CREATE TABLE `users_new` (`id` int PRIMARY KEY, `email` varchar(100), `age` int);\n' +
      'RENAME TABLE `users` TO `tmp`, `users_new` TO `users`, `tmp` TO `users_new`;\n' +
      'ALTER TABLE `users` ADD `nick` varchar(20) NOT NULL;\nALTER TABLE `users_new` MODIFY `email` varchar(100) NOT NULL;\n';
    expect(lint(up)).toEqual([['NOT_NULL_NO_DEFAULT', 4]]);
  });

  it('a swap of two tables with rows judges each by its own columns', () => {
    const before = usersBefore();
    before.tables.accounts = { ...before.tables.users!, name: 'accounts', columns: { email: { name: 'email', type: 'varchar(100)', primaryKey: false, notNull: true } } };
    const up = 'RENAME TABLE `users` TO `tmp`, `accounts` TO `users`, `tmp` TO `accounts`;\n' +
      'ALTER TABLE `users` MODIFY `email` varchar(100) NOT NULL;\nALTER TABLE `accounts` MODIFY `email` varchar(100) NOT NULL;\n';
    expect(lint(up, before)).toEqual([['NOT_NULL_NO_DEFAULT', 3]]);
  });

  it("follows a table into another database, and tells the service's own database by name and without case", () => {
    const up = 'RENAME TABLE `Shop`.`users` TO `archive`.`users`;\nCREATE TABLE `users` (`id` int PRIMARY KEY, `email` varchar(100), `age` int);\n' +
      'ALTER TABLE `shop`.`users` ADD `nick` varchar(20) NOT NULL;\nALTER TABLE `archive`.`users` MODIFY `email` varchar(100) NOT NULL;\n';
    expect(lint(up, usersBefore(), 'shop')).toEqual([['NOT_NULL_NO_DEFAULT', 4]]);
  });

  it('a table renamed by an earlier migration holds rows under its new name in the next', () => {
    const later = { ...folder('ALTER TABLE `people` ADD `nick` varchar(20) NOT NULL;\nALTER TABLE `users` ADD `x` int NOT NULL;\n'), id: '20261124190100_later', dir: 'services/first/migrations/20261124190100_later' };
    expect(lintMigrations([folder('RENAME TABLE `users` TO `people`;\n', usersBefore()), { ...later, before: emptySnapshot() }], {}).warnings.map((w) => [w.migrationId, w.code, w.statement]))
      .toEqual([['20261124190100_later', 'NOT_NULL_NO_DEFAULT', 1]]);
  });
});

describe('lint: acknowledgements and levels', () => {
  const up = '-- migrate-core: allow TABLE_COPY\nALTER TABLE `users` MODIFY COLUMN `age` bigint NOT NULL;\n' +
    '-- migrate-core: allow-data-loss\n-- migrate-core: allow DROP_COLUMN, NARROW_TYPE\nALTER TABLE `users` DROP COLUMN `email`;\n';

  it('an allow line above a statement acknowledges the codes it names, and only for that statement', () => {
    const report = lintMigrations([folder(up)], {});
    expect(report.warnings).toEqual([]);
    expect(report.acknowledged).toBe(2);
    const again = lintMigrations([folder(`${up}ALTER TABLE \`users\` DROP COLUMN \`age\`;\n`)], {});
    expect(again.warnings.map((w) => [w.code, w.statement])).toEqual([['DROP_COLUMN', 3]]);
  });

  it('an allow line naming no lint code is a problem', () => {
    const report = lintMigrations([folder('-- migrate-core: allow TABLE_COPPY\nALTER TABLE `users` DROP COLUMN `email`;\n')], {});
    expect(report.problems).toEqual([expect.objectContaining({ code: 'BAD_DIRECTIVE', message: expect.stringContaining('names TABLE_COPPY, which is not a lint code') })]);
    expect(report.warnings.map((w) => w.code)).toEqual(['DROP_COLUMN']);
  });

  it('"error" makes a code fail check, "off" silences it, others stay warnings', () => {
    const sql = 'ALTER TABLE `users` DROP COLUMN `email`;\nALTER TABLE `users` MODIFY COLUMN `age` bigint NOT NULL;\nCREATE TABLE `log` (`line` text);\n';
    const report = lintMigrations([folder(sql)], { lint: { DROP_COLUMN: 'error', TABLE_COPY: 'off' } });
    expect(report.problems.map((p) => p.code)).toEqual(['DROP_COLUMN']);
    expect(report.warnings.map((w) => w.code)).toEqual(['NO_PRIMARY_KEY']);
  });

  it("the shadow server's probe replaces the documented rules for TABLE_COPY, both ways", () => {
    const sql = 'ALTER TABLE `users` MODIFY COLUMN `age` bigint NOT NULL;\nALTER TABLE `users` ADD `nick` varchar(20) NULL;\n';
    const server = 'MariaDB 10.11.19 (a throwaway server)';
    const probes = new Map([
      [probeKey(ID, 1), { algorithm: 'inplace' as const, server }],
      [probeKey(ID, 2), { algorithm: 'copy' as const, reason: 'Cannot change column type', server }],
    ]);
    const report = lintMigrations([folder(sql)], {}, probes);
    expect(report.warnings.map((w) => [w.code, w.statement])).toEqual([['TABLE_COPY', 2]]);
    expect(report.warnings[0]!.message).toContain(`${server} refuses ALGORITHM=INSTANT and ALGORITHM=INPLACE, LOCK=NONE for it (Cannot change column type)`);
  });
});

describe('the documented algorithm rules', () => {
  it.each([
    ['int', 'bigint', true], ['int(11)', 'int', false], ['varchar(50)', 'varchar(60)', false], ['varchar(50)', 'varchar(70)', true],
    ['varchar(100)', 'varchar(300)', false], ['varchar(100)', 'varchar(40)', true], ["enum('a','b')", "enum('a','b','c')", false],
    ["enum('a','b')", "enum('b','a')", true], ['varbinary(200)', 'varbinary(255)', false], ['text', 'mediumtext', true],
  ])('changing %s to %s copies the table: %s', (from, to, copies) => {
    expect(typeChangeCopies(from, to)).toBe(copies);
  });

  it.each([
    ['ALTER TABLE t ADD CONSTRAINT c CHECK (n > 0)', 'copy'], ['ALTER TABLE t CONVERT TO CHARACTER SET latin1', 'copy'],
    ['ALTER TABLE t ADD g int GENERATED ALWAYS AS (n + 1) STORED', 'copy'], ['ALTER TABLE t ADD seq int AUTO_INCREMENT UNIQUE', 'locking'],
    ['CREATE FULLTEXT INDEX ft ON t (body)', 'locking'], ['ALTER TABLE t ADD n2 int, ALGORITHM=COPY', 'copy'], ['ALTER TABLE t FORCE, LOCK=SHARED', 'locking'],
    ['ALTER TABLE t ADD CONSTRAINT c CHECK (n > 0), ALGORITHM=INPLACE', undefined], ['ALTER TABLE t ADD g int GENERATED ALWAYS AS (n + 1) VIRTUAL', undefined],
  ])('%s: %s', (sql, algorithm) => {
    expect(tableCopyOf(ddlShape(sql), undefined)?.algorithm).toBe(algorithm);
  });
});

describe('ddlShape', () => {
  it('reads ALTER TABLE clauses through quotes, comments and a qualified name', () => {
    expect(ddlShape("ALTER TABLE `shop`.`users` /* c, d */ ADD COLUMN IF NOT EXISTS `a,b` varchar(10) NOT NULL DEFAULT 'x, y', DROP INDEX `i`, CHANGE `old` `new` int UNIQUE"))
      .toEqual({ kind: 'alter-table', table: 'users', database: 'shop', clauses: [
        { action: 'add-column', column: 'a,b', definition: { type: 'varchar(10)', notNull: true, hasDefault: true, autoIncrement: false, unique: false, primaryKey: false, generated: null } },
        { action: 'drop-other' },
        { action: 'modify-column', column: 'old', definition: { type: 'int', notNull: false, hasDefault: false, autoIncrement: false, unique: true, primaryKey: false, generated: null } },
      ] });
  });

  it('reads CREATE TABLE, CREATE INDEX and DROP INDEX', () => {
    expect(ddlShape('CREATE TABLE IF NOT EXISTS t (a int, CONSTRAINT t_pk PRIMARY KEY (a))')).toMatchObject({ kind: 'create-table', table: 't', hasPrimaryKey: true });
    expect(ddlShape('CREATE TABLE t LIKE u')).toMatchObject({ kind: 'create-table', hasBody: false });
    expect(ddlShape('CREATE UNIQUE INDEX i ON `t` (a)')).toEqual({ kind: 'create-index', table: 't', unique: true, variant: 'btree' });
    expect(ddlShape('DROP INDEX i ON t')).toEqual({ kind: 'drop-index', table: 't' });
    expect(ddlShape('INSERT INTO t VALUES (1)')).toEqual({ kind: 'other' });
  });

  it('reads the names of RENAME TABLE and of ALTER TABLE ... RENAME', () => {
    expect(ddlShape('RENAME TABLE IF EXISTS `a` WAIT 5 TO `shop`.`b`, c NOWAIT TO d')).toEqual({ kind: 'rename-table', renames: [
      { from: { table: 'a' }, to: { database: 'shop', table: 'b' } }, { from: { table: 'c' }, to: { table: 'd' } },
    ] });
    expect(ddlShape('ALTER TABLE a RENAME COLUMN x TO y, RENAME INDEX i TO j, RENAME AS `archive`.`a`')).toMatchObject({ kind: 'alter-table', table: 'a', clauses: [
      { action: 'rename' }, { action: 'rename' }, { action: 'rename', to: { database: 'archive', table: 'a' } },
    ] });
    expect(ddlShape('ALTER TABLE a RENAME b')).toMatchObject({ clauses: [{ action: 'rename', to: { table: 'b' } }] });
  });
});
