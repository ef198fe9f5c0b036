// Generated ALTERs of existing tables, run on the server: a changed column keeps every part of its definition
// (a default of 0 or false too), and a renamed key that another table's foreign key references is replaced
// without the server refusing to drop it. Each change is applied, checked by drift, rolled back and applied again.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, serverUrl, type TestDatabase } from '../../../../test/support/db.js';
import { makeWorkspace, type TempWorkspace } from '../../../../test/support/workspace.js';
import { runMain } from './support.js';

const cleanups: Array<() => unknown> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** The CLI in this process (the sources, not the built bundle), on service `svc`: its output, stdout then stderr. */
async function run(ws: TempWorkspace, args: readonly string[]): Promise<{ code: number; out: string }> {
  const { code, stdout, stderr } = await runMain(ws.root, [args[0]!, '--service', 'svc', ...args.slice(1)], { DATABASE_URL: serverUrl() });
  return { code, out: stdout + stderr };
}

async function ok(ws: TempWorkspace, args: readonly string[]): Promise<string> {
  const result = await run(ws, args);
  expect(result.code, `${args.join(' ')}\n${result.out}`).toBe(0);
  return result.out;
}

async function expectInSync(ws: TempWorkspace): Promise<void> {
  expect(await ok(ws, ['drift'])).toContain('in sync');
}

/** The migration folder generate wrote last: its up and down. */
function lastMigration(ws: TempWorkspace): { up: string; down: string } {
  const migrations = join(ws.serviceDir('svc'), 'migrations');
  const folder = join(migrations, readdirSync(migrations).filter((name) => /^\d/.test(name)).sort().at(-1)!);
  return { up: readFileSync(join(folder, 'up.sql'), 'utf8'), down: readFileSync(join(folder, 'down.sql'), 'utf8') };
}

/**
 * `before` generated and applied, then `after` generated with `args` and applied; drift is clean after it, after
 * rolling it back, and after applying it again. Returns the second migration's files and the database.
 */
async function change(before: string, after: string, args: readonly string[] = []): Promise<{ up: string; down: string; db: TestDatabase }> {
  const db = await createTestDatabase('gen_alter', { create: false });
  const ws = makeWorkspace({ svc: { database: db.name, schema: before } });
  cleanups.push(() => ws.cleanup(), () => db.drop());
  await ok(ws, ['generate', '--name', 'before']);
  await ok(ws, ['migrate', '--create-database']);
  ws.write('services/svc/src/schema.ts', after);
  await ok(ws, ['generate', '--name', 'after', ...args]);
  const files = lastMigration(ws);
  await ok(ws, ['migrate']);
  await expectInSync(ws);
  await ok(ws, ['rollback', '--allow-data-loss']);
  await expectInSync(ws);
  await ok(ws, ['migrate']);
  await expectInSync(ws);
  expect(lastMigration(ws)).toEqual(files);
  return { ...files, db };
}

async function columnDefaults(db: TestDatabase, table: string): Promise<Record<string, string | null>> {
  const rows = await db.query<Array<{ c: string; d: string | null }>>(
    'SELECT COLUMN_NAME AS c, COLUMN_DEFAULT AS d FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION', [table]);
  return Object.fromEntries(rows.map((row) => [row.c, row.d]));
}

const IMPORTS = "import { bigint, boolean, double, int, mysqlTable, varchar } from 'drizzle-orm/mysql-core';\n";

describe('generate: changed columns keep their whole definition', () => {
  it('keeps falsy defaults through a type change, a new NOT NULL and a new default, up and down', async () => {
    const before = `${IMPORTS}export const a = mysqlTable('a', {
  id: int('id').primaryKey(),
  z4: int('z4').notNull().default(0),
  g: boolean('g'),
  score: double('score'),
  flag: boolean('flag').notNull().default(false),
  label: varchar('label', { length: 20 }).notNull().default(''),
});
`;
    const after = `${IMPORTS}export const a = mysqlTable('a', {
  id: int('id').primaryKey(),
  z4: bigint('z4', { mode: 'number' }).notNull().default(0),
  g: boolean('g').notNull().default(false),
  score: double('score').notNull().default(0),
  flag: boolean('flag').default(false),
  label: varchar('label', { length: 40 }).notNull().default(''),
});
`;
    const { up, down, db } = await change(before, after);
    expect(up).toContain('MODIFY COLUMN `z4` bigint NOT NULL DEFAULT 0;');
    expect(up).toContain('MODIFY COLUMN `g` boolean NOT NULL DEFAULT false;');
    expect(up).toContain('MODIFY COLUMN `score` double NOT NULL DEFAULT 0;');
    expect(up).toContain('MODIFY COLUMN `flag` boolean DEFAULT false;');
    expect(up).toContain("MODIFY COLUMN `label` varchar(40) NOT NULL DEFAULT '';");
    expect(up.match(/MODIFY COLUMN `g`/g)).toHaveLength(1);
    expect(down).toContain('MODIFY COLUMN `z4` int NOT NULL DEFAULT 0;');
    expect(down).toContain('MODIFY COLUMN `flag` boolean NOT NULL DEFAULT false;');
    expect(await columnDefaults(db, 'a')).toEqual({ id: null, z4: '0', g: '0', score: '0', flag: '0', label: "''" });
  });
});

describe('generate: keys that foreign keys of other tables reference', () => {
  const schema = (column: string) => `import { foreignKey, int, mysqlTable, varchar } from 'drizzle-orm/mysql-core';
export const p = mysqlTable('p', {
  id: int('id').primaryKey(),
  ${column}: varchar('${column}', { length: 20 }).unique(),
});
export const c = mysqlTable('c', {
  id: int('id').primaryKey(),
  pcode: varchar('pcode', { length: 20 }),
}, (t) => [foreignKey({ columns: [t.pcode], foreignColumns: [p.${column}], name: 'c_p' })]);
`;

  it('adds the renamed unique key before dropping the old one, up and down', async () => {
    const { up, down, db } = await change(schema('code'), schema('sku'), ['--rename', 'p.code=p.sku']);
    expect(up.indexOf('ADD CONSTRAINT `p_sku_unique`')).toBeLessThan(up.indexOf('DROP INDEX `p_code_unique`'));
    expect(down.indexOf('ADD CONSTRAINT `p_code_unique`')).toBeLessThan(down.indexOf('DROP INDEX `p_sku_unique`'));
    const [fk] = await db.query<Array<{ n: string }>>(
      "SELECT CONSTRAINT_NAME AS n FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE() AND TABLE_NAME = 'c'");
    expect(fk?.n).toBe('c_p');
  });

  it('drops the foreign keys that use a dropped unique key before it, on either side', async () => {
    const before = `import { foreignKey, int, mysqlTable, varchar } from 'drizzle-orm/mysql-core';
export const p = mysqlTable('p', {
  id: int('id').primaryKey(),
  code: varchar('code', { length: 20 }).unique(),
});
export const c = mysqlTable('c', {
  id: int('id').primaryKey(),
  pcode: varchar('pcode', { length: 20 }).unique(),
}, (t) => [foreignKey({ columns: [t.pcode], foreignColumns: [p.code], name: 'c_p' })]);
`;
    const after = `import { int, mysqlTable, varchar } from 'drizzle-orm/mysql-core';
export const p = mysqlTable('p', {
  id: int('id').primaryKey(),
  code: varchar('code', { length: 20 }),
});
export const c = mysqlTable('c', {
  id: int('id').primaryKey(),
  pcode: varchar('pcode', { length: 20 }),
});
`;
    const { up } = await change(before, after);
    expect(up.indexOf('DROP FOREIGN KEY `c_p`')).toBeLessThan(up.indexOf('DROP INDEX `p_code_unique`'));
    expect(up.indexOf('DROP FOREIGN KEY `c_p`')).toBeLessThan(up.indexOf('DROP INDEX `c_pcode_unique`'));
  });
});
