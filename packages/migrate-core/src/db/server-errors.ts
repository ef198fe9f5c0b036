// Every MySQL/MariaDB error the engine tests for, named once by the server's own name (the `code` mysql2 gives
// an error) with its number (the `errno`), and what it means to the engine. Code tests errors by these names
// (isServerError), never by a bare number. test/unit/server-errors.spec.ts checks the numbers against
// mysql2's table of the server's errors and that no number appears twice.

export const ERRNO = {
  /** No rights on the database (at connect, or on a statement naming it): a setup problem, not the migration's. */
  ER_DBACCESS_DENIED_ERROR: 1044,
  /** Wrong user or password at connect. */
  ER_ACCESS_DENIED_ERROR: 1045,
  /** The database does not exist (at connect; the fleet's status probe says the same of a member). */
  ER_BAD_DB_ERROR: 1049,
  /** The server is shutting down: the statement in flight may or may not have run. */
  ER_SERVER_SHUTDOWN: 1053,
  /** Unknown column: a ledger of an earlier version (no `pre_*` columns), or a table a down no longer has. */
  ER_BAD_FIELD_ERROR: 1054,
  /** Shadow advice: rows already there hold duplicates for a new unique key. */
  ER_DUP_ENTRY: 1062,
  /** Shadow advice: a column definition the server rejects as written. */
  ER_WRONG_FIELD_SPEC: 1063,
  /** Shadow advice: the server does not accept the syntax (often written for the other server family). */
  ER_PARSE_ERROR: 1064,
  /** Unknown table: information_schema on a server without the table asked for (introspection goes on without it). */
  ER_UNKNOWN_TABLE: 1109,
  /** Shadow advice: rows already there hold NULL for a column made NOT NULL. */
  ER_INVALID_USE_OF_NULL: 1138,
  /** No rights on a table: the user may read but not write the ledger. */
  ER_TABLEACCESS_DENIED_ERROR: 1142,
  /** No rights on a column. */
  ER_COLUMNACCESS_DENIED_ERROR: 1143,
  /** No such table: a database without a ledger yet, or a table a down already dropped. */
  ER_NO_SUCH_TABLE: 1146,
  /** Shadow advice: a TEXT or BLOB key without a prefix length. */
  ER_BLOB_KEY_WITHOUT_LENGTH: 1170,
  /** A privilege of the server (SUPER, PROCESS, ...) is missing. */
  ER_SPECIFIC_ACCESS_DENIED_ERROR: 1227,
  /** Shadow advice: values already there do not fit a narrower type. */
  WARN_DATA_TRUNCATED: 1265,
  /** Shadow advice: WITH CHECK OPTION on a view that cannot be updated. */
  ER_VIEW_NONUPD_CHECK: 1368,
  /** A stop point whose stop lock is held, a database check that failed: EXP(1000) is out of range (see STOP_CHECK_SQL, databaseCheckSql). */
  ER_DATA_OUT_OF_RANGE: 1690,
  /** Shadow advice: the column is part of a foreign key. */
  ER_FK_COLUMN_CANNOT_CHANGE: 1832,
  /** Shadow advice: the column is referenced by a foreign key. */
  ER_FK_COLUMN_CANNOT_CHANGE_CHILD: 1833,
  /** The ALGORITHM asked for is not supported for this ALTER (the shadow's algorithm probes). */
  ER_ALTER_OPERATION_NOT_SUPPORTED: 1845,
  /** The same, with the server's reason. */
  ER_ALTER_OPERATION_NOT_SUPPORTED_REASON: 1846,
  /** MariaDB: the connection was killed (KILL CONNECTION): the statement in flight may or may not have run. */
  ER_CONNECTION_KILLED: 1927,
  /** MySQL 8, shadow advice: the two columns of a foreign key have types that do not match. */
  ER_FK_INCOMPATIBLE_COLUMNS: 3780,
  /** The C client's "server has gone away": mysql2 says PROTOCOL_CONNECTION_LOST, an error with this number means the same. */
  CR_SERVER_GONE_ERROR: 2006,
  /** The C client's "lost connection during query", likewise. */
  CR_SERVER_LOST: 2013,
} as const;

export type ServerErrorName = keyof typeof ERRNO;

/** Names the server (or the C client) gives these numbers that mysql2's table of MySQL errors does not know. */
export const NAMES_MYSQL2_LACKS: readonly ServerErrorName[] = ['ER_CONNECTION_KILLED', 'CR_SERVER_GONE_ERROR', 'CR_SERVER_LOST'];

interface ErrorFields {
  readonly code?: unknown;
  readonly errno?: unknown;
}

/** The server's error number of `error`, if it has one. */
export function errnoOf(error: unknown): number | undefined {
  const errno = (error as ErrorFields | null | undefined)?.errno;
  return typeof errno === 'number' ? errno : undefined;
}

/** Whether `error` is one of the server errors `names`, by its number or by the name mysql2 gives it. */
export function isServerError(error: unknown, ...names: readonly ServerErrorName[]): boolean {
  const errno = errnoOf(error);
  const code = (error as ErrorFields | null | undefined)?.code;
  return names.some((name) => ERRNO[name] === errno || name === code);
}

/** Errors after which a connection is gone: nobody knows what the server did with the statement in flight. */
const CONNECTION_LOST_CODES: ReadonlySet<string> = new Set(['PROTOCOL_CONNECTION_LOST', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNREFUSED', 'PROTOCOL_SEQUENCE_TIMEOUT']);
const CONNECTION_LOST_ERRORS: readonly ServerErrorName[] = ['ER_CONNECTION_KILLED', 'ER_SERVER_SHUTDOWN', 'CR_SERVER_GONE_ERROR', 'CR_SERVER_LOST'];

/** Whether `error` means the connection is gone (a socket error, a killed connection, a server shutting down). */
export function isConnectionLost(error: unknown): boolean {
  const e = error as { code?: unknown; fatal?: unknown } | null | undefined;
  return (typeof e?.code === 'string' && CONNECTION_LOST_CODES.has(e.code)) || isServerError(error, ...CONNECTION_LOST_ERRORS) || e?.fatal === true;
}

/** Socket errors of a connect that did not reach the server (no server there, unknown host, no socket file). */
export const UNREACHABLE_CODES: ReadonlySet<string> = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ECONNRESET', 'ENOENT', 'PROTOCOL_CONNECTION_LOST']);

/** Refusals for lack of rights on a table, column, database or the server: the user lacks them, the migrations are not at fault. */
export const ACCESS_DENIED_ERRORS: readonly ServerErrorName[] = ['ER_TABLEACCESS_DENIED_ERROR', 'ER_COLUMNACCESS_DENIED_ERROR', 'ER_DBACCESS_DENIED_ERROR', 'ER_SPECIFIC_ACCESS_DENIED_ERROR'];
