import { quoteIdentifier } from '../db/identifiers.js';
import type { Direction, LedgerRow, LedgerState, MigrationId } from '../model.js';

/**
 * Name of the ledger table in each service's database. Persisted: NEVER change it, or every existing
 * database looks unmigrated. Projects that need another name set `ledgerTable` in migrate.config.json.
 */
export const DEFAULT_LEDGER_TABLE = '_migrate_core_ledger';

/** A server expression that `plan --sql` prints in place of a value (e.g. `UTC_TIMESTAMP(3)`). */
export interface RawSql {
  toSqlString(): string;
}
type At = Date | RawSql;
type By = string | RawSql;

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
    beginUp: (row: { id: MigrationId; seq: number | RawSql; checksum: string; total: number; at: At; by: By }): SqlCommand => ({
      sql: `INSERT INTO ${t} (\`id\`, \`seq\`, \`checksum\`, \`state\`, \`direction\`, \`statements_done\`, \`statements_total\`, \`started_at\`, \`applied_by\`) VALUES (?, ?, ?, 'running', 'up', 0, ?, ?, ?)`,
      values: [row.id, row.seq, row.checksum, row.total, row.at, row.by],
    }),
    beginDown: (row: { id: MigrationId; total: number; at: At; by: By }): SqlCommand => ({
      sql: `UPDATE ${t} SET \`state\` = 'running', \`direction\` = 'down', \`statements_done\` = 0, \`statements_total\` = ?, \`done_checksum\` = NULL, \`started_at\` = ?, \`finished_at\` = NULL, \`duration_ms\` = NULL, \`error\` = NULL, \`applied_by\` = ? WHERE \`id\` = ?`,
      values: [row.total, row.at, row.by, row.id],
    }),
    resume: (row: { id: MigrationId; total: number; by: By }): SqlCommand => ({
      sql: `UPDATE ${t} SET \`state\` = 'running', \`statements_total\` = ?, \`error\` = NULL, \`applied_by\` = ? WHERE \`id\` = ?`,
      values: [row.total, row.by, row.id],
    }),
    progress: (row: { id: MigrationId; done: number; doneChecksum: string }): SqlCommand => ({
      sql: `UPDATE ${t} SET \`statements_done\` = ?, \`done_checksum\` = ? WHERE \`id\` = ?`,
      values: [row.done, row.doneChecksum, row.id],
    }),
    completeUp: (row: { id: MigrationId; checksum: string; at: At; ms: number | RawSql; done: number; doneChecksum: string }): SqlCommand => ({
      sql: `UPDATE ${t} SET \`state\` = 'applied', \`checksum\` = ?, \`statements_done\` = ?, \`done_checksum\` = ?, \`finished_at\` = ?, \`duration_ms\` = ?, \`error\` = NULL WHERE \`id\` = ?`,
      values: [row.checksum, row.done, row.doneChecksum, row.at, row.ms, row.id],
    }),
    completeDown: (row: { id: MigrationId }): SqlCommand => ({
      sql: `DELETE FROM ${t} WHERE \`id\` = ?`,
      values: [row.id],
    }),
    fail: (row: { id: MigrationId; error: string; at: At }): SqlCommand => ({
      sql: `UPDATE ${t} SET \`state\` = 'failed', \`error\` = ?, \`finished_at\` = ? WHERE \`id\` = ?`,
      values: [row.error, row.at, row.id],
    }),
    markApplied: (row: { id: MigrationId; seq: number; checksum: string; total: number; at: Date; by: string }): SqlCommand => ({
      sql: `INSERT INTO ${t} (\`id\`, \`seq\`, \`checksum\`, \`state\`, \`direction\`, \`statements_done\`, \`statements_total\`, \`started_at\`, \`finished_at\`, \`duration_ms\`, \`applied_by\`) VALUES (?, ?, ?, 'applied', 'up', ?, ?, ?, ?, 0, ?) ON DUPLICATE KEY UPDATE \`state\` = 'applied', \`direction\` = 'up', \`checksum\` = VALUES(\`checksum\`), \`statements_done\` = VALUES(\`statements_total\`), \`statements_total\` = VALUES(\`statements_total\`), \`finished_at\` = VALUES(\`finished_at\`), \`error\` = NULL, \`applied_by\` = VALUES(\`applied_by\`)`,
      values: [row.id, row.seq, row.checksum, row.total, row.total, row.at, row.at, row.by],
    }),
    remove: (row: { id: MigrationId }): SqlCommand => ({
      sql: `DELETE FROM ${t} WHERE \`id\` = ?`,
      values: [row.id],
    }),
  };
}

export type LedgerSql = ReturnType<typeof ledgerSql>;

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
