import type { Session } from '../db/session.js';
import type { LedgerRow } from '../model.js';
import { ledgerSql, toLedgerRow, type LedgerSql, type SqlCommand } from './ledger-sql.js';

const NO_SUCH_TABLE = 1146;

/** The ledger table of one database, read and written on the migration session. */
export interface Ledger {
  readonly table: string;
  readonly sql: LedgerSql;
  /** Every row, by seq; empty when the table does not exist yet (a read never creates it). */
  list(): Promise<LedgerRow[]>;
  /** Every row, by seq, creating the table first when it does not exist (for runs that will write). */
  listCreating(): Promise<LedgerRow[]>;
  run(command: SqlCommand): Promise<void>;
  /** How many statements the row of `id` records as done; undefined when there is no row. */
  statementsDone(id: string): Promise<number | undefined>;
}

export function createMysqlLedger(session: Session, table: string): Ledger {
  const sql = ledgerSql(table);
  /** The rows, or undefined when the table does not exist. */
  const readRows = async (): Promise<LedgerRow[] | undefined> => {
    try {
      const raw = await session.query<Record<string, unknown>[]>(sql.list().sql);
      return raw.map(toLedgerRow);
    } catch (error) {
      if ((error as { errno?: number }).errno === NO_SUCH_TABLE) return undefined;
      throw error;
    }
  };
  return {
    table,
    sql,
    async list() {
      return (await readRows()) ?? [];
    },
    async listCreating() {
      const rows = await readRows();
      if (rows !== undefined) return rows;
      await session.query(sql.createTable().sql);
      return [];
    },
    async run(command) {
      await session.query(command.sql, command.values);
    },
    async statementsDone(id) {
      const { sql: text, values } = sql.statementsDone({ id });
      const rows = await session.query<Array<{ statements_done: number }>>(text, values);
      return rows[0] === undefined ? undefined : Number(rows[0].statements_done);
    },
  };
}
