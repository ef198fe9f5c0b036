import { quoteIdentifier } from '../db/identifiers.js';
import type { Direction, LedgerRow, LedgerState, MigrationId } from '../model.js';
import type { LedgerWrite } from './ledger.js';

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

/** A statement with `?` placeholders, so the same text can run or be printed by `plan --sql`. */
export interface SqlCommand {
  readonly sql: string;
  readonly values: readonly unknown[];
}

/** The ledger's SQL, as data. Column names are persisted too. */
export function ledgerSql(table: string) {
  const t = quoteIdentifier(table);
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
  PRIMARY KEY (\`id\`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
      values: [],
    }),
    list: (): SqlCommand => ({ sql: `SELECT * FROM ${t} ORDER BY \`seq\``, values: [] }),
    statementsDone: (row: { id: MigrationId }): SqlCommand => ({ sql: `SELECT \`statements_done\` FROM ${t} WHERE \`id\` = ?`, values: [row.id] }),
    /** A write as SQL; `options.by` replaces its `applied_by` (plan --sql writes the server's user). */
    write: (write: LedgerWrite, options: { by?: RawSql } = {}): SqlCommand => writeSql(t, write, options.by),
  };
}

export type LedgerSql = ReturnType<typeof ledgerSql>;

/** One write as an INSERT, UPDATE or DELETE on the table `t` (quoted). Column names are persisted. */
function writeSql(t: string, write: LedgerWrite, byOverride: RawSql | undefined): SqlCommand {
  const by = (value: string) => byOverride ?? value;
  switch (write.kind) {
    case 'begin':
      return write.direction === 'up' ? {
        sql: `INSERT INTO ${t} (\`id\`, \`seq\`, \`checksum\`, \`state\`, \`direction\`, \`statements_done\`, \`statements_total\`, \`started_at\`, \`applied_by\`) VALUES (?, ?, ?, 'running', 'up', 0, ?, ?, ?)`,
        values: [write.id, write.seq, write.checksum, write.total, SERVER_NOW, by(write.by)],
      } : {
        sql: `UPDATE ${t} SET \`state\` = 'running', \`direction\` = 'down', \`statements_done\` = 0, \`statements_total\` = ?, \`done_checksum\` = NULL, \`started_at\` = ?, \`finished_at\` = NULL, \`duration_ms\` = NULL, \`error\` = NULL, \`applied_by\` = ? WHERE \`id\` = ?`,
        values: [write.total, SERVER_NOW, by(write.by), write.id],
      };
    case 'resume':
      return {
        sql: `UPDATE ${t} SET \`state\` = 'running', \`statements_total\` = ?, \`error\` = NULL, \`applied_by\` = ? WHERE \`id\` = ?`,
        values: [write.total, by(write.by), write.id],
      };
    case 'progress':
      return { sql: `UPDATE ${t} SET \`statements_done\` = ?, \`done_checksum\` = ? WHERE \`id\` = ?`, values: [write.done, write.doneChecksum, write.id] };
    case 'complete':
      return write.direction === 'up' ? {
        sql: `UPDATE ${t} SET \`state\` = 'applied', \`checksum\` = ?, \`statements_done\` = ?, \`done_checksum\` = ?, \`finished_at\` = ?, \`duration_ms\` = ?, \`error\` = NULL WHERE \`id\` = ?`,
        values: [write.checksum, write.done, write.doneChecksum, SERVER_NOW, SERVER_DURATION, write.id],
      } : { sql: `DELETE FROM ${t} WHERE \`id\` = ?`, values: [write.id] };
    case 'fail':
      return { sql: `UPDATE ${t} SET \`state\` = 'failed', \`error\` = ?, \`finished_at\` = ? WHERE \`id\` = ?`, values: [write.error, SERVER_NOW, write.id] };
    case 'resolve':
      return write.as === 'applied' ? {
        sql: `INSERT INTO ${t} (\`id\`, \`seq\`, \`checksum\`, \`state\`, \`direction\`, \`statements_done\`, \`statements_total\`, \`started_at\`, \`finished_at\`, \`duration_ms\`, \`applied_by\`) VALUES (?, ?, ?, 'applied', 'up', ?, ?, ?, ?, 0, ?) ON DUPLICATE KEY UPDATE \`state\` = 'applied', \`direction\` = 'up', \`checksum\` = VALUES(\`checksum\`), \`statements_done\` = VALUES(\`statements_total\`), \`statements_total\` = VALUES(\`statements_total\`), \`finished_at\` = VALUES(\`finished_at\`), \`error\` = NULL, \`applied_by\` = VALUES(\`applied_by\`)`,
        values: [write.id, write.seq, write.checksum, write.total, write.total, write.at, write.at, by(write.by)],
      } : { sql: `DELETE FROM ${t} WHERE \`id\` = ?`, values: [write.id] };
  }
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
  };
}
