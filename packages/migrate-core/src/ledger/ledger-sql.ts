import { quoteIdentifier } from '../db/identifiers.js';
import type { Direction, LedgerRow, LedgerState, MigrationId } from '../model.js';
import type { LedgerWrite, PreState, TimeSpan } from './ledger.js';
import { signatureSql } from './signature-sql.js';

/**
 * Name of the ledger table in each service's database. Persisted: NEVER change it, or every existing
 * database looks unmigrated. Projects that need another name set `ledgerTable` in migrate.config.json.
 */
export const DEFAULT_LEDGER_TABLE = '_migrate_core_ledger';

/** A server expression written in place of a value (e.g. `UTC_TIMESTAMP(3)`), not as a quoted literal. */
export interface RawSql {
  toSqlString(): string;
}

export const rawSql = (sql: string): RawSql => ({ toSqlString: () => sql });
/** The server's clock: every time in the ledger comes from it, so durations never mix two clocks. */
export const SERVER_NOW = rawSql('UTC_TIMESTAMP(3)');
/** The time since the row's `started_at`, computed by the server when the completion runs. */
export const SERVER_DURATION = rawSql('TIMESTAMPDIFF(MICROSECOND, `started_at`, UTC_TIMESTAMP(3)) DIV 1000');

/**
 * The session variable holding the server's time recorded under `mark` (a stop point's TimeSpan mark). Marks
 * are the engine's own names (letters, digits, `_`); anything else is a bug, refused before it reaches SQL.
 */
export function markVariable(mark: string): string {
  if (!/^\w+$/.test(mark)) throw new Error(`Not a time mark: ${JSON.stringify(mark)}`);
  return `@migrate_core_mark_${mark}`;
}

/** A statement with `?` placeholders, so the same text can run or be printed by `plan --sql`. */
export interface SqlCommand {
  readonly sql: string;
  readonly values: readonly unknown[];
}

/** Columns read from the ledger, in table order; `pre_*` were added later (ALTER on the first run that needs them). */
const COLUMNS = ['id', 'seq', 'checksum', 'state', 'direction', 'statements_done', 'statements_total', 'done_checksum', 'started_at',
  'finished_at', 'duration_ms', 'error', 'applied_by', 'pre_index', 'pre_state'];

/**
 * Text columns are cut to what they hold, so that nothing depends on the session's sql_mode (a migration may
 * set it to '', where the server would cut silently, or to a strict mode, where it would refuse the write).
 */
export const ERROR_MAX = 4000;
export const APPLIED_BY_MAX = 255;
/** `text` cut to `max` characters, the last one an ellipsis when it was cut. */
export const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/**
 * The ledger's SQL, as data. Column names are persisted too. With `database`, every statement names the table
 * as `database`.`table`, so that nothing a migration does to its session (USE, a procedure) moves the writes.
 */
export function ledgerSql(table: string, database?: string) {
  const t = database === undefined ? quoteIdentifier(table) : `${quoteIdentifier(database)}.${quoteIdentifier(table)}`;
  const columns = COLUMNS.map((name) => `\`${name}\``).join(', ');
  return {
    createTable: (): SqlCommand => ({
      sql: `CREATE TABLE IF NOT EXISTS ${t} (
  \`id\` VARCHAR(191) NOT NULL,
  \`seq\` INT NOT NULL,
  \`checksum\` VARCHAR(80) NOT NULL,
  \`state\` VARCHAR(16) NOT NULL,
  \`direction\` VARCHAR(4) NOT NULL,
  \`statements_done\` INT NOT NULL DEFAULT 0,
  \`statements_total\` INT NOT NULL,
  \`done_checksum\` VARCHAR(80) NULL,
  \`started_at\` DATETIME(3) NOT NULL,
  \`finished_at\` DATETIME(3) NULL,
  \`duration_ms\` INT NULL,
  \`error\` TEXT NULL,
  \`applied_by\` VARCHAR(255) NULL,
  \`pre_index\` INT NULL,
  \`pre_state\` VARCHAR(80) NULL,
  PRIMARY KEY (\`id\`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
      values: [],
    }),
    /** Adds the columns a ledger made by an earlier version lacks. */
    addPreColumns: (): SqlCommand => ({ sql: `ALTER TABLE ${t} ADD COLUMN \`pre_index\` INT NULL, ADD COLUMN \`pre_state\` VARCHAR(80) NULL`, values: [] }),
    /** Every row by seq; fails with ER_BAD_FIELD_ERROR (1054) on a ledger without the `pre_*` columns. */
    list: (): SqlCommand => ({ sql: `SELECT ${columns} FROM ${t} ORDER BY \`seq\``, values: [] }),
    /** Every row, whatever columns the table has (reading a ledger of an earlier version). */
    listAny: (): SqlCommand => ({ sql: `SELECT * FROM ${t} ORDER BY \`seq\``, values: [] }),
    statementsDone: (row: { id: MigrationId }): SqlCommand => ({ sql: `SELECT \`statements_done\` FROM ${t} WHERE \`id\` = ?`, values: [row.id] }),
    durations: (ids: readonly MigrationId[]): SqlCommand => ({ sql: `SELECT \`id\`, \`duration_ms\` FROM ${t} WHERE \`id\` IN (${ids.map(() => '?').join(', ')})`, values: [...ids] }),
    /** A write as SQL; `options.by` replaces its `applied_by` (plan --sql writes the server's user). */
    write: (write: LedgerWrite, options: { by?: RawSql } = {}): SqlCommand => writeSql(t, database, write, options.by),
  };
}

export type LedgerSql = ReturnType<typeof ledgerSql>;

/** The values of `pre_index` and `pre_state`: the statement and the signature the server computes, or NULLs. */
function preValues(database: string | undefined, pre: PreState | undefined): { index: string; state: string; values: unknown[] } {
  if (pre === undefined) return { index: 'NULL', state: 'NULL', values: [] };
  if (pre.objects === null || pre.objects.length === 0 || database === undefined) return { index: '?', state: 'NULL', values: [pre.index] };
  const signature = signatureSql(database, pre.objects, { wholeObjects: pre.wholeObjects ?? false });
  return { index: '?', state: signature.sql, values: [pre.index, ...signature.values] };
}

/** `pre_index = ..., pre_state = ...` for an UPDATE. */
function preSql(database: string | undefined, pre: PreState | undefined): { sql: string; values: unknown[] } {
  const { index, state, values } = preValues(database, pre);
  return { sql: `\`pre_index\` = ${index}, \`pre_state\` = ${state}`, values };
}

/** One write as an INSERT, UPDATE or DELETE on the table `t` (quoted). Column names are persisted. */
function writeSql(t: string, database: string | undefined, write: LedgerWrite, byOverride: RawSql | undefined): SqlCommand {
  const by = (value: string) => byOverride ?? clip(value, APPLIED_BY_MAX);
  switch (write.kind) {
    case 'begin': {
      if (write.direction === 'up') {
        const values = preValues(database, write.pre);
        return {
          sql: `INSERT INTO ${t} (\`id\`, \`seq\`, \`checksum\`, \`state\`, \`direction\`, \`statements_done\`, \`statements_total\`, \`started_at\`, \`applied_by\`, \`pre_index\`, \`pre_state\`) VALUES (?, ?, ?, 'running', 'up', 0, ?, ?, ?, ${values.index}, ${values.state})`,
          values: [write.id, write.seq, write.checksum, write.total, SERVER_NOW, by(write.by), ...values.values],
        };
      }
      const pre = preSql(database, write.pre);
      return {
        sql: `UPDATE ${t} SET \`state\` = 'running', \`direction\` = 'down', \`statements_done\` = 0, \`statements_total\` = ?, \`done_checksum\` = NULL, \`started_at\` = ?, \`finished_at\` = NULL, \`duration_ms\` = NULL, \`error\` = NULL, \`applied_by\` = ?, ${pre.sql} WHERE \`id\` = ?`,
        values: [write.total, SERVER_NOW, by(write.by), ...pre.values, write.id],
      };
    }
    case 'resume': {
      const pre = preSql(database, write.pre);
      const done = write.done === undefined ? { sql: '', values: [] } : { sql: '`statements_done` = ?, `done_checksum` = ?, ', values: [write.done.done, write.done.doneChecksum] };
      return {
        sql: `UPDATE ${t} SET \`state\` = 'running', \`statements_total\` = ?, \`error\` = NULL, \`applied_by\` = ?, ${done.sql}${pre.sql} WHERE \`id\` = ?`,
        values: [write.total, by(write.by), ...done.values, ...pre.values, write.id],
      };
    }
    case 'progress': {
      const pre = preSql(database, write.pre);
      return { sql: `UPDATE ${t} SET \`statements_done\` = ?, \`done_checksum\` = ?, ${pre.sql} WHERE \`id\` = ?`, values: [write.done, write.doneChecksum, ...pre.values, write.id] };
    }
    case 'complete': {
      if (write.direction === 'down') return { sql: `DELETE FROM ${t} WHERE \`id\` = ?`, values: [write.id] };
      const times = write.span === undefined ? { started: '', finished: SERVER_NOW, duration: SERVER_DURATION } : spanSql(write.span);
      return {
        sql: `UPDATE ${t} SET \`state\` = 'applied', \`checksum\` = ?, \`statements_done\` = ?, \`done_checksum\` = ?, ${times.started}\`finished_at\` = ?, \`duration_ms\` = ?, \`error\` = NULL, \`pre_index\` = NULL, \`pre_state\` = NULL WHERE \`id\` = ?`,
        values: [write.checksum, write.done, write.doneChecksum, times.finished, times.duration, write.id],
      };
    }
    case 'fail':
      return {
        sql: `UPDATE ${t} SET \`state\` = 'failed', \`error\` = ?, \`finished_at\` = ?${write.keepPre ? '' : ', `pre_index` = NULL, `pre_state` = NULL'} WHERE \`id\` = ?`,
        values: [clip(write.error, ERROR_MAX), SERVER_NOW, write.id],
      };
    case 'settle':
      return {
        sql: `UPDATE ${t} SET \`state\` = 'failed', \`statements_done\` = ?, \`done_checksum\` = ?, \`error\` = ?, \`pre_index\` = NULL, \`pre_state\` = NULL WHERE \`id\` = ?`,
        values: [write.done, write.doneChecksum, clip(write.note, ERROR_MAX), write.id],
      };
    case 'resolve':
      return write.as === 'applied' ? {
        sql: `INSERT INTO ${t} (\`id\`, \`seq\`, \`checksum\`, \`state\`, \`direction\`, \`statements_done\`, \`statements_total\`, \`started_at\`, \`finished_at\`, \`duration_ms\`, \`applied_by\`) VALUES (?, ?, ?, 'applied', 'up', ?, ?, ?, ?, 0, ?) ON DUPLICATE KEY UPDATE \`state\` = 'applied', \`direction\` = 'up', \`checksum\` = VALUES(\`checksum\`), \`statements_done\` = VALUES(\`statements_total\`), \`statements_total\` = VALUES(\`statements_total\`), \`finished_at\` = VALUES(\`finished_at\`), \`error\` = NULL, \`applied_by\` = VALUES(\`applied_by\`), \`pre_index\` = NULL, \`pre_state\` = NULL`,
        values: [write.id, write.seq, write.checksum, write.total, write.total, write.at, write.at, by(write.by)],
      } : { sql: `DELETE FROM ${t} WHERE \`id\` = ?`, values: [write.id] };
  }
}

/**
 * The times of a completion from its span's marks (each the server's UTC_TIMESTAMP(3) when recorded). A mark
 * the session never recorded is NULL: the row's own start, or the completion's time, stand in for it.
 */
function spanSql(span: TimeSpan): { started: string; finished: RawSql; duration: RawSql } {
  const from = `COALESCE(${markVariable(span.from)}, \`started_at\`)`;
  const to = span.to === undefined ? 'UTC_TIMESTAMP(3)' : `COALESCE(${markVariable(span.to)}, UTC_TIMESTAMP(3))`;
  return { started: `\`started_at\` = ${from}, `, finished: rawSql(to), duration: rawSql(`TIMESTAMPDIFF(MICROSECOND, ${from}, ${to}) DIV 1000`) };
}

/** Maps a raw row (snake_case columns) to a LedgerRow. */
export function toLedgerRow(raw: Record<string, unknown>): LedgerRow {
  const date = (value: unknown) => (value instanceof Date ? value : value === null || value === undefined ? null : new Date(String(value)));
  return {
    id: String(raw.id),
    seq: Number(raw.seq),
    checksum: String(raw.checksum),
    state: String(raw.state) as LedgerState,
    direction: String(raw.direction) as Direction,
    statementsDone: Number(raw.statements_done),
    statementsTotal: Number(raw.statements_total),
    doneChecksum: raw.done_checksum === null || raw.done_checksum === undefined ? null : String(raw.done_checksum),
    startedAt: date(raw.started_at) ?? new Date(0),
    finishedAt: date(raw.finished_at),
    durationMs: raw.duration_ms === null || raw.duration_ms === undefined ? null : Number(raw.duration_ms),
    error: raw.error === null || raw.error === undefined ? null : String(raw.error),
    appliedBy: raw.applied_by === null || raw.applied_by === undefined ? null : String(raw.applied_by),
    preIndex: raw.pre_index === null || raw.pre_index === undefined ? null : Number(raw.pre_index),
    preState: raw.pre_state === null || raw.pre_state === undefined ? null : String(raw.pre_state),
  };
}
