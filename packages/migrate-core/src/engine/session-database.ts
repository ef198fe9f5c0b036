// The session's default database after a statement whose effect the engine cannot see: a USE in dynamic SQL
// (EXECUTE, EXECUTE IMMEDIATE) or in a procedure (CALL) moves every later statement, and the next migrations,
// into another database. The refusal of USE reads only a statement's own text.
import type { ServerErrorName } from '../db/server-errors.js';

export type Format = (sql: string, values: readonly unknown[]) => string;

/** The server's error when the check fails: EXP(1000) is out of range, as at a stop point. */
export const DATABASE_CHECK_ERROR: ServerErrorName = 'ER_DATA_OUT_OF_RANGE';

/**
 * The statement that fails unless the session's default database is `database`, names compared as the server
 * compares them (exactly, or without case when lower_case_table_names is 1 or 2); no default database fails
 * too. The server decides which rule applies, so the text is the same for `plan --sql` as for the engine.
 */
export function databaseCheckSql(database: string, format: Format): string {
  return format('SET @migrate_core_database = IF(IF(@@lower_case_table_names = 0, CAST(DATABASE() AS BINARY) = CAST(? AS BINARY), DATABASE() = ?), 0, EXP(1000))',
    [database, database]);
}
