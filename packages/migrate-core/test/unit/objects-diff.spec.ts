import { describe, expect, it } from 'vitest';
import { diffSchemas } from '../../src/schema/canonical/compare.js';
import { schemaFromSnapshot } from '../../src/schema/canonical/from-snapshot.js';
import type { CanonicalTable } from '../../src/schema/canonical/model.js';
import { emptySnapshot, type KitSnapshot, type KitTable } from '../../src/schema/drizzle/kit-snapshot.js';
import { decorateStatements } from '../../src/schema/objects/decorate.js';
import { objectStatements } from '../../src/schema/objects/diff.js';
import { emptyObjects, type ObjectsModel } from '../../src/schema/objects/model.js';
import { applyObjectRenames } from '../../src/schema/objects/renames.js';
import { objectsOfSnapshot, withObjects } from '../../src/schema/objects/snapshot.js';
import { normaliseViewDefinition, stripDatabase } from '../../src/schema/objects/views/normalise.js';
import { orderViews } from '../../src/schema/objects/views/order.js';

const column = (name: string, type: string, extra: Partial<KitTable['columns'][string]> = {}) => ({ name, type, primaryKey: false, notNull: false, ...extra });
const kitTable = (name: string, columns: ReturnType<typeof column>[]): KitTable => ({
  name, columns: Object.fromEntries(columns.map((c) => [c.name, c])), indexes: {}, foreignKeys: {}, compositePrimaryKeys: {}, uniqueConstraints: {}, checkConstraint: {},
});
const kit = (...tables: KitTable[]): KitSnapshot => ({ ...emptySnapshot(), tables: Object.fromEntries(tables.map((t) => [t.name, t])) });

const USERS = kitTable('users', [column('id', 'int', { notNull: true, autoincrement: true }), column('email', 'varchar(100)', { notNull: true }), column('bio', 'text'),
  column('seen', 'datetime(3)')]);
const OBJECTS: ObjectsModel = {
  ...emptyObjects(),
  defaults: { engine: 'InnoDB', charset: 'utf8mb4', collation: 'utf8mb4_general_ci' },
  tables: { users: { comment: "it's", columns: { email: { charset: 'utf8mb4', collation: 'utf8mb4_bin', comment: 'login' }, seen: { onUpdate: 'CURRENT_TIMESTAMP(3)' } },
    indexes: { bio_ft: 'FULLTEXT (`bio`)' } } },
  triggers: [{ name: 'users_bi', table: 'users', timing: 'BEFORE', event: 'INSERT', body: 'SET NEW.email = lower(NEW.email)' }],
};

describe('decorateStatements', () => {
  it("adds table options, column options and partitioning to drizzle-kit's statements", () => {
    const create = 'CREATE TABLE `users` (\n\t`id` int AUTO_INCREMENT NOT NULL,\n\t`email` varchar(100) NOT NULL,\n\t`bio` text,\n\t`seen` datetime(3),\n\tCONSTRAINT `users_id` PRIMARY KEY(`id`)\n)';
    const model = { ...OBJECTS, tables: { users: { ...OBJECTS.tables.users!, partitioning: 'PARTITION BY KEY () PARTITIONS 2' } } };
    expect(decorateStatements([create], kit(USERS), model)).toEqual([
      "CREATE TABLE `users` (\n\t`id` int AUTO_INCREMENT NOT NULL,\n\t`email` varchar(100) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL COMMENT 'login',\n\t`bio` text,\n" +
        "\t`seen` datetime(3) ON UPDATE CURRENT_TIMESTAMP(3),\n\tCONSTRAINT `users_id` PRIMARY KEY(`id`)\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci COMMENT='it''s'\n" +
        'PARTITION BY KEY () PARTITIONS 2',
    ]);
    expect(decorateStatements(['ALTER TABLE `users` MODIFY COLUMN `email` varchar(100) NOT NULL', 'ALTER TABLE `users` ADD `email` varchar(100) NOT NULL AFTER `id`'], kit(USERS), OBJECTS)).toEqual([
      "ALTER TABLE `users` MODIFY COLUMN `email` varchar(100) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL COMMENT 'login'",
      "ALTER TABLE `users` ADD `email` varchar(100) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL COMMENT 'login' AFTER `id`",
    ]);
  });

  it('gives a non-unique index on a TEXT column its prefix and takes drizzle-kit\'s parentheses off a view', () => {
    expect(decorateStatements(['CREATE INDEX `b` ON `users` (`bio`,`email`)', 'CREATE VIEW `v` AS (select 1)\nWITH cascaded CHECK OPTION'], kit(USERS), emptyObjects()))
      .toEqual(['CREATE INDEX `b` ON `users` (`bio`(768),`email`)', 'CREATE VIEW `v` AS select 1\nWITH cascaded CHECK OPTION']);
  });
});

describe('objectStatements', () => {
  it('drops what goes before drizzle-kit runs, makes what comes after it, triggers last', () => {
    const next: ObjectsModel = {
      ...OBJECTS,
      tables: { users: { comment: 'people', columns: { email: { comment: 'login' } }, indexes: { bio_ft: 'FULLTEXT (`bio`, `email`)' } } },
      triggers: [{ ...OBJECTS.triggers[0]!, body: 'SET NEW.email = trim(NEW.email)' }],
      routines: [{ kind: 'FUNCTION', name: 'f', parameters: [], returns: { type: 'int' }, deterministic: true, dataAccess: 'NO SQL', security: 'DEFINER', comment: '', body: 'RETURN 1' }],
    };
    expect(objectStatements(OBJECTS, next, kit(USERS), kit(USERS))).toEqual({
      before: ['DROP TRIGGER `users_bi`', 'DROP INDEX `bio_ft` ON `users`'],
      after: [
        "ALTER TABLE `users` COMMENT='people'",
        "ALTER TABLE `users` MODIFY COLUMN `email` varchar(100) NOT NULL COMMENT 'login'",
        'ALTER TABLE `users` MODIFY COLUMN `seen` datetime(3)',
        'CREATE FULLTEXT INDEX `bio_ft` ON `users` (`bio`, `email`)',
        'CREATE FUNCTION `f`() RETURNS int\n    DETERMINISTIC\n    NO SQL\nRETURN 1',
      ],
      last: ['CREATE TRIGGER `users_bi` BEFORE INSERT ON `users` FOR EACH ROW SET NEW.email = trim(NEW.email)'],
    });
  });

  it('changes the collation of the columns that inherit it with their table, and leaves a column drizzle-kit MODIFYs alone', () => {
    const from: ObjectsModel = { ...emptyObjects(), defaults: { collation: 'utf8mb4_general_ci', charset: 'utf8mb4' } };
    const to: ObjectsModel = { ...emptyObjects(), defaults: { collation: 'utf8mb4_bin', charset: 'utf8mb4' } };
    expect(objectStatements(from, to, kit(USERS), kit(USERS), new Set(['users\0bio'])).after).toEqual([
      'ALTER TABLE `users` DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin',
      'ALTER TABLE `users` MODIFY COLUMN `email` varchar(100) NOT NULL',
    ]);
    expect(objectStatements(to, emptyObjects(), kit(USERS), kit(USERS)).after[0]).toBe('ALTER TABLE `users` DEFAULT CHARSET=DEFAULT');
  });

  it('leaves the options of a new column to its ADD', () => {
    const withNote = kitTable('users', [...Object.values(USERS.columns), column('note', 'varchar(10)')]);
    const to: ObjectsModel = { ...OBJECTS, tables: { users: { ...OBJECTS.tables.users!, columns: { ...OBJECTS.tables.users!.columns, note: { comment: 'new' } } } } };
    expect(objectStatements(OBJECTS, to, kit(USERS), kit(withNote))).toEqual({ before: [], after: [], last: [] });
    expect(decorateStatements(['ALTER TABLE `users` ADD `note` varchar(10) AFTER `seen`'], kit(withNote), to)).toEqual(["ALTER TABLE `users` ADD `note` varchar(10) COMMENT 'new' AFTER `seen`"]);
  });

  it('follows renamed tables and columns', () => {
    const renamed = applyObjectRenames(OBJECTS, [{ kind: 'table', from: 'users', to: 'people' }, { kind: 'column', fromTable: 'users', table: 'people', from: 'bio', to: 'about' }]);
    expect(renamed.tables.people!.indexes).toEqual({ bio_ft: 'FULLTEXT (`about`)' });
    expect(renamed.triggers[0]!.table).toBe('people');
  });
});

describe('snapshots and drift', () => {
  it('keep the objects under their own key, and read an old snapshot as having none', () => {
    const snapshot = withObjects({ ...kit(USERS), id: 'x', prevId: 'base' }, OBJECTS);
    expect(objectsOfSnapshot(snapshot)).toEqual(OBJECTS);
    expect(objectsOfSnapshot(kit(USERS))).toEqual(emptyObjects());
    expect('objects' in withObjects(snapshot, emptyObjects())).toBe(false);
    expect(() => objectsOfSnapshot({ objects: [] })).toThrow('"objects" is not an object');
  });

  it("compares what a table does not declare with the database's defaults", () => {
    const expected = schemaFromSnapshot(kit(USERS));
    const live = (collation: string): CanonicalTable => ({
      ...expected.tables[0]!, options: { engine: 'InnoDB', collation, charset: 'utf8mb4' },
      columns: expected.tables[0]!.columns.map((c) => (c.type.startsWith('varchar') || c.type === 'text' ? { ...c, collation } : c)),
    });
    const defaults = { collation: 'utf8mb4_general_ci', engine: 'InnoDB' };
    expect(diffSchemas(expected, { ...expected, tables: [live('utf8mb4_general_ci')] }, { defaults })).toEqual([]);
    expect(diffSchemas(expected, { ...expected, tables: [live('utf8mb4_bin')] }, { defaults }).map((d) => d.message))
      .toEqual(['~ options of table users: COLLATE=utf8mb4_general_ci in migrations, COLLATE=utf8mb4_bin in database']);
    // Without the database's defaults, what the schema does not say is not compared.
    expect(diffSchemas(expected, { ...expected, tables: [live('utf8mb4_bin')] })).toEqual([]);
  });
});

describe('views', () => {
  it("take the database's own name out of the server's text, even when a table has the same name", () => {
    expect(stripDatabase('select `employees`.`employees`.`emp_no` AS `emp_no`,`employees`.`f`(`employees`.`emp_no`) from `employees`.`employees`', 'employees', new Set(['employees', 'f'])))
      .toBe('select `employees`.`emp_no` AS `emp_no`,`f`(`employees`.`emp_no`) from `employees`');
  });

  it('compare a definition as written with the server\'s rewrite of it', () => {
    expect(normaliseViewDefinition("SELECT k.id, k.code FROM `keys` k JOIN integers i ON i.id = k.ref WHERE k.code != 'x'"))
      .toBe(normaliseViewDefinition("select `k`.`id` AS `id`,`k`.`code` AS `code` from (`keys` `k` join `integers` `i` on(`i`.`id` = `k`.`ref`)) where `k`.`code` <> _utf8mb4'x'"));
  });

  it('are created after the views they read', () => {
    const views = [{ name: 'b', definition: 'select * from `a`' }, { name: 'a', definition: 'select 1' }, { name: 'c', definition: 'select * from b join a' }];
    expect(orderViews(views).map((view) => view.name)).toEqual(['a', 'b', 'c']);
  });
});
