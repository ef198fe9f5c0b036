import type { TestDatabase } from './db.js';
import { pollUntil, type PollOptions } from './poll.js';

/** The engine's default ledger table, spelled out: a test must notice if the persisted name ever changed. */
export const LEDGER = '_migrate_core_ledger';

export interface LedgerState {
  readonly id: string;
  readonly state: string;
  readonly statements_done: number;
  readonly statements_total: number;
  /** The statement that may have started without its progress recorded (see the engine's pre-state), or null. */
  readonly pre_index: number | null;
  readonly error: string | null;
}

/** The ledger rows of a database, by seq; empty when the table does not exist. */
export async function ledgerOf(db: TestDatabase): Promise<LedgerState[]> {
  if (!(await db.tables()).includes(LEDGER)) return [];
  return db.query<LedgerState[]>(`SELECT id, state, statements_done, statements_total, pre_index, error FROM \`${LEDGER}\` ORDER BY seq`);
}

/** The ledger row of migration `id`, or undefined. */
export async function ledgerRowOf(db: TestDatabase, id: string): Promise<LedgerState | undefined> {
  return (await ledgerOf(db)).find((row) => row.id === id);
}

/** Waits until the ledger row of `id` (undefined while there is none) satisfies `done`, and returns it. */
export function waitForLedger(db: TestDatabase, id: string, what: string, done: (row: LedgerState | undefined) => boolean,
  options?: PollOptions): Promise<LedgerState | undefined> {
  return pollUntil(`the ledger row of ${id} to show ${what}`, () => ledgerRowOf(db, id), done, options);
}

/** `{ step: count }` of a side-effect table with a `step` column: each execution of an INSERT adds one. */
export async function executionsOf(db: TestDatabase, table: string): Promise<Record<string, number>> {
  const rows = await db.query<Array<{ step: string | number; n: number }>>(`SELECT step, COUNT(*) AS n FROM \`${table}\` GROUP BY step ORDER BY step`);
  return Object.fromEntries(rows.map((row) => [String(row.step), Number(row.n)]));
}
