import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitStatements } from '../../src/statements.js';
import { runCli } from '../../../../test/support/cli.js';
import { createTestDatabase, serverUrl, type TestDatabase } from '../../../../test/support/db.js';
import { makeWorkspace, type TempWorkspace } from '../../../../test/support/workspace.js';

// A schema's life in eight generated migrations, each covering kinds of change: generated with the CLI, applied
// on the real server statement by statement, rolled back and applied again.
const HEAD = "import { bigint, boolean, decimal, index, int, mysqlTable, serial, text, timestamp, unique, varchar } from 'drizzle-orm/mysql-core';\n";
const USERS_V1 = "id: int('id').autoincrement().primaryKey(), email: varchar('email', { length: 100 }).notNull(), name: text('name')";
const POSTS_V1 = "id: serial('id').primaryKey(), userId: int('user_id').notNull().references(() => users.id), title: varchar('title', { length: 200 })";

interface Version {
  readonly name: string;
  readonly schema: string;
  readonly flags?: readonly string[];
}

const VERSIONS: readonly Version[] = [
  { name: 'create tables with a foreign key and serial', schema: `${HEAD}
export const users = mysqlTable('users', { ${USERS_V1} });
export const posts = mysqlTable('posts', { ${POSTS_V1} });` },
  { name: 'add columns with defaults', schema: `${HEAD}
export const users = mysqlTable('users', { ${USERS_V1}, age: int('age').default(18), createdAt: timestamp('created_at').defaultNow().notNull() });
export const posts = mysqlTable('posts', { id: serial('id').primaryKey(), userId: int('user_id').notNull().references(() => users.id),
  price: decimal('price', { precision: 10, scale: 2 }), title: varchar('title', { length: 200 }), published: boolean('published').default(false) });` },
  { name: 'index and unique', schema: `${HEAD}
export const users = mysqlTable('users', { id: int('id').autoincrement().primaryKey(), email: varchar('email', { length: 100 }).notNull().unique(), name: text('name'),
  age: int('age').default(18), createdAt: timestamp('created_at').defaultNow().notNull() }, (t) => [index('users_age_idx').on(t.age)]);
export const posts = mysqlTable('posts', { id: serial('id').primaryKey(), userId: int('user_id').notNull().references(() => users.id),
  price: decimal('price', { precision: 10, scale: 2 }), title: varchar('title', { length: 200 }), published: boolean('published').default(false) },
  (t) => [index('posts_user_title_idx').on(t.userId, t.title)]);` },
  { name: 'alter columns and defaults', flags: ['--allow-data-loss'], schema: `${HEAD}
export const users = mysqlTable('users', { id: int('id').autoincrement().primaryKey(), email: varchar('email', { length: 150 }).notNull().unique(), name: varchar('name', { length: 80 }).notNull().default('anon'),
  age: bigint('age', { mode: 'number' }).default(21), createdAt: timestamp('created_at').defaultNow().notNull() }, (t) => [index('users_age_idx').on(t.age)]);
export const posts = mysqlTable('posts', { id: serial('id').primaryKey(), userId: int('user_id').notNull().references(() => users.id),
  price: decimal('price', { precision: 12, scale: 2 }), title: varchar('title', { length: 200 }).notNull(), published: boolean('published') });` },
  { name: 'foreign keys', schema: `${HEAD}
export const users = mysqlTable('users', { id: int('id').autoincrement().primaryKey(), email: varchar('email', { length: 150 }).notNull().unique(), name: varchar('name', { length: 80 }).notNull().default('anon'),
  age: bigint('age', { mode: 'number' }).default(21), createdAt: timestamp('created_at').defaultNow().notNull() }, (t) => [index('users_age_idx').on(t.age)]);
export const posts = mysqlTable('posts', { id: serial('id').primaryKey(), userId: int('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  price: decimal('price', { precision: 12, scale: 2 }), title: varchar('title', { length: 200 }).notNull(), published: boolean('published') });
export const tags = mysqlTable('tags', { id: int('id').autoincrement().primaryKey(), postId: bigint('post_id', { mode: 'number', unsigned: true }).references(() => posts.id),
  label: varchar('label', { length: 20 }) }, (t) => [unique('tags_label_post_u').on(t.label, t.postId)]);` },
  { name: 'renames', flags: ['--rename', 'users.name=users.full_name', '--rename', 'tags=labels'], schema: `${HEAD}
export const users = mysqlTable('users', { id: int('id').autoincrement().primaryKey(), email: varchar('email', { length: 150 }).notNull().unique(), fullName: varchar('full_name', { length: 80 }).notNull().default('anon'),
  age: bigint('age', { mode: 'number' }).default(21), createdAt: timestamp('created_at').defaultNow().notNull() }, (t) => [index('users_age_idx').on(t.age)]);
export const posts = mysqlTable('posts', { id: serial('id').primaryKey(), userId: int('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  price: decimal('price', { precision: 12, scale: 2 }), title: varchar('title', { length: 200 }).notNull(), published: boolean('published') });
export const labels = mysqlTable('labels', { id: int('id').autoincrement().primaryKey(), postId: bigint('post_id', { mode: 'number', unsigned: true }).references(() => posts.id),
  label: varchar('label', { length: 20 }) }, (t) => [unique('tags_label_post_u').on(t.label, t.postId)]);` },
  { name: 'drop an indexed column and a referenced table', flags: ['--allow-data-loss'], schema: `${HEAD}
export const users = mysqlTable('users', { id: int('id').autoincrement().primaryKey(), email: varchar('email', { length: 150 }).notNull().unique(), fullName: varchar('full_name', { length: 80 }).notNull().default('anon'),
  createdAt: timestamp('created_at').defaultNow().notNull() });
export const posts = mysqlTable('posts', { id: serial('id').primaryKey(), userId: int('user_id').notNull(), price: decimal('price', { precision: 12, scale: 2 }),
  title: varchar('title', { length: 200 }).notNull(), published: boolean('published') });` },
  { name: 'replace a column without renaming', flags: ['--no-renames', '--allow-data-loss'], schema: `${HEAD}
export const users = mysqlTable('users', { id: int('id').autoincrement().primaryKey(), email: varchar('email', { length: 150 }).notNull().unique(), fullName: varchar('full_name', { length: 80 }).notNull().default('anon'),
  createdAt: timestamp('created_at').defaultNow().notNull() });
export const posts = mysqlTable('posts', { id: serial('id').primaryKey(), userId: int('user_id').notNull(), price: decimal('price', { precision: 12, scale: 2 }),
  headline: varchar('headline', { length: 120 }), published: boolean('published') });` },
];

const QUERIES: Record<string, string> = {
  TABLES: 'SELECT TABLE_NAME, TABLE_TYPE, ENGINE, TABLE_COLLATION FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?',
  COLUMNS: `SELECT TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, COLUMN_DEFAULT, IS_NULLABLE, COLUMN_TYPE, COLUMN_KEY, EXTRA, CHARACTER_SET_NAME, COLLATION_NAME
    FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ?`,
  STATISTICS: 'SELECT TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX, COLUMN_NAME, NON_UNIQUE, SUB_PART, INDEX_TYPE FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ?',
  KEY_COLUMN_USAGE: `SELECT CONSTRAINT_NAME, TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME
    FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = ?`,
  REFERENTIAL_CONSTRAINTS: `SELECT CONSTRAINT_NAME, TABLE_NAME, REFERENCED_TABLE_NAME, UNIQUE_CONSTRAINT_NAME, UPDATE_RULE, DELETE_RULE
    FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = ?`,
  TABLE_CONSTRAINTS: 'SELECT CONSTRAINT_NAME, TABLE_NAME, CONSTRAINT_TYPE FROM information_schema.TABLE_CONSTRAINTS WHERE TABLE_SCHEMA = ?',
};

/** The database's schema as sorted information_schema rows, the ledger table left out. */
async function schemaOf(db: TestDatabase): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const [name, query] of Object.entries(QUERIES)) {
    const rows = await db.query<Array<Record<string, unknown>>>(query, [db.name]);
    out[name] = rows.filter((row) => row.TABLE_NAME !== '_migrate_core_ledger').map((row) => JSON.stringify(row)).sort();
  }
  return out;
}

async function runFile(db: TestDatabase, path: string): Promise<void> {
  for (const statement of splitStatements(readFileSync(path, 'utf8'))) {
    await db.query(statement.sql).catch((error: Error) => {
      throw new Error(`${path}:${statement.line}: ${error.message}\n${statement.sql}`);
    });
  }
}

describe('generated migrations round-trip on the real server', () => {
  let ws: TempWorkspace;
  let db: TestDatabase;
  let fresh: TestDatabase;
  let ids: string[] = [];
  const dir = () => join(ws.serviceDir('rt'), 'migrations');

  beforeAll(async () => {
    db = await createTestDatabase('gen_rt');
    fresh = await createTestDatabase('gen_rt_fresh');
    ws = makeWorkspace({ rt: { database: db.name, schema: VERSIONS[0]!.schema }, squashed: { database: fresh.name, schema: VERSIONS.at(-1)!.schema } });
    for (const version of VERSIONS) {
      ws.write('services/rt/src/schema.ts', version.schema);
      const result = await runCli(['generate', '--service', 'rt', '--name', version.name, ...(version.flags ?? [])], { cwd: ws.root });
      expect(result.code, `${version.name}\n${result.stdout}\n${result.stderr}`).toBe(0);
    }
    ids = readdirSync(dir()).sort();
  }, 120_000);

  afterAll(async () => {
    ws?.cleanup();
    await db?.drop();
    await fresh?.drop();
  });

  it('writes one migration per change, which check accepts', async () => {
    expect(ids.map((id) => id.replace(/^\d{14}_/, ''))).toEqual(VERSIONS.map((v) => v.name.replace(/ /g, '_')));
    const check = await runCli(['check', '--service', 'rt', '--json'], { cwd: ws.root });
    expect(check.code, check.stdout + check.stderr).toBe(0);
    const report = JSON.parse(check.stdout) as { migrations: number; shadow: { proven: boolean }; warnings: Array<{ code: string; message: string }> };
    expect(report.migrations).toBe(8);
    // The shadow proof ran each of them up, down (restoring the schema before its up) and up again.
    expect(report.shadow.proven).toBe(true);
    // The lint names what would hurt a filled table, e.g. the column type changes the server does by copying.
    expect(report.warnings.map((w) => w.code)).toEqual(expect.arrayContaining(['NEW_UNIQUE', 'TABLE_COPY', 'NOT_NULL_NO_DEFAULT', 'NARROW_TYPE', 'DROP_TABLE', 'DROP_COLUMN']));
  });

  it('up, down, up: each down restores exactly the state before its up, and up again the state after', async () => {
    const states: Record<string, string[]>[] = [await schemaOf(db)];
    for (const [i, id] of ids.entries()) {
      await runFile(db, join(dir(), id, 'up.sql'));
      states.push(await schemaOf(db));
      await runFile(db, join(dir(), id, 'down.sql'));
      expect(await schemaOf(db), `down of ${id}`).toEqual(states[i]);
      await runFile(db, join(dir(), id, 'up.sql'));
      expect(await schemaOf(db), `up again of ${id}`).toEqual(states[i + 1]);
    }
    for (const [i, id] of [...ids.entries()].reverse()) {
      await runFile(db, join(dir(), id, 'down.sql'));
      expect(await schemaOf(db), `rolling all back: down of ${id}`).toEqual(states[i]);
    }
    expect(await db.tables()).toEqual([]);
  });

  it('leaves the same schema as one migration generated from the final schema', async () => {
    for (const id of ids) await runFile(db, join(dir(), id, 'up.sql'));
    const squashed = await runCli(['generate', '--service', 'squashed', '--name', 'all at once'], { cwd: ws.root });
    expect(squashed.code, squashed.stderr).toBe(0);
    const [only] = readdirSync(join(ws.serviceDir('squashed'), 'migrations'));
    await runFile(fresh, join(ws.serviceDir('squashed'), 'migrations', only!, 'up.sql'));
    expect(await schemaOf(db)).toEqual(await schemaOf(fresh));
    const last = JSON.parse(readFileSync(join(dir(), ids.at(-1)!, 'snapshot.json'), 'utf8'));
    const single = JSON.parse(readFileSync(join(ws.serviceDir('squashed'), 'migrations', only!, 'snapshot.json'), 'utf8'));
    expect(last.tables).toEqual(single.tables);
  });

  it('runs through the engine: migrate, rollback to base, migrate', async () => {
    const env = { DATABASE_URL: serverUrl() };
    const target = await createTestDatabase('gen_rt_engine');
    try {
      ws.write('services/rt/migrate.config.json', JSON.stringify({ database: target.name }));
      for (const argv of [['migrate'], ['rollback', '--to', 'base'], ['migrate']]) {
        const result = await runCli([argv[0]!, '--service', 'rt', ...argv.slice(1)], { cwd: ws.root, env });
        expect(result.code, `${argv.join(' ')}\n${result.stdout}\n${result.stderr}`).toBe(0);
      }
      const rows = await target.query<Array<{ id: string }>>('SELECT id FROM _migrate_core_ledger ORDER BY id');
      expect(rows.map((row) => row.id)).toEqual(ids);
      await target.query('INSERT INTO users (email) VALUES (?)', ['a@example.com']);
      expect(await target.query('SELECT full_name FROM users')).toEqual([{ full_name: 'anon' }]);
    } finally {
      await target.drop();
    }
  });
});
