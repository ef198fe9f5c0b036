import { relative } from 'node:path';
import { prefixChecksums } from './checksum.js';
import type { Session } from './db/session.js';
import { StatementError, type Issue } from './errors.js';
import type { SqlCommand } from './ledger/ledger-sql.js';
import type { Ledger } from './ledger/mysql-ledger.js';
import type { Clock, Step } from './model.js';
import type { MigrationSource } from './source/folder-source.js';
import type { ParsedStatement } from './statements.js';
import type { StepReport } from './report.js';

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
    hint: `Restore statements 1-${done} of the file (only statement ${step.startAt} and later may change), or repair by hand and run \`resolve ${step.migration.id} --applied\`.`,
  };
}

async function begin(ctx: ExecutorContext, step: Step, total: number, at: Date, seq: () => number): Promise<void> {
  const { ledger, appliedBy } = ctx;
  if (step.resume !== undefined) {
    await ledger.run(ledger.sql.resume({ id: step.migration.id, total, by: appliedBy }));
  } else if (step.direction === 'up') {
    await ledger.run(ledger.sql.beginUp({ id: step.migration.id, seq: seq(), checksum: step.migration.checksum, total, at, by: appliedBy }));
  } else {
    await ledger.run(ledger.sql.beginDown({ id: step.migration.id, total, at, by: appliedBy }));
  }
}

/** A step's statements with the checksum of each prefix (element k: the first k statements). */
interface Statements {
  readonly list: readonly ParsedStatement[];
  readonly prefixes: readonly string[];
}

/** The ledger write that ends a step: `applied` (with every statement done) for an up, the row gone for a down. */
function completion(ctx: ExecutorContext, step: Step, statements: Statements, started: Date): SqlCommand {
  const { ledger } = ctx;
  if (step.direction === 'down') return ledger.sql.completeDown({ id: step.migration.id });
  const finished = ctx.clock.now();
  return ledger.sql.completeUp({ id: step.migration.id, checksum: step.migration.checksum, at: finished, ms: finished.getTime() - started.getTime(),
    done: statements.list.length, doneChecksum: statements.prefixes[statements.list.length]! });
}

/**
 * The ledger write after a statement: its progress, or for the last statement the completion itself (one round
 * trip instead of two). Called after the statement ran, so the duration includes it.
 */
function afterStatement(ctx: ExecutorContext, step: Step, statements: Statements, statement: ParsedStatement, started: Date): SqlCommand {
  if (statement.index === statements.list.length) return completion(ctx, step, statements, started);
  return ctx.ledger.sql.progress({ id: step.migration.id, done: statement.index, doneChecksum: statements.prefixes[statement.index]! });
}

async function runStatement(ctx: ExecutorContext, step: Step, statements: Statements, statement: ParsedStatement, started: Date): Promise<void> {
  const { session, ledger } = ctx;
  if (statement.kind === 'dml') {
    // Data changes commit together with their progress row: after a crash either both happened or neither.
    await session.query('START TRANSACTION');
    try {
      await session.query(statement.sql);
      await ledger.run(afterStatement(ctx, step, statements, statement, started));
      await session.query('COMMIT');
    } catch (error) {
      await session.query('ROLLBACK').catch(() => {});
      throw error;
    }
    return;
  }
  try {
    await session.query(statement.sql);
  } catch (error) {
    const errno = (error as { errno?: number }).errno;
    const uncertain = step.afterCrash && statement.index === step.startAt;
    if (!(uncertain && errno !== undefined && ALREADY_DONE_ERRNOS.has(errno))) throw error;
    ctx.emit({ type: 'note', message: `${step.migration.id}: statement ${statement.index} had already taken effect before the interruption (${(error as Error).message}); recorded as done.` });
  }
  await ledger.run(afterStatement(ctx, step, statements, statement, started));
}

function toStatementError(ctx: ExecutorContext, step: Step, statement: ParsedStatement, count: number, error: unknown): StatementError {
  const path = step.direction === 'up' ? step.migration.upPath : step.migration.downPath ?? step.migration.dir;
  const file = ctx.root ? relative(ctx.root, path) : path;
  const e = error as { sqlMessage?: string; message?: string; code?: string; errno?: number };
  const serverMessage = e.sqlMessage ? `${e.code ?? 'ERROR'} (${e.errno}): ${e.sqlMessage}` : String(e.message ?? error);
  const again = step.direction === 'up' ? 'migrate' : 'rollback';
  return new StatementError({
    migrationId: step.migration.id, file, statementIndex: statement.index, statementCount: count, line: statement.line, sql: statement.sql,
    serverMessage, ...(e.code === undefined ? {} : { serverCode: e.code }), cause: error,
    hint: `Fix the cause (the database, or statement ${statement.index} and later in ${file}), then run \`${again}\` again: ` +
      `it resumes at statement ${statement.index}; statements before it are not re-run. ` +
      `Or repair by hand and run \`resolve ${step.migration.id} --applied\` or \`--rolled-back\`.`,
  });
}

/**
 * Runs one step: ledger row first (so a crash leaves evidence), then each statement with its progress, the last
 * one's write being the final state. `seq` hands out the next position in the order of application.
 */
export async function runStep(ctx: ExecutorContext, step: Step, position: { index: number; count: number }, seq: () => number): Promise<StepOutcome> {
  const { index, count } = position;
  const list = await ctx.source.load(step.migration, step.direction);
  const statements: Statements = { list, prefixes: prefixChecksums(list) };
  const edited = editedDoneStatements(step, list, statements.prefixes);
  if (edited) return { kind: 'blocked', issue: edited };
  const started = ctx.clock.now();
  const base = { id: step.migration.id, direction: step.direction, statementsTotal: list.length, ...(step.resume ? { resumedAt: step.startAt } : {}) };
  ctx.emit({ type: 'step-start', step, index, count, statements: list.length });
  await begin(ctx, step, list.length, started, seq);
  const remaining = list.slice(step.startAt - 1);
  let run = 0;
  for (const statement of remaining) {
    try {
      await runStatement(ctx, step, statements, statement, started);
      run++;
    } catch (cause) {
      const error = toStatementError(ctx, step, statement, list.length, cause);
      await ctx.ledger.run(ctx.ledger.sql.fail({ id: step.migration.id, error: `statement ${statement.index} (line ${statement.line}): ${error.message.split('\n')[0]}`, at: ctx.clock.now() }));
      ctx.emit({ type: 'step-failed', step, index, count, error });
      return { kind: 'failed', error, report: { ...base, status: 'failed', durationMs: ctx.clock.now().getTime() - started.getTime(), statementsRun: run } };
    }
  }
  // Nothing left to run (an empty migration, or a resume after the last statement): write the final state alone.
  if (remaining.length === 0) await ctx.ledger.run(completion(ctx, step, statements, started));
  const durationMs = ctx.clock.now().getTime() - started.getTime();
  ctx.emit({ type: 'step-done', step, index, count, durationMs });
  return { kind: 'done', report: { ...base, status: 'done', durationMs, statementsRun: run } };
}
