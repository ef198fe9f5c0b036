import { describe, expect, it } from 'vitest';
import { emptySnapshot, type KitSnapshot } from '../../src/schema/drizzle/kit-snapshot.js';
import { spellForTarget } from '../../src/schema/drizzle/target-spelling.js';

// What drizzle-kit 0.31 writes, and what each server family accepts. MariaDB's side is also proven on a real
// server by the integration tests; MySQL 8 cannot be had here, so its spellings are pinned by these tests.

function withColumn(table: string, column: string, type: string): KitSnapshot {
  const snapshot = emptySnapshot();
  snapshot.tables[table] = {
    name: table, columns: { [column]: { name: column, type, primaryKey: false, notNull: false } },
    indexes: {}, foreignKeys: {}, compositePrimaryKeys: {}, uniqueConstraints: {}, checkConstraint: {},
  };
  return snapshot;
}

const CREATE = [
  'CREATE TABLE `t` (',
  '\t`id` int AUTO_INCREMENT NOT NULL,',
  "\t`note` text DEFAULT ('hello'),",
  "\t`m` mediumtext DEFAULT 'm, n',",
  "\t`data` json DEFAULT '{\"a\":1}',",
  '\t`n` int DEFAULT -1,',
  "\t`c` char(2) DEFAULT 'ab',",
  '\t`b` blob DEFAULT NULL,',
  '\t`lower` varchar(100) GENERATED ALWAYS AS (lower(`email`)) STORED NOT NULL,',
  '\tCONSTRAINT `t_id` PRIMARY KEY(`id`)',
  ')',
].join('\n');

describe('spellForTarget: mysql', () => {
  it('puts literal defaults of TEXT, BLOB and JSON columns in parentheses (MySQL refuses them bare), and nothing else', () => {
    const { statements, refusals } = spellForTarget([CREATE], 'mysql', emptySnapshot());
    expect(refusals).toEqual([]);
    expect(statements[0]).toBe(CREATE.replace("DEFAULT 'm, n'", "DEFAULT ('m, n')").replace("DEFAULT '{\"a\":1}'", "DEFAULT ('{\"a\":1}')"));
  });

  it('does the same in ALTER TABLE: ADD, MODIFY, CHANGE, and SET DEFAULT by the type the snapshot gives', () => {
    const to = withColumn('t', 'note', 'longtext');
    const { statements } = spellForTarget([
      "ALTER TABLE `t` ADD `data` json DEFAULT '[]' AFTER `id`",
      "ALTER TABLE `t` MODIFY COLUMN `note` longtext DEFAULT 'x'",
      "ALTER TABLE `t` CHANGE `old` `note` tinytext DEFAULT 'y'",
      "ALTER TABLE `t` ALTER COLUMN `note` SET DEFAULT 'z'",
      "ALTER TABLE `u` ALTER COLUMN `note` SET DEFAULT 'z'",
    ], 'mysql', to);
    expect(statements).toEqual([
      "ALTER TABLE `t` ADD `data` json DEFAULT ('[]') AFTER `id`",
      "ALTER TABLE `t` MODIFY COLUMN `note` longtext DEFAULT ('x')",
      "ALTER TABLE `t` CHANGE `old` `note` tinytext DEFAULT ('y')",
      "ALTER TABLE `t` ALTER COLUMN `note` SET DEFAULT ('z')",
      "ALTER TABLE `u` ALTER COLUMN `note` SET DEFAULT 'z'",
    ]);
  });

  it('writes an expression in an index as a functional key part, in its own parentheses', () => {
    const { statements, refusals } = spellForTarget([
      'CREATE INDEX `by_lower` ON `t` (lower(`email`))',
      'CREATE UNIQUE INDEX `by_both` ON `t` (`id`,lower(`email`) DESC,`name`(10))',
      'CREATE INDEX `done` ON `t` ((lower(`email`)))',
    ], 'mysql', emptySnapshot());
    expect(refusals).toEqual([]);
    expect(statements).toEqual([
      'CREATE INDEX `by_lower` ON `t` ((lower(`email`)))',
      'CREATE UNIQUE INDEX `by_both` ON `t` (`id`,(lower(`email`)) DESC,`name`(10))',
      'CREATE INDEX `done` ON `t` ((lower(`email`)))',
    ]);
  });
});

describe('spellForTarget: mariadb', () => {
  it('keeps what MariaDB takes as it is', () => {
    const plain = ['CREATE INDEX `by_name` ON `t` (`name`(20),`id` DESC)', "ALTER TABLE `t` ADD `data` json DEFAULT '[]'"];
    expect(spellForTarget(plain, 'mariadb', emptySnapshot())).toEqual({ statements: plain, refusals: [] });
  });

  it('refuses NOT NULL on a generated column and expression indexes, naming them', () => {
    const { refusals } = spellForTarget([CREATE, 'CREATE INDEX `by_lower` ON `t` (lower(`email`))'], 'mariadb', emptySnapshot());
    expect(refusals).toEqual([
      'column `t`.`lower` is generated and NOT NULL: MariaDB does not accept NOT NULL on a generated column (drop .notNull() from it)',
      'index `by_lower` indexes the expression lower(`email`): MariaDB has no expression indexes (index a generated column instead: a column .generatedAlwaysAs(sql`...`) and an index on it)',
    ]);
  });
});
