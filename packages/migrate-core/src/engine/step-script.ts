import { prefixChecksums } from '../checksum.js';
import type { LedgerSql, RawSql, SqlCommand } from '../ledger/ledger-sql.js';
import type { Step } from '../model.js';
import type { ParsedStatement } from '../statements.js';

/** A value written as a server expression (e.g. `UTC_TIMESTAMP(3)`), not as a quoted literal. */
export const rawSql = (sql: string): RawSql => ({ toSqlString: () => sql });
/** The server's clock: every time in the ledger comes from it, so durations never mix two clocks. */
export const SERVER_NOW = rawSql('UTC_TIMESTAMP(3)');
/** The time since the row's `started_at`, computed by the server when the completion runs. */
export const SERVER_DURATION = rawSql('TIMESTAMPDIFF(MICROSECOND, `started_at`, UTC_TIMESTAMP(3)) DIV 1000');

/** One statement of a step and the ledger write that follows it (its progress, or for the last one the completion). */
export interface StepUnit {
  readonly statement: ParsedStatement;
  readonly after: SqlCommand;
}

/**
 * Every ledger write and statement of one step, in the order they run. The engine sends it; `plan --sql` prints
 * it. Keeping one definition is what makes the printed plan the exact sequence the engine runs.
 */
export interface StepScript {
  /** The ledger row first, so that a crash leaves evidence. */
  readonly begin: SqlCommand;
  /** The statements still to run (from `step.startAt`), each with its ledger write. */
  readonly units: readonly StepUnit[];
  /** The final state written alone when no statement is left to run (an empty migration, a resume after the last). */
  readonly completion: SqlCommand | undefined;
  /** Checksums of each prefix of the statements (element k: the first k). */
  readonly prefixes: readonly string[];
}

export interface StepScriptValues {
  /** `applied_by`. */
  readonly by: string | RawSql;
  /** The next position in the order of application; called only when the step inserts a new row. */
  readonly nextSeq: () => number;
}

/** The ledger writes and statements of `step`, whose file holds `statements`. Pure. */
export function stepScript(sql: LedgerSql, step: Step, statements: readonly ParsedStatement[], values: StepScriptValues): StepScript {
  const id = step.migration.id;
  const total = statements.length;
  const prefixes = prefixChecksums(statements);
  const completion = step.direction === 'up'
    ? sql.completeUp({ id, checksum: step.migration.checksum, at: SERVER_NOW, ms: SERVER_DURATION, done: total, doneChecksum: prefixes[total]! })
    : sql.completeDown({ id });
  const begin = step.resume !== undefined ? sql.resume({ id, total, by: values.by })
    : step.direction === 'up' ? sql.beginUp({ id, seq: values.nextSeq(), checksum: step.migration.checksum, total, at: SERVER_NOW, by: values.by })
    : sql.beginDown({ id, total, at: SERVER_NOW, by: values.by });
  const units = statements.slice(step.startAt - 1).map((statement): StepUnit => ({
    statement,
    after: statement.index === total ? completion : sql.progress({ id, done: statement.index, doneChecksum: prefixes[statement.index]! }),
  }));
  return { begin, units, completion: units.length === 0 ? completion : undefined, prefixes };
}

/**
 * The commands that run one unit. A data statement commits in one transaction with its ledger write: after a
 * crash, either both happened or neither. `render` turns a ledger write into text.
 */
export function unitCommands(unit: StepUnit, render: (command: SqlCommand) => string): string[] {
  const body = unit.statement.sql.replace(/;\s*$/, '');
  const after = render(unit.after);
  return unit.statement.kind === 'dml' ? ['START TRANSACTION', body, after, 'COMMIT'] : [body, after];
}
