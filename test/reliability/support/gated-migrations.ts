import { executionsOf } from '../../support/ledger.js';
import type { TestDatabase } from '../../support/db.js';
import { tableGate, userLockGate, type Gate } from '../../support/gates.js';
import type { MigrationFiles } from '../../support/workspace.js';

/**
 * A workspace's migrations in which every statement of `long` can be stopped at a gate the test holds, and
 * whose effects can be counted: each data statement inserts one row into `effects`; each DDL statement
 * changes a table of its own (made by SETUP), so that a table lock of the test stops it.
 */
export const IDS = { first: '20260501000001_first', long: '20260501000002_long', after: '20260501000003_after' } as const;

/** What the database holds before the first run (an existing database the migrations change). */
export const SETUP = [
  'CREATE TABLE effects (id int AUTO_INCREMENT PRIMARY KEY, step varchar(16) NOT NULL, gate int NULL)',
  'CREATE TABLE t2 (id int PRIMARY KEY)',
  'CREATE TABLE t4 (id int PRIMARY KEY, v int)',
  'CREATE TABLE t6 (id int PRIMARY KEY, old int)',
  'CREATE TABLE t8 (id int PRIMARY KEY, a int)',
].join(';\n');

/**
 * 300 kB of a string literal the statement sends (comments are not sent): the executor sends at most 512 KiB in
 * one round trip, so statement 7 starts a second batch. A client killed during the first batch leaves the server
 * running statements 1-6 only.
 */
const PADDING = 'x'.repeat(300_000);

export type Kind = 'data' | 'ddl';

interface GatedStatement {
  readonly kind: Kind;
  /** The statement, for a database named `database` (user lock names must be unique on the server). */
  sql(database: string): string;
}

/** The user lock a data statement of `long` waits for: the test holds it to stop that statement. */
export const gateName = (database: string, index: number) => `${database}:${index}`;

const insert = (index: number, padding?: string): GatedStatement => ({
  kind: 'data',
  sql: (database) => (padding === undefined
    ? `INSERT INTO effects (step, gate) VALUES ('${index}', GET_LOCK('${gateName(database, index)}', 600));`
    : `INSERT INTO effects (step, gate) SELECT '${index}', GET_LOCK('${gateName(database, index)}', 600) FROM DUAL WHERE '${padding}' <> '';`),
});
const ddl = (sql: string): GatedStatement => ({ kind: 'ddl', sql: () => sql });

/** The statements of `long`, 1-based: statement k of the file is LONG[k - 1]; DDL statement k changes table t<k>. */
export const LONG: readonly GatedStatement[] = [
  insert(1),
  ddl('ALTER TABLE t2 ADD COLUMN w int;'),
  insert(3),
  ddl('CREATE INDEX t4_v ON t4 (v);'),
  insert(5, PADDING),
  ddl('ALTER TABLE t6 DROP COLUMN old;'),
  insert(7, PADDING),
  ddl('ALTER TABLE t8 RENAME COLUMN a TO b;'),
  insert(9),
];

/** The statements the server has received while statement k runs: those of its batch (1-6, then 7-9). */
export const lastOfBatch = (k: number) => (k <= 6 ? 6 : LONG.length);

export function gatedMigrations(database: string): Record<string, MigrationFiles> {
  return {
    [IDS.first]: { up: "INSERT INTO effects (step) VALUES ('first');\n" },
    [IDS.long]: { up: `${LONG.map((statement) => statement.sql(database)).join('\n')}\n` },
    [IDS.after]: { up: "INSERT INTO effects (step) VALUES ('after');\n" },
  };
}

/** A gate that stops statement k of `long` before it takes effect: a user lock for data, a table lock for DDL. */
export function gateBefore(db: TestDatabase, k: number): Promise<Gate> {
  return LONG[k - 1]!.kind === 'data' ? userLockGate(db, gateName(db.name, k)) : tableGate(db, `t${k}`);
}

/** How many times each statement has taken effect: `first`, `after`, and `1`..`9` for those of `long`. */
export async function effectsOf(db: TestDatabase): Promise<Record<string, number>> {
  const rows = await executionsOf(db, 'effects');
  const columns = await db.query<Array<{ name: string }>>(
    "SELECT CONCAT(TABLE_NAME, '.', COLUMN_NAME) AS name FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() UNION " +
    "SELECT CONCAT(TABLE_NAME, '#', INDEX_NAME) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE()");
  const has = (name: string) => (columns.some((column) => column.name === name) ? 1 : 0);
  // A rename half done (both columns, or neither) counts as -1: never expected.
  const renamed = has('t8.b') === 1 - has('t8.a') ? has('t8.b') : -1;
  const ddlEffects = { 2: has('t2.w'), 4: has('t4#t4_v'), 6: 1 - has('t6.old'), 8: renamed };
  const effects: Record<string, number> = { first: rows.first ?? 0, after: rows.after ?? 0 };
  LONG.forEach((statement, i) => {
    const k = i + 1;
    effects[k] = statement.kind === 'data' ? rows[k] ?? 0 : ddlEffects[k as keyof typeof ddlEffects];
  });
  return effects;
}

/** The effects when `first` ran, statements 1..done of `long` ran, and (`ahead`) statement done + 1 too. */
export function expectedEffects(done: number, options: { ahead?: boolean; after?: boolean } = {}): Record<string, number> {
  const effects: Record<string, number> = { first: 1, after: options.after ? 1 : 0 };
  LONG.forEach((_, i) => {
    effects[i + 1] = i + 1 <= done || (options.ahead && i + 1 === done + 1) ? 1 : 0;
  });
  return effects;
}
