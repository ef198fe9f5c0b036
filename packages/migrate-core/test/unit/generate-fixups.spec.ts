import { describe, expect, it } from 'vitest';
import { alignPrimaryKeyNames, emptySnapshot, toKitSnapshot, withIds, type KitSnapshot, type KitTable } from '../../src/schema/drizzle/kit-snapshot.js';
import { cleanStatements, fixForMariaDb } from '../../src/schema/drizzle/mariadb-fixups.js';
import type { MigrationSnapshot } from '../../src/repository/snapshot.js';
import { literalDefaultOf, normaliseSerialColumns, withLiteralDefaults, withoutForeignKeys } from '../../src/schema/drizzle/snapshot-normalise.js';

type Spec = { columns: string[]; pk?: string[]; indexes?: Record<string, string[]>; uniques?: Record<string, string[]>; fks?: Record<string, [string[], string]> };

function snap(tables: Record<string, Spec>): KitSnapshot {
  const out = emptySnapshot();
  for (const [name, spec] of Object.entries(tables)) {
    const table: KitTable = {
      name,
      columns: Object.fromEntries(spec.columns.map((c) => [c, { name: c, type: 'int', primaryKey: false, notNull: false }])),
      indexes: Object.fromEntries(Object.entries(spec.indexes ?? {}).map(([n, cols]) => [n, { name: n, columns: cols, isUnique: false }])),
      foreignKeys: Object.fromEntries(Object.entries(spec.fks ?? {}).map(([n, [cols, to]]) => [n, { name: n, tableFrom: name, columnsFrom: cols, tableTo: to, columnsTo: ['id'], onDelete: 'cascade', onUpdate: 'no action' }])),
      compositePrimaryKeys: spec.pk ? { [`${name}_pk`]: { name: `${name}_pk`, columns: spec.pk } } : {},
      uniqueConstraints: Object.fromEntries(Object.entries(spec.uniques ?? {}).map(([n, cols]) => [n, { name: n, columns: cols }])),
      checkConstraint: {},
    };
    out.tables[name] = table;
  }
  return out;
}

const users = { columns: ['id'], pk: ['id'] };

describe('fixForMariaDb', () => {
  it('trims statements and drops their final semicolon', () => {
    expect(fixForMariaDb(['CREATE TABLE `a` (\n\t`id` int\n);\n', '  '], emptySnapshot(), emptySnapshot())).toEqual(['CREATE TABLE `a` (\n\t`id` int\n)']);
  });

  it('drops the index InnoDB made for a foreign key when the key is dropped and no explicit index covered it', () => {
    const from = snap({ users, posts: { columns: ['id', 'user_id'], pk: ['id'], fks: { posts_fk: [['user_id'], 'users'] } } });
    const to = snap({ users, posts: { columns: ['id', 'user_id'], pk: ['id'] } });
    expect(fixForMariaDb(['ALTER TABLE `posts` DROP FOREIGN KEY `posts_fk`;'], from, to)).toEqual(['ALTER TABLE `posts` DROP FOREIGN KEY `posts_fk`', 'DROP INDEX `posts_fk` ON `posts`']);
    const covered = snap({ users, posts: { columns: ['id', 'user_id'], pk: ['id'], indexes: { by_user: ['user_id', 'id'] }, fks: { posts_fk: [['user_id'], 'users'] } } });
    expect(fixForMariaDb(['ALTER TABLE `posts` DROP FOREIGN KEY `posts_fk`;'], covered, to)).toEqual(['ALTER TABLE `posts` DROP FOREIGN KEY `posts_fk`']);
  });

  it("drops and re-adds a foreign key around dropping the only index it can use (errno 1553)", () => {
    const from = snap({ users, posts: { columns: ['id', 'user_id'], pk: ['id'], indexes: { by_user: ['user_id'] }, fks: { posts_fk: [['user_id'], 'users'] } } });
    const to = snap({ users, posts: { columns: ['id', 'user_id'], pk: ['id'], fks: { posts_fk: [['user_id'], 'users'] } } });
    expect(fixForMariaDb(['DROP INDEX `by_user` ON `posts`;'], from, to)).toEqual([
      'ALTER TABLE `posts` DROP FOREIGN KEY `posts_fk`',
      'DROP INDEX `by_user` ON `posts`',
      'ALTER TABLE `posts` ADD CONSTRAINT `posts_fk` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON DELETE cascade ON UPDATE no action',
    ]);
    const other = snap({ users, posts: { columns: ['id', 'user_id'], pk: ['id'], uniques: { u: ['user_id', 'id'] }, indexes: { by_user: ['user_id'] }, fks: { posts_fk: [['user_id'], 'users'] } } });
    expect(fixForMariaDb(['DROP INDEX `by_user` ON `posts`;'], other, to)).toEqual(['DROP INDEX `by_user` ON `posts`']);
  });

  it('drops tables after the foreign keys that point at them, referencing tables first', () => {
    const from = snap({ users, posts: { columns: ['id', 'user_id'], fks: { posts_fk: [['user_id'], 'users'] } }, notes: { columns: ['id', 'user_id'], fks: { notes_fk: [['user_id'], 'users'] } } });
    const to = snap({ notes: { columns: ['id', 'user_id'] } });
    const statements = ['DROP TABLE `users`;', 'DROP TABLE `posts`;', 'ALTER TABLE `notes` DROP FOREIGN KEY `notes_fk`;'];
    expect(fixForMariaDb(statements, from, to)).toEqual([
      'ALTER TABLE `notes` DROP FOREIGN KEY `notes_fk`', 'DROP TABLE `posts`', 'DROP TABLE `users`', 'DROP INDEX `notes_fk` ON `notes`',
    ]);
  });

  it('breaks a cycle of foreign keys between dropped tables before dropping them', () => {
    const from = snap({ a: { columns: ['id', 'b_id'], fks: { a_b_fk: [['b_id'], 'b'] } }, b: { columns: ['id', 'a_id'], fks: { b_a_fk: [['a_id'], 'a'] } } });
    expect(fixForMariaDb(['DROP TABLE `b`;', 'DROP TABLE `a`;'], from, emptySnapshot())).toEqual([
      'ALTER TABLE `b` DROP FOREIGN KEY `b_a_fk`', 'DROP TABLE `a`', 'DROP TABLE `b`',
    ]);
    const selfReference = snap({ tree: { columns: ['id', 'parent_id'], fks: { tree_parent_fk: [['parent_id'], 'tree'] } } });
    expect(fixForMariaDb(['DROP TABLE `tree`;'], selfReference, emptySnapshot())).toEqual(['DROP TABLE `tree`']);
  });

  it('places added columns where the schema has them', () => {
    const from = snap({ t: { columns: ['id', 'c'] } });
    const to = snap({ t: { columns: ['a', 'id', 'b', 'c', 'd'] } });
    const out = fixForMariaDb(['ALTER TABLE `t` ADD `d` int;', 'ALTER TABLE `t` ADD `b` int NOT NULL;', 'ALTER TABLE `t` ADD `a` int;', 'ALTER TABLE `t` ADD CONSTRAINT `u` UNIQUE(`a`);'], from, to);
    expect(out).toEqual(['ALTER TABLE `t` ADD `d` int AFTER `c`', 'ALTER TABLE `t` ADD `b` int NOT NULL AFTER `id`', 'ALTER TABLE `t` ADD `a` int FIRST', 'ALTER TABLE `t` ADD CONSTRAINT `u` UNIQUE(`a`)']);
  });

  it('writes each modified column once, with its whole definition in the target snapshot, falsy defaults included', () => {
    const from = snap({ t: { columns: ['id', 'n', 'g', 'at', 'v'] } });
    const to = snap({ t: { columns: ['id', 'n', 'g', 'at', 'v'] } });
    Object.assign(to.tables.t!.columns.n!, { type: 'bigint', notNull: true, default: 0 });
    Object.assign(to.tables.t!.columns.g!, { type: 'boolean', notNull: true, default: false });
    Object.assign(to.tables.t!.columns.id!, { autoincrement: true, notNull: true });
    Object.assign(to.tables.t!.columns.at!, { type: 'timestamp', default: '(now())', onUpdate: true });
    Object.assign(to.tables.t!.columns.v!, { generated: { type: 'stored', as: '`n` + 1' } });
    const statements = [
      'ALTER TABLE `t` MODIFY COLUMN `n` bigint NOT NULL;',
      'ALTER TABLE `t` MODIFY COLUMN `g` boolean NOT NULL DEFAULT false;',
      'ALTER TABLE `t` MODIFY COLUMN `g` boolean NOT NULL;',
      'ALTER TABLE `t` MODIFY COLUMN `id` int AUTO_INCREMENT NOT NULL;',
      'ALTER TABLE `t` MODIFY COLUMN `at` timestamp DEFAULT (now()) ON UPDATE CURRENT_TIMESTAMP;',
      'ALTER TABLE `t` MODIFY COLUMN `v` int GENERATED ALWAYS AS (`n` + 1) STORED;',
    ];
    expect(fixForMariaDb(statements, from, to)).toEqual([
      'ALTER TABLE `t` MODIFY COLUMN `n` bigint NOT NULL DEFAULT 0',
      'ALTER TABLE `t` MODIFY COLUMN `g` boolean NOT NULL DEFAULT false',
      'ALTER TABLE `t` MODIFY COLUMN `id` int AUTO_INCREMENT NOT NULL',
      'ALTER TABLE `t` MODIFY COLUMN `at` timestamp DEFAULT (now()) ON UPDATE CURRENT_TIMESTAMP',
      'ALTER TABLE `t` MODIFY COLUMN `v` int GENERATED ALWAYS AS (`n` + 1) STORED',
    ]);
    expect(fixForMariaDb(['ALTER TABLE `t` MODIFY COLUMN `n` int NOT NULL;'], to, from)).toEqual(['ALTER TABLE `t` MODIFY COLUMN `n` int']);
  });

  it('adds the new key a foreign key of another table references before dropping the old one', () => {
    const parent = (key: string) => ({ columns: ['id', 'sku'], pk: ['id'], uniques: { [key]: ['sku'] } });
    const child = { columns: ['id', 'pcode'], pk: ['id'], fks: { c_p: [['pcode'], 'p'] as [string[], string] } };
    const [from, to] = [snap({ p: parent('p_code_unique'), c: child }), snap({ p: parent('p_sku_unique'), c: child })];
    for (const snapshot of [from, to]) snapshot.tables.c!.foreignKeys.c_p!.columnsTo = ['sku'];
    const up = ['ALTER TABLE `p` DROP INDEX `p_code_unique`;', 'ALTER TABLE `p` ADD CONSTRAINT `p_sku_unique` UNIQUE(`sku`);'];
    expect(fixForMariaDb(up, from, to)).toEqual(['ALTER TABLE `p` ADD CONSTRAINT `p_sku_unique` UNIQUE(`sku`)', 'ALTER TABLE `p` DROP INDEX `p_code_unique`']);
    const down = ['ALTER TABLE `p` DROP INDEX `p_sku_unique`;', 'CREATE UNIQUE INDEX `p_code_unique` ON `p` (`sku`);'];
    expect(fixForMariaDb(down, to, from)).toEqual(['CREATE UNIQUE INDEX `p_code_unique` ON `p` (`sku`)', 'ALTER TABLE `p` DROP INDEX `p_sku_unique`']);
    const stillCovered = snap({ p: { ...parent('p_code_unique'), indexes: { by_sku: ['sku'] } }, c: child });
    stillCovered.tables.c!.foreignKeys.c_p!.columnsTo = ['sku'];
    expect(fixForMariaDb(up, stillCovered, to)).toEqual(cleanStatements(up));
  });

  it('drops the foreign keys that use a dropped unique key, on either side, before it', () => {
    const from = snap({ p: { columns: ['id'], uniques: { p_id_unique: ['id'] } }, c: { columns: ['id', 'pid'], uniques: { c_pid_unique: ['pid'] }, fks: { c_p: [['pid'], 'p'] } } });
    const to = snap({ p: { columns: ['id'] }, c: { columns: ['id', 'pid'] } });
    const statements = ['ALTER TABLE `c` DROP INDEX `c_pid_unique`;', 'ALTER TABLE `p` DROP INDEX `p_id_unique`;', 'ALTER TABLE `c` DROP FOREIGN KEY `c_p`;'];
    expect(fixForMariaDb(statements, from, to)).toEqual([
      'ALTER TABLE `c` DROP FOREIGN KEY `c_p`', 'ALTER TABLE `c` DROP INDEX `c_pid_unique`', 'ALTER TABLE `p` DROP INDEX `p_id_unique`',
    ]);
  });
});

describe('snapshot normalisation', () => {
  it('writes serial columns as bigint unsigned AUTO_INCREMENT, adding a unique key when no key starts with them', () => {
    const source = snap({ a: { columns: ['id'], pk: ['id'] }, b: { columns: ['n'] } });
    source.tables.a!.columns.id!.type = 'serial';
    source.tables.b!.columns.n!.type = 'serial';
    const { snapshot, notes } = normaliseSerialColumns(source);
    expect(snapshot.tables.a!.columns.id).toMatchObject({ type: 'bigint unsigned', autoincrement: true, notNull: true });
    expect(snapshot.tables.a!.uniqueConstraints).toEqual({});
    expect(snapshot.tables.b!.uniqueConstraints).toEqual({ b_n_unique: { name: 'b_n_unique', columns: ['n'] } });
    expect(notes).toHaveLength(2);
    expect(notes[0]).toContain('drizzle-orm#3333');
    expect(source.tables.a!.columns.id!.type).toBe('serial');
  });

  it('removes the foreign keys the filter leaves out', () => {
    const source = snap({ posts: { columns: ['id', 'user_id'], fks: { posts_fk: [['user_id'], 'users'] } } });
    const out = withoutForeignKeys(source, [{ table: 'posts', name: 'posts_fk', columns: ['user_id'], target: 'users', targetColumns: ['id'], why: '' }]);
    expect(out.tables.posts!.foreignKeys).toEqual({});
  });

  it('writes string defaults with backslashes and JSON defaults as escaped SQL literals, leaving the rest as drizzle-kit wrote them', () => {
    expect(literalDefaultOf('C:\\new', 'varchar(64)')).toBe("'C:\\\\new'");
    expect(literalDefaultOf("it's", 'varchar(64)')).toBeUndefined();
    expect(literalDefaultOf({ a: "it's", b: 'x\\y' }, 'json')).toBe(`'{"a":"it''s","b":"x\\\\\\\\y"}'`);
    expect(literalDefaultOf(5, 'int')).toBeUndefined();
    expect(literalDefaultOf(new Date(0), 'json')).toBeUndefined();
    const source = snap({ paths: { columns: ['id', 'dir'] } });
    const out = withLiteralDefaults(source, new Map([['paths', new Map([['dir', "'C:\\\\new'"]])], ['gone', new Map([['x', "'y'"]])]]));
    expect(out.tables.paths!.columns.dir).toMatchObject({ default: "'C:\\\\new'" });
    expect(out.tables.paths!.columns.id).not.toHaveProperty('default');
    expect(source.tables.paths!.columns.dir).not.toHaveProperty('default');
  });

  it('gives primary keys with the same columns the new name (MySQL has no primary key names)', () => {
    const from = snap({ t: { columns: ['id'], pk: ['id'] } });
    const to = snap({ t: { columns: ['id'], pk: ['id'] } });
    to.tables.t!.compositePrimaryKeys = { renamed_id: { name: 'renamed_id', columns: ['id'] } };
    expect(Object.keys(alignPrimaryKeyNames(from, to).tables.t!.compositePrimaryKeys)).toEqual(['renamed_id']);
  });

  it('strips our keys for drizzle-kit and writes id and prevId last', () => {
    const stored = { ...emptySnapshot(), id: 'x', prevId: 'base', migrateCore: { up: 'sha256:a', down: 'sha256:b' } } as unknown as MigrationSnapshot;
    expect(Object.keys(toKitSnapshot(stored))).not.toContain('migrateCore');
    expect(Object.keys(withIds(emptySnapshot(), 'new', 'x')).slice(-2)).toEqual(['id', 'prevId']);
  });
});
