// Several migrations in one round trip. A run of many small migrations spends most of its time waiting for
// round trips, one per migration; consecutive migrations that need nothing between them from the engine go
// together, each still with its own ledger row, statements and ledger writes in the order they run alone. The
// server stops at the first error, so the ledger records exactly what ran, as when each is sent alone.
import type { LedgerWrite } from '../ledger/ledger.js';
import type { StatementClass } from '../sql/model.js';
import { stepReportBase, type ExecutorContext, type PreparedStep, type SentOutcome } from './executor.js';
import { contains } from './runner.js';
import { canShareLedgerWrites, markOf, sharedRoundTrip, type SharedRoundTrip } from './shared-ledger.js';
import { handleFailure, unclosedTransaction } from './step-failure.js';
import type { StepItem } from './step-script.js';

/**
 * How many migrations a MySQL migrator sends together at most: enough that round trips no longer count
 * (`npm run bench`), few enough that progress lines still come in steps.
 */
export const STEPS_PER_ROUND_TRIP = 32;

/** Statements that leave no transaction open and nothing in the session: DDL, and data statements (which the engine wraps with their progress). */
const JOINABLE: ReadonlySet<StatementClass> = new Set(['ddl', 'data', 'noop']);

/**
 * Whether a prepared step may share a round trip: an up step from its first statement (not a resume, which may
 * need a proof or a replayed session), in one round trip of its own, with only DDL and data statements (no
 * session setting to reset, no transaction of its own, no CALL whose results cannot be counted). Rollbacks run
 * one at a time: a completed down step removes its row, and with it the duration the report shows.
 */
export function joinable(prepared: PreparedStep): boolean {
  const { step, script, batches, loaded } = prepared;
  return step.direction === 'up' && step.resume === undefined && script.replay.length === 0 && script.reset.length === 0 &&
    batches.length === 1 && loaded.statements.every((statement) => JOINABLE.has(statement.class));
}

/**
 * Sends joinable steps in one round trip. Returns an outcome for each step up to and including the one that
 * failed, if any; the steps after it did not run. Durations are the ledger's (the server times each one).
 * Steps whose recovery the engine can prove share their ledger writes (shared-ledger.ts).
 */
export async function sendTogether(ctx: ExecutorContext, group: readonly PreparedStep[]): Promise<SentOutcome[]> {
  const first = group[0]!;
  const { count } = first.position;
  ctx.emit({ type: 'step-start', step: first.loaded.step, index: first.position.index, count, statements: first.loaded.statements.length, together: group.length });
  const candidate = canShareLedgerWrites(group, ctx.policy, await ctx.inspector.flavor()) ? sharedRoundTrip(group) : undefined;
  // Its marks and transactions add a few bytes: a round trip filled up to the packet limit goes as it was.
  const shared = candidate !== undefined && candidate.items.reduce((sum, item) => sum + ctx.runner.size(item), 0) <= first.limit ? candidate : undefined;
  const sent = await ctx.runner.run(shared?.items ?? group.flatMap((prepared) => batchOf(prepared).items),
    { onActivity: (activity) => ctx.emit({ type: 'server-activity', step: first.loaded.step, activity }) });
  if (shared !== undefined && !sent.ok && contains(shared.begins, sent.failed)) {
    // No row was written, so nothing ran: as when the first step's row cannot be written alone.
    const failure = await handleFailure(ctx, first.loaded, batchOf(first), { ...sent, failed: batchOf(first).items[0]! });
    return [failedOutcome(ctx, first, failure.error, 0)];
  }
  // The held-back completions did not commit: the first step answers for them.
  const heldBackFailed = shared !== undefined && !sent.ok && contains(shared.completions, sent.failed);
  const outcome = sent.ok || shared === undefined ? sent : { ...sent, failed: heldBackFailed ? ownCompletion(group, 0) : shared.ownItem(sent.failed) };
  // Not expected of joinable statements: a transaction left open at the end. If the server says so all the same,
  // the last step answers for it, as it would alone.
  const unclosed = outcome.ok && (outcome.inTransaction === true || outcome.autocommit === false);
  const failedAt = outcome.ok ? (unclosed ? group.length - 1 : group.length)
    : Math.max(0, group.findIndex((prepared) => batchOf(prepared).items.some((item) => contains(item, outcome.failed))));
  // The failure first (it ends a transaction left open), then what the ledger says of the steps before it.
  const failing = group[failedAt];
  const failure = failing === undefined ? undefined
    : outcome.ok ? { error: await unclosedTransaction(ctx, failing.loaded, batchOf(failing), true), statementsRun: failing.loaded.statements.length }
    : await handleFailure(ctx, failing.loaded, batchOf(failing), outcome);
  if (shared !== undefined && !outcome.ok && failing !== undefined) {
    if (heldBackFailed) noteHeldBack(ctx, group, failedAt);
    else if (outcome.failure === 'server' || outcome.failure === 'stopped') await settleOthers(ctx, group, shared, failedAt, outcome.failed !== batchOf(failing).items[1]);
    else noteUnrecorded(ctx, group, failedAt);
  }
  const done = group.slice(0, failedAt);
  const durations = await ctx.ledger.durations(done.map((prepared) => prepared.step.migration.id)).catch(() => new Map<string, number>());
  const outcomes: SentOutcome[] = done.map((prepared) => {
    const { step, loaded, position } = prepared;
    const durationMs = durations.get(step.migration.id) ?? null;
    ctx.emit({ type: 'step-done', step: loaded.step, index: position.index, count, durationMs });
    return { kind: 'done', report: { ...stepReportBase(prepared), status: 'done', durationMs, statementsRun: loaded.statements.length } };
  });
  if (failure !== undefined && failing !== undefined) outcomes.push(failedOutcome(ctx, failing, failure.error, failure.statementsRun));
  return outcomes;
}

const batchOf = (prepared: PreparedStep) => prepared.batches[0]!;

/** Step `j`'s own completion item (the last of its batch). */
const ownCompletion = (group: readonly PreparedStep[], j: number): StepItem => batchOf(group[j]!).items.at(-1)!;

/**
 * Step `failedAt` failed inside the shared round trip and the server still answers: the steps before it ran,
 * so their held-back completions are written (ending at the failing step's start when it reached it); the
 * steps after it never started, so their rows go. A write that fails leaves rows `running`, which the next run
 * proves (done, or not started) and takes up.
 */
async function settleOthers(ctx: ExecutorContext, group: readonly PreparedStep[], shared: SharedRoundTrip, failedAt: number, failingStarted: boolean): Promise<void> {
  const writes: LedgerWrite[] = [];
  for (const [j, held] of shared.heldBack.slice(0, failedAt).entries()) {
    const endsAtMark = j + 1 < failedAt || failingStarted;
    writes.push(endsAtMark ? held : { ...held, span: { from: markOf(j) } });
  }
  for (const prepared of group.slice(failedAt + 1)) writes.push({ kind: 'resolve', as: 'rolled-back', id: prepared.step.migration.id });
  try {
    for (const write of writes) await ctx.ledger.write(write);
  } catch (error) {
    ctx.emit({ type: 'note', message: `The ledger could not record the migrations sent with ${group[failedAt]!.step.migration.id} (${String((error as Error).message ?? error).split('\n')[0]}); ` +
      'their rows stay in progress, and the next run proves which of them ran and takes them up.' });
  }
}

/** The held-back completions did not commit: every statement ran; the failing step's completion was written again (or not), the rest are proven by the next run. */
function noteHeldBack(ctx: ExecutorContext, group: readonly PreparedStep[], failedAt: number): void {
  const after = group.length - failedAt - 1;
  if (after === 0) return;
  ctx.emit({ type: 'note', message: `The ${after} migration${after === 1 ? '' : 's'} sent after ${group[failedAt]!.step.migration.id} ran too, but the ledger shows ${after === 1 ? 'it' : 'them'} in progress: ` +
    'the next run proves that each took effect and records it.' });
}

/**
 * The connection was lost (or the server stopped answering) inside the shared round trip: the steps before the
 * failing one ran, since the server answered for each of their statements, but their completions were held back
 * to the end and were not written; nothing can be written now. The report counts them as run: the note says
 * what the ledger shows until the next run proves them.
 */
function noteUnrecorded(ctx: ExecutorContext, group: readonly PreparedStep[], failedAt: number): void {
  if (failedAt === 0) return;
  const ran = group.slice(0, failedAt).map((prepared) => prepared.step.migration.id);
  const what = ran.length === 1 ? ran[0] : `${ran.length} migrations (${ran[0]} to ${ran.at(-1)})`;
  ctx.emit({ type: 'note', message: `${what} ran, but the round trip was cut off (connection lost, or a server not answering) before the ledger recorded ${ran.length === 1 ? 'it' : 'them'} as applied: ` +
    `the ledger shows ${ran.length === 1 ? 'it' : 'them'} in progress until the next run proves that each took effect and records it.` });
}

function failedOutcome(ctx: ExecutorContext, prepared: PreparedStep, error: Extract<SentOutcome, { kind: 'failed' }>['error'], statementsRun: number): SentOutcome {
  const { loaded, position } = prepared;
  ctx.emit({ type: 'step-failed', step: loaded.step, index: position.index, count: position.count, error });
  return { kind: 'failed', error, report: { ...stepReportBase(prepared), status: 'failed', durationMs: null, statementsRun } };
}
