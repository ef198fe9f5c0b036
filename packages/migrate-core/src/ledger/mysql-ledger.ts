import { isServerError } from '../db/server-errors.js';
import type { Session } from '../db/session.js';
import type { LedgerRow } from '../model.js';
import { withVerbs, type Ledger } from './ledger.js';
import { DEFAULT_LEDGER_TABLE, ledgerSql, toLedgerRow, type LedgerSql } from './ledger-sql.js';

/** The ledger table of one database, read and written on the migration session. */
export interface MysqlLedger extends Ledger {
  /** The table's SQL: a step's writes are rendered with it and sent in the same round trip as its statements. */
  readonly sql: LedgerSql;
}

/**
 * The ledger in table `table` of the session's database.
 *
 * @example
 * const rows = await createMysqlLedger(session).list();   // [] until the first migrate creates the table
 */
export function createMysqlLedger(session: Session, table: string = DEFAULT_LEDGER_TABLE): MysqlLedger {
  const sql = ledgerSql(table, session.database);
  /** The rows; undefined when the table does not exist, 'old' when it lacks the columns added since. */
  const readRows = async (): Promise<LedgerRow[] | undefined | 'old'> => {
    try {
      const raw = await session.query<Record<string, unknown>[]>(sql.list().sql);
      return raw.map(toLedgerRow);
    } catch (error) {
      if (isServerError(error, 'ER_NO_SUCH_TABLE')) return undefined;
      if (isServerError(error, 'ER_BAD_FIELD_ERROR')) return 'old';
      throw error;
    }
  };
  const readAny = async () => (await session.query<Record<string, unknown>[]>(sql.listAny().sql)).map(toLedgerRow);
  return withVerbs({
    table,
    sql,
    async list() {
      const rows = await readRows();
      return rows === 'old' ? readAny() : (rows ?? []);
    },
    async prepare() {
      // The table is created on the first run that needs it, and brought up to date the same way: no DDL on every run.
      const rows = await readRows();
      if (rows === 'old') {
        await session.query(sql.addPreColumns().sql);
        return readAny();
      }
      if (rows !== undefined) return rows;
      await session.query(sql.createTable().sql);
      return [];
    },
    async write(write) {
      const command = sql.write(write);
      await session.query(command.sql, command.values);
    },
    async statementsDone(id) {
      const { sql: text, values } = sql.statementsDone({ id });
      const rows = await session.query<Array<{ statements_done: number }>>(text, values);
      return rows[0] === undefined ? undefined : Number(rows[0].statements_done);
    },
    async durations(ids) {
      if (ids.length === 0) return new Map();
      const { sql: text, values } = sql.durations(ids);
      const rows = await session.query<Array<{ id: string; duration_ms: number | null }>>(text, values);
      return new Map(rows.filter((row) => row.duration_ms !== null).map((row) => [row.id, Number(row.duration_ms)]));
    },
  });
}
