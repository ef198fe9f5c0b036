import type { Issue, StatementError } from '../errors.js';
import type { Ledger } from '../ledger/ledger.js';
import type { Clock, Step } from '../model.js';
import type { MigrationSource } from '../repository/index.js';
import { batchesOf, type Batch } from './batches.js';
import type { StepReport } from './report.js';
import type { StepRunner } from './runner.js';
import type { StatementPolicy } from './statement-policy.js';
import { editedDoneStatements, toStatementError } from './step-errors.js';
import { stepScript, type StepUnit } from './step-script.js';

/** Progress of a run, for logs and progress lines. */
export type MigrateEvent =
  | { readonly type: 'lock-wait'; readonly database: string; readonly holder: number | null; readonly timeoutSeconds: number }
  | { readonly type: 'step-start'; readonly step: Step; readonly index: number; readonly count: number; readonly statements: number }
  | { readonly type: 'step-done'; readonly step: Step; readonly index: number; readonly count: number; readonly durationMs: number }
  | { readonly type: 'step-failed'; readonly step: Step; readonly index: number; readonly count: number; readonly error: StatementError }
  | { readonly type: 'note'; readonly message: string };

export interface ExecutorContext {
  readonly runner: StepRunner;
  readonly ledger: Ledger;
  readonly source: MigrationSource;
  readonly policy: StatementPolicy;
  readonly clock: Clock;
  readonly appliedBy: string;
  /** Workspace root, to print file paths relative to it. */
  readonly root: string | undefined;
  readonly emit: (event: MigrateEvent) => void;
}

export type StepOutcome =
  | { readonly kind: 'done'; readonly report: StepReport }
  | { readonly kind: 'blocked'; readonly issue: Issue }
  | { readonly kind: 'failed'; readonly report: StepReport; readonly error: StatementError };

/** After a batch failed: the statement that failed, read from the ledger; undefined when a ledger write failed. */
async function failedUnit(ctx: ExecutorContext, step: Step, batch: Batch): Promise<StepUnit | undefined> {
  // A data statement's transaction may still be open.
  await ctx.runner.reset().catch(() => {});
  if (batch.uncertain) return batch.units[0];
  const done = await ctx.ledger.statementsDone(step.migration.id).catch(() => undefined);
  return done === undefined ? undefined : batch.units.find((unit) => unit.statement.index === done + 1);
}

/**
 * Runs one step: ledger row first (so a crash leaves evidence), then each statement with its progress, the last
 * one's write being the final state; all of it in as few round trips as the batch size allows. `seq` hands out
 * the next position in the order of application.
 */
export async function runStep(ctx: ExecutorContext, step: Step, position: { index: number; count: number }, seq: () => number): Promise<StepOutcome> {
  const { index, count } = position;
  const id = step.migration.id;
  const list = await ctx.source.load(step.migration, step.direction);
  const script = stepScript(step, list, { by: ctx.appliedBy, nextSeq: seq }, ctx.policy);
  const edited = editedDoneStatements(step, list, script.prefixes);
  if (edited) return { kind: 'blocked', issue: edited };
  const started = ctx.clock.now();
  const base = { id, direction: step.direction, statementsTotal: list.length, ...(step.resume ? { resumedAt: step.startAt } : {}) };
  ctx.emit({ type: 'step-start', step, index, count, statements: list.length });
  for (const batch of batchesOf(step, script, ctx.runner, ctx.policy)) {
    try {
      await ctx.runner.run(batch.items);
    } catch (cause) {
      if (batch.uncertain && ctx.policy.alreadyDone(batch.units[0]!.statement, cause)) {
        ctx.emit({ type: 'note', message: `${id}: statement ${step.startAt} had already taken effect before the interruption (${(cause as Error).message}); recorded as done.` });
        continue;
      }
      const failed = await failedUnit(ctx, step, batch);
      if (failed === undefined) throw cause;
      const statement = failed.statement;
      const error = toStatementError(ctx.root, step, statement, list.length, cause);
      await ctx.ledger.fail({ id, error: `statement ${statement.index} (line ${statement.line}): ${error.message.split('\n')[0]}` });
      ctx.emit({ type: 'step-failed', step, index, count, error });
      return { kind: 'failed', error, report: { ...base, status: 'failed', durationMs: ctx.clock.now().getTime() - started.getTime(), statementsRun: statement.index - step.startAt } };
    }
  }
  const durationMs = ctx.clock.now().getTime() - started.getTime();
  ctx.emit({ type: 'step-done', step, index, count, durationMs });
  return { kind: 'done', report: { ...base, status: 'done', durationMs, statementsRun: script.units.length } };
}
