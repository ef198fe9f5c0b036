// A fleet on the test server for the CLI tests: N databases named <prefix>_NNN, a workspace whose service
// `tenants` matches them, migrations that record each execution, and one query that reads every ledger.
import { onTestFinished } from 'vitest';
import { serverUrl, sql, uniqueName } from '../../../../test/support/db.js';
import { makeWorkspace, type TempWorkspace } from '../../../../test/support/workspace.js';

export const M1 = '20260601000001_create_items';
export const M2 = '20260601000002_add_note';
export const M3 = '20260601000003_seed';
export const LEDGER = '_migrate_core_ledger';

/**
 * Each migration records that it ran in `effects` (an INSERT runs exactly once, or the ledger would be wrong);
 * `pause` adds a statement that waits that long, so that a fleet run lasts long enough to be interrupted.
 */
export function fleetMigrations(pause = 0): Record<string, { up: string; down: string }> {
  const wait = pause > 0 ? `DO SLEEP(${pause});\n` : '';
  return {
    [M1]: { up: `CREATE TABLE effects (id int AUTO_INCREMENT PRIMARY KEY, step varchar(64) NOT NULL);\nINSERT INTO effects (step) VALUES ('${M1}');\n`, down: 'DROP TABLE effects;\n' },
    [M2]: { up: `${wait}CREATE TABLE items (id int PRIMARY KEY, note text);\nINSERT INTO effects (step) VALUES ('${M2}');\n`, down: `DROP TABLE items;\nDELETE FROM effects WHERE step = '${M2}';\n` },
    [M3]: { up: `INSERT INTO items (id, note) VALUES (1, 'seed');\nINSERT INTO effects (step) VALUES ('${M3}');\n`, down: `DELETE FROM items WHERE id = 1;\nDELETE FROM effects WHERE step = '${M3}';\n` },
  };
}

export interface Fleet {
  readonly prefix: string;
  readonly databases: readonly string[];
  readonly ws: TempWorkspace;
  readonly env: Record<string, string>;
  /** Applied rows of every ledger: { database: [ids in order] } (a database without a ledger has []). */
  ledgers(): Promise<Record<string, string[]>>;
  /** { database: { step: executions } } */
  effects(): Promise<Record<string, Record<string, number>>>;
}

const name = (prefix: string, i: number) => `${prefix}_${String(i).padStart(3, '0')}`;

/**
 * Creates `count` empty databases and a workspace whose service `tenants` is the fleet `{ match: "<prefix>_*" }`.
 * Call it inside a test: the databases and the workspace are removed when the test ends.
 */
export async function makeFleet(label: string, count: number,
  options: { pause?: number; config?: (prefix: string, databases: readonly string[]) => Record<string, unknown> } = {}): Promise<Fleet> {
  const prefix = uniqueName(label).slice(0, 40);
  const databases = Array.from({ length: count }, (_, i) => name(prefix, i + 1));
  onTestFinished(() => sql(serverUrl(), databases.map((db) => `DROP DATABASE IF EXISTS \`${db}\``).join(';')));
  await sql(serverUrl(), databases.map((db) => `CREATE DATABASE \`${db}\``).join(';'));
  const ws = makeWorkspace({ tenants: { config: options.config?.(prefix, databases) ?? { databases: { match: `${prefix}_*` } }, migrations: fleetMigrations(options.pause) } });
  onTestFinished(() => ws.cleanup());
  /** The fleet's databases that have `table`. */
  const holding = async (table: string) => new Set((await sql<Array<{ t: string }>>(serverUrl(),
    'SELECT TABLE_SCHEMA AS t FROM information_schema.TABLES WHERE TABLE_NAME = ? AND TABLE_SCHEMA LIKE ?', [table, `${prefix}\\_%`])).map((r) => r.t));
  /** One UNION ALL over the databases that have the table. */
  const union = async (table: string, select: (db: string) => string) => {
    const have = await holding(table);
    const parts = databases.filter((db) => have.has(db)).map(select);
    return parts.length === 0 ? [] : sql<Array<Record<string, unknown>>>(serverUrl(), parts.join(' UNION ALL '));
  };
  return {
    prefix, databases, ws, env: { DATABASE_URL: serverUrl() },
    async ledgers() {
      const out: Record<string, string[]> = Object.fromEntries(databases.map((db) => [db, []]));
      for (const row of await union(LEDGER, (db) => `(SELECT '${db}' AS db, id, seq FROM \`${db}\`.\`${LEDGER}\` WHERE state = 'applied')`)) {
        out[String(row.db)]!.push(String(row.id));
      }
      for (const ids of Object.values(out)) ids.sort();
      return out;
    },
    async effects() {
      const out: Record<string, Record<string, number>> = Object.fromEntries(databases.map((db) => [db, {}]));
      for (const row of await union('effects', (db) => `(SELECT '${db}' AS db, step, COUNT(*) AS n FROM \`${db}\`.effects GROUP BY step)`)) {
        out[String(row.db)]![String(row.step)] = Number(row.n);
      }
      return out;
    },
  };
}

/** Every database with exactly these migrations applied, each run exactly once. */
export const allApplied = (databases: readonly string[], ids: readonly string[]) => Object.fromEntries(databases.map((db) => [db, [...ids]]));
export const eachOnce = (databases: readonly string[], ids: readonly string[]) => Object.fromEntries(databases.map((db) => [db, Object.fromEntries(ids.map((id) => [id, 1]))]));
