import { type Issue, type StatementError } from '../errors.js';
import type { Ledger } from '../ledger/ledger.js';
import type { Clock, Step } from '../model.js';
import type { ParsedStatement } from '../statements.js';
import { batchesOf, batchLimits, type Batch } from './batches.js';
import { describeOutcomeUnknown, handleFailure, oversized, stopped, unclosedTransaction, type Failed } from './step-failure.js';
import { proveOutcome, type Inspector } from './proof.js';
import type { ErrorReport, StepReport } from './report.js';
import type { ServerActivity, StepRunner } from './runner.js';
import type { StatementPolicy } from './statement-policy.js';
import { editedDoneStatements } from './step-errors.js';
import { stepScript, type StepScript } from './step-script.js';

/** Progress of a run, for logs and progress lines. */
export type MigrateEvent =
  | { readonly type: 'lock-wait'; readonly database: string; readonly holder: number | null; readonly timeoutSeconds: number }
  | {
    readonly type: 'step-start'; readonly step: Step; readonly index: number; readonly count: number; readonly statements: number;
    /** Migrations sent in the same round trip, this one first (see together.ts); absent for one alone. */
    readonly together?: number;
  }
  /** durationMs: null when the step shared its round trip and the ledger recorded no duration for it. */
  | { readonly type: 'step-done'; readonly step: Step; readonly index: number; readonly count: number; readonly durationMs: number | null }
  | { readonly type: 'step-failed'; readonly step: Step; readonly index: number; readonly count: number; readonly error: StatementError | ErrorReport }
  | { readonly type: 'server-activity'; readonly step: Step; readonly activity: ServerActivity }
  | { readonly type: 'note'; readonly message: string };

export interface ExecutorContext {
  readonly runner: StepRunner;
  readonly ledger: Ledger;
  readonly policy: StatementPolicy;
  readonly inspector: Inspector;
  readonly clock: Clock;
  readonly appliedBy: string;
  /** Aborted: stop after the statement in progress. */
  readonly signal: AbortSignal | undefined;
  readonly emit: (event: MigrateEvent) => void;
}

/** A step's statements, read and checked before anything of the run starts. */
export interface LoadedStep {
  readonly step: Step;
  readonly statements: readonly ParsedStatement[];
  /** The file, as messages show it. */
  readonly file: string;
}

export type StepOutcome =
  | { readonly kind: 'done'; readonly report: StepReport }
  | { readonly kind: 'blocked'; readonly issue: Issue }
  | { readonly kind: 'failed'; readonly report: StepReport; readonly error: StatementError | ErrorReport };

/** What a step sent to the server comes to: what blocks a step is found before it is sent (prepareStep). */
export type SentOutcome = Exclude<StepOutcome, { kind: 'blocked' }>;

/** A resume whose next statement may have been cut off: proved run, done (then the step starts after it) or unknown. */
async function resumePoint(ctx: ExecutorContext, loaded: LoadedStep): Promise<{ step: Step; provenDone: boolean } | Issue> {
  const { step, statements } = loaded;
  const row = step.resume;
  const statement = statements[step.startAt - 1];
  if (row === undefined || statement === undefined) return { step, provenDone: false };
  const verdict = await proveOutcome(row, statement, ctx.policy, ctx.inspector);
  if (verdict.kind === 'unknown') return describeOutcomeUnknown(loaded, statement, verdict.why);
  if (verdict.kind === 'run') return { step, provenDone: false };
  ctx.emit({ type: 'note', message: `${step.migration.id}: statement ${statement.index} (${statement.keyword}, ${loaded.file}:${statement.line}) had taken effect before the interruption: ${verdict.why}; recorded as done.` });
  return { step: { ...step, startAt: step.startAt + 1 }, provenDone: true };
}

/** A step ready to send: its checks passed, its script built and split into round trips. */
export interface PreparedStep {
  readonly loaded: LoadedStep;
  /** The step as it runs (a resume proven past its statement in doubt starts after it). */
  readonly step: Step;
  readonly script: StepScript;
  readonly batches: readonly Batch[];
  readonly position: { readonly index: number; readonly count: number };
  /** The bytes of its round trips, as sent. */
  readonly bytes: number;
  /** The most bytes one round trip may carry on this server. */
  readonly limit: number;
}

/** What a step's report says of it whatever happens. */
export const stepReportBase = (prepared: PreparedStep) => {
  const { step, loaded } = prepared;
  return { id: step.migration.id, direction: step.direction, statementsTotal: loaded.statements.length, ...(loaded.step.resume ? { resumedAt: loaded.step.startAt } : {}) };
};

/**
 * Everything about a step that comes before it is sent: statements already done that were edited since, a
 * resume's statement in doubt (proven run or not), the script and its round trips, a statement too large for
 * one packet. `seq` hands out the next position in the order of application.
 */
export async function prepareStep(ctx: ExecutorContext, loaded: LoadedStep, position: { index: number; count: number }, seq: () => number):
  Promise<{ readonly kind: 'ready'; readonly prepared: PreparedStep } | Exclude<StepOutcome, { kind: 'done' }>> {
  const { statements } = loaded;
  const edited = editedDoneStatements(loaded.step, statements);
  if (edited) return { kind: 'blocked', issue: edited };
  const resumed = await resumePoint(ctx, loaded);
  if ('code' in resumed) return { kind: 'blocked', issue: resumed };
  const { step } = resumed;
  const script = stepScript(step, statements, { by: ctx.appliedBy, nextSeq: seq, provenDone: resumed.provenDone }, ctx.policy);
  const limits = batchLimits(await ctx.runner.maxBatchBytes?.());
  const { batches, oversized: tooBig } = batchesOf(script, ctx.runner, limits);
  const prepared: PreparedStep = { loaded, step, script, batches, position, limit: limits.batch,
    bytes: batches.reduce((sum, batch) => sum + batch.bytes, 0) };
  if (tooBig) return { kind: 'failed', error: oversized(loaded, tooBig, limits.packet), report: { ...stepReportBase(prepared), status: 'failed', durationMs: 0, statementsRun: 0 } };
  return { kind: 'ready', prepared };
}

/**
 * Runs a prepared step alone: ledger row first (so a crash leaves evidence), then each statement with its
 * progress, the last one's write being the final state; all of it in as few round trips as the batch size
 * allows, stopping at the first failure.
 */
export async function sendStep(ctx: ExecutorContext, prepared: PreparedStep): Promise<SentOutcome> {
  const { loaded, script, batches } = prepared;
  const { index, count } = prepared.position;
  const { statements } = loaded;
  const started = ctx.clock.now();
  const base = stepReportBase(prepared);
  const report = (status: 'done' | 'failed', statementsRun: number): StepReport => ({ ...base, status, durationMs: ctx.clock.now().getTime() - started.getTime(), statementsRun });
  ctx.emit({ type: 'step-start', step: loaded.step, index, count, statements: statements.length });
  const failed = (error: StatementError | ErrorReport, statementsRun: number): SentOutcome => {
    ctx.emit({ type: 'step-failed', step: loaded.step, index, count, error });
    return { kind: 'failed', error, report: report('failed', statementsRun) };
  };
  let ran = 0;
  for (const [i, batch] of batches.entries()) {
    // A stop takes effect at a stop point: a round trip that starts with one (not one that finishes a unit).
    const first = batch.items[0];
    if (i > 0 && ctx.signal?.aborted && first !== undefined && 'checkpoint' in first) return failed(await stopped(ctx, loaded, statements[first.checkpoint - 1]), ran);
    const outcome = await ctx.runner.run(batch.items, { onActivity: (activity) => ctx.emit({ type: 'server-activity', step: loaded.step, activity }) });
    if (!outcome.ok) {
      const result: Failed = await handleFailure(ctx, loaded, batch, outcome);
      return failed(result.error, result.statementsRun);
    }
    ran += batch.units.reduce((sum, unit) => sum + unit.statements.length, 0);
    const last = batch.items.at(-1);
    const endsOutsideBlock = i === batches.length - 1 || (last !== undefined && 'statement' in last && last.statement.class === 'unknown-effect' && batch.units.at(-1)?.statements.length === 1);
    if (endsOutsideBlock && (outcome.inTransaction === true || outcome.autocommit === false)) {
      return failed(await unclosedTransaction(ctx, loaded, batch, i === batches.length - 1), ran);
    }
  }
  const durationMs = ctx.clock.now().getTime() - started.getTime();
  ctx.emit({ type: 'step-done', step: loaded.step, index, count, durationMs });
  return { kind: 'done', report: { ...base, status: 'done', durationMs, statementsRun: script.units.reduce((sum, unit) => sum + unit.statements.length, 0) } };
}
