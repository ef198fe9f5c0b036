import { relative } from 'node:path';
import type { Session } from '../db/session.js';
import { commandHint, StatementError, type Issue } from '../errors.js';
import type { SqlCommand } from '../ledger/ledger-sql.js';
import type { Ledger } from '../ledger/mysql-ledger.js';
import type { Clock, Step } from '../model.js';
import type { MigrationSource } from '../repository/index.js';
import type { ParsedStatement } from '../statements.js';
import type { StepReport } from './report.js';
import { SERVER_NOW, stepScript, unitCommands, type StepScript, type StepUnit } from './step-script.js';

/** Progress of a run, for logs and progress lines. */
export type MigrateEvent =
  | { readonly type: 'lock-wait'; readonly database: string; readonly holder: number | null; readonly timeoutSeconds: number }
  | { readonly type: 'step-start'; readonly step: Step; readonly index: number; readonly count: number; readonly statements: number }
  | { readonly type: 'step-done'; readonly step: Step; readonly index: number; readonly count: number; readonly durationMs: number }
  | { readonly type: 'step-failed'; readonly step: Step; readonly index: number; readonly count: number; readonly error: StatementError }
  | { readonly type: 'note'; readonly message: string };

export interface ExecutorContext {
  readonly session: Session;
  readonly ledger: Ledger;
  readonly source: MigrationSource;
  readonly clock: Clock;
  readonly appliedBy: string;
  /** Workspace root, to print file paths relative to it. */
  readonly root: string | undefined;
  readonly emit: (event: MigrateEvent) => void;
}

/**
 * Errors that mean "this DDL's effect is already there": after a crash between a DDL statement and its ledger
 * update, re-running that one statement fails with one of these, and only then is it counted as done.
 */
const ALREADY_DONE_ERRNOS = new Set([
  1050, // table already exists
  1051, // unknown table (already dropped)
  1060, // duplicate column name
  1061, // duplicate key name
  1068, // multiple primary key defined
  1091, // can't drop field or key: doesn't exist
  1054, // unknown column (already renamed or dropped)
  1146, // table doesn't exist (already renamed or dropped)
  1826, // duplicate foreign key constraint name
  1007, // database exists
  1008, // database doesn't exist
]);

export type StepOutcome =
  | { readonly kind: 'done'; readonly report: StepReport }
  | { readonly kind: 'blocked'; readonly issue: Issue }
  | { readonly kind: 'failed'; readonly report: StepReport; readonly error: StatementError };

function editedDoneStatements(step: Step, statements: readonly ParsedStatement[], prefixes: readonly string[]): Issue | undefined {
  const done = step.startAt - 1;
  if (done === 0 || step.resume === undefined) return undefined;
  if (statements.length >= done && prefixes[done] === step.resume.doneChecksum) return undefined;
  return {
    code: 'EDITED_DONE_STATEMENTS',
    migrationId: step.migration.id,
    message: `${step.migration.id}: statements 1-${done} already ran, but the file changed them since; resuming would be unsafe.`,
    hint: `Restore statements 1-${done} of the file (only statement ${step.startAt} and later may change), or repair by hand and run ${commandHint('resolve', step.migration.id, '--applied')}.`,
  };
}

/**
 * A batch never grows past this many bytes unless one statement alone is larger: half of the smallest default
 * `max_allowed_packet` in use (1 MiB on MySQL 5.5; 4 MiB on 5.7, 16 MiB on MariaDB, 64 MiB on MySQL 8), since
 * a server that receives a bigger packet drops the connection.
 */
const BATCH_BYTES = 512 * 1024;

/** Commands sent in one round trip, and the statements among them. */
interface Batch {
  readonly commands: readonly string[];
  readonly units: readonly StepUnit[];
  /** The first statement after a crash, sent alone: an "already done" error from it counts as done. */
  readonly uncertain: boolean;
}

/**
 * Groups a step's script into round trips: normally one (ledger row, every statement with its ledger write),
 * split only when it grows past BATCH_BYTES. The server runs each batch in order and stops at the first error,
 * so the ledger still records exactly which statements ran, as if each had been sent alone.
 */
function batchesOf(ctx: ExecutorContext, step: Step, script: StepScript): Batch[] {
  const render = (command: SqlCommand) => ctx.session.format(command.sql, command.values);
  const batches: Batch[] = [];
  let commands = [render(script.begin)];
  let units: StepUnit[] = [];
  let size = Buffer.byteLength(commands[0]!);
  const flush = () => {
    if (commands.length > 0) batches.push({ commands, units, uncertain: false });
    commands = [];
    units = [];
    size = 0;
  };
  for (const unit of script.units) {
    const [body, ...rest] = unitCommands(unit, render);
    if (step.afterCrash && unit.statement.index === step.startAt && unit.statement.kind !== 'dml') {
      flush();
      batches.push({ commands: [body!], units: [unit], uncertain: true });
      commands = rest;
      size = Buffer.byteLength(rest.join(''));
      continue;
    }
    const unitSize = Buffer.byteLength(body!) + Buffer.byteLength(rest.join(''));
    if (units.length > 0 && size + unitSize > BATCH_BYTES) flush();
    commands.push(body!, ...rest);
    units.push(unit);
    size += unitSize;
  }
  if (script.completion) commands.push(render(script.completion));
  flush();
  return batches;
}

/** After a batch failed: the statement that failed, read from the ledger; undefined when a ledger write failed. */
async function failedUnit(ctx: ExecutorContext, step: Step, batch: Batch): Promise<StepUnit | undefined> {
  // A data statement's transaction may still be open.
  await ctx.session.query('ROLLBACK').catch(() => {});
  if (batch.uncertain) return batch.units[0];
  const done = await ctx.ledger.statementsDone(step.migration.id).catch(() => undefined);
  return done === undefined ? undefined : batch.units.find((unit) => unit.statement.index === done + 1);
}

function isAlreadyDone(error: unknown): boolean {
  const errno = (error as { errno?: number }).errno;
  return errno !== undefined && ALREADY_DONE_ERRNOS.has(errno);
}

function toStatementError(ctx: ExecutorContext, step: Step, statement: ParsedStatement, count: number, error: unknown): StatementError {
  const path = step.direction === 'up' ? step.migration.upPath : step.migration.downPath;
  const file = ctx.root ? relative(ctx.root, path) : path;
  const e = error as { sqlMessage?: string; message?: string; code?: string; errno?: number };
  const serverMessage = e.sqlMessage ? `${e.code ?? 'ERROR'} (${e.errno}): ${e.sqlMessage}` : String(e.message ?? error);
  const again = step.direction === 'up' ? 'migrate' : 'rollback';
  return new StatementError({
    migrationId: step.migration.id, file, statementIndex: statement.index, statementCount: count, line: statement.line, sql: statement.sql,
    serverMessage, ...(e.code === undefined ? {} : { serverCode: e.code }), cause: error,
    hint: `Fix the cause (the database, or statement ${statement.index} and later in ${file}), then run ${commandHint(again)} again: ` +
      `it resumes at statement ${statement.index}; statements before it are not re-run. ` +
      `Or repair by hand and run ${commandHint('resolve', step.migration.id, '--applied')} or ${commandHint('resolve', step.migration.id, '--rolled-back')}.`,
  });
}

/**
 * Runs one step: ledger row first (so a crash leaves evidence), then each statement with its progress, the last
 * one's write being the final state; all of it in as few round trips as the batch size allows. `seq` hands out
 * the next position in the order of application.
 */
export async function runStep(ctx: ExecutorContext, step: Step, position: { index: number; count: number }, seq: () => number): Promise<StepOutcome> {
  const { index, count } = position;
  const list = await ctx.source.load(step.migration, step.direction);
  const script = stepScript(ctx.ledger.sql, step, list, { by: ctx.appliedBy, nextSeq: seq });
  const edited = editedDoneStatements(step, list, script.prefixes);
  if (edited) return { kind: 'blocked', issue: edited };
  const started = ctx.clock.now();
  const base = { id: step.migration.id, direction: step.direction, statementsTotal: list.length, ...(step.resume ? { resumedAt: step.startAt } : {}) };
  ctx.emit({ type: 'step-start', step, index, count, statements: list.length });
  for (const batch of batchesOf(ctx, step, script)) {
    try {
      await ctx.session.script(batch.commands);
    } catch (cause) {
      if (batch.uncertain && isAlreadyDone(cause)) {
        ctx.emit({ type: 'note', message: `${step.migration.id}: statement ${step.startAt} had already taken effect before the interruption (${(cause as Error).message}); recorded as done.` });
        continue;
      }
      const failed = await failedUnit(ctx, step, batch);
      if (failed === undefined) throw cause;
      const statement = failed.statement;
      const error = toStatementError(ctx, step, statement, list.length, cause);
      await ctx.ledger.run(ctx.ledger.sql.fail({ id: step.migration.id, error: `statement ${statement.index} (line ${statement.line}): ${error.message.split('\n')[0]}`, at: SERVER_NOW }));
      ctx.emit({ type: 'step-failed', step, index, count, error });
      return { kind: 'failed', error, report: { ...base, status: 'failed', durationMs: ctx.clock.now().getTime() - started.getTime(), statementsRun: statement.index - step.startAt } };
    }
  }
  const durationMs = ctx.clock.now().getTime() - started.getTime();
  ctx.emit({ type: 'step-done', step, index, count, durationMs });
  return { kind: 'done', report: { ...base, status: 'done', durationMs, statementsRun: script.units.length } };
}
