import type { TestDatabase } from '../../support/db.js';

export const LEDGER = '_migrate_core_ledger';

export interface LedgerState {
  readonly id: string;
  readonly state: string;
  readonly statements_done: number;
  readonly statements_total: number;
}

/** The ledger rows of a database, by seq; empty when the table does not exist. */
export async function ledgerOf(db: TestDatabase): Promise<LedgerState[]> {
  if (!(await db.tables()).includes(LEDGER)) return [];
  return db.query<LedgerState[]>(`SELECT id, state, statements_done, statements_total FROM \`${LEDGER}\` ORDER BY seq`);
}

/** `{ step: count }` of a side-effect table with a `step` column: each execution of an INSERT adds one. */
export async function executionsOf(db: TestDatabase, table: string): Promise<Record<string, number>> {
  const rows = await db.query<Array<{ step: string | number; n: number }>>(`SELECT step, COUNT(*) AS n FROM \`${table}\` GROUP BY step ORDER BY step`);
  return Object.fromEntries(rows.map((row) => [String(row.step), Number(row.n)]));
}
