import { commandHint, findingOf, MigrateError, type Issue } from '../errors.js';
import { DEFAULT_LOCK_TIMEOUT_SECONDS } from '../lock/lock.js';
import { systemClock, type LedgerRow, type MigrationFile, type MigrationId, type Step, type Target } from '../model.js';
import { DEFAULT_FLAVOR } from '../sql/flavor.js';
import { prepareStep, sendStep, type ExecutorContext, type LoadedStep, type PreparedStep, type SentOutcome } from './executor.js';
import { joinable, sendTogether } from './together.js';
import { loadSteps, refusalsOf } from './load-steps.js';
import { plan } from './planner.js';
import type { Inspector } from './proof.js';
import { outcomeIssues, settleInDoubt, type InDoubtContext } from './in-doubt.js';
import { type ErrorReport, type Outcome, type RunReport, type StepReport } from './report.js';
import { defaultStatementPolicy } from './statement-policy.js';
import { statusOf } from './status.js';
import { describeDirty, dirtyRows, nextSeqOf, withAcceptedChecksums } from './verify.js';
import type { Migrator, MigratorOptions, StepGuard } from './migrator-api.js';

export type { Migrator, MigratorOptions, StepGuard };

type Command = RunReport['command'];

/**
 * Composes the engine for one database from its collaborators: lock, read, verify, plan, execute, unlock.
 * `createMysqlMigrator` builds them for a MySQL session; tests pass in-memory twins.
 */
export function createMigrator(options: MigratorOptions): Migrator {
  const { database, ledger, lock, source } = options;
  const clock = options.clock ?? systemClock;
  const emit = options.onEvent ?? (() => {});
  const stepsPerRoundTrip = options.stepsPerRoundTrip ?? 1;
  const notes: string[] = [];
  const inspector: Inspector = options.inspector ?? { flavor: async () => DEFAULT_FLAVOR, signature: async () => null };
  const ctx: ExecutorContext = {
    runner: options.runner, ledger, clock, policy: defaultStatementPolicy, inspector, signal: options.signal, appliedBy: options.appliedBy ?? 'migrate-core',
    emit: (event) => {
      if (event.type === 'note') notes.push(event.message);
      emit(event);
    },
  };

  const report = (command: Command, started: Date, outcome: Outcome, steps: StepReport[], issues: readonly Issue[] = [], error?: ErrorReport): RunReport => ({
    command, database, ledgerTable: ledger.table, outcome, steps, issues, notes: [...notes],
    ...(error ? { error } : {}), durationMs: clock.now().getTime() - started.getTime(),
  });

  /** Takes the lock, hands the fresh ledger and files to `body`, always releases; server errors become a failed report. */
  async function locked(command: Command, body: (rows: LedgerRow[], files: readonly MigrationFile[], started: Date) => Promise<RunReport>): Promise<RunReport> {
    const started = clock.now();
    notes.length = 0;
    try {
      const files = await source.list();
      const release = await lock.acquire(options.lockTimeoutSeconds ?? DEFAULT_LOCK_TIMEOUT_SECONDS,
        (wait) => emit({ type: 'lock-wait', database, ...wait }));
      try {
        // Read under the lock, from a ledger ready for the writes to come.
        const rows = await ledger.prepare();
        return await body(rows, await withAcceptedChecksums(files, rows, source.acceptedChecksums), started);
      } finally {
        await release().catch(() => {});
      }
    } catch (error) {
      // Bad input (a broken migrations folder), a lock timeout, a lost connection at start: the caller reports
      // these with their own exit status. Only what happens to a running migration becomes a 'failed' report.
      if (error instanceof MigrateError) throw error;
      const explained = options.explainError?.(error);
      if (explained) throw explained;
      const server = error as { code?: string; sqlMessage?: string };
      if (server.sqlMessage !== undefined || server.code !== undefined) {
        return report(command, started, 'failed', [], [], { code: server.code ?? 'SERVER', severity: 'error', message: `${database}: ${server.sqlMessage ?? String(error)}` });
      }
      throw error;
    }
  }

  const load = async (steps: readonly Step[]) => loadSteps(source, steps, { flavor: await inspector.flavor(), database, root: options.root });

  async function execute(command: Command, loadedSteps: readonly LoadedStep[], rows: readonly LedgerRow[], started: Date): Promise<RunReport> {
    const steps = loadedSteps.map((loaded) => loaded.step);
    const done: StepReport[] = [];
    // Positions in the order of application, handed out in memory: we hold the lock, nobody else writes rows.
    let nextSeq = nextSeqOf(rows);
    const seq = () => nextSeq++;
    const notRun = (from: number) => steps.slice(from).map((step): StepReport => ({
      id: step.migration.id, direction: step.direction, status: 'not-run', durationMs: null, statementsRun: 0, statementsTotal: null,
    }));
    /** Stopped on request before step `at`: it and those after it did not run. */
    const interrupted = (at: number) => report(command, started, 'failed', [...done, ...notRun(at)], [],
      { code: 'INTERRUPTED', severity: 'error', message: `Stopped on request after ${at} of ${steps.length} migrations, before ${steps[at]!.migration.id}; the rest were not run.`, hint: `Run ${commandHint(command)} again to continue.` });
    /** A step failed: reported after those before it, the rest not run. */
    const failedAt = (outcome: Extract<SentOutcome, { kind: 'failed' }>) => {
      done.push(outcome.report);
      const error = outcome.error instanceof MigrateError ? findingOf(outcome.error) : outcome.error;
      return report(command, started, 'failed', [...done, ...notRun(done.length)], [], error);
    };
    // Joinable steps wait here to go to the server together (together.ts), up to stepsPerRoundTrip of them.
    let waiting: PreparedStep[] = [];
    /** Sends what waits (unless a stop was asked for); a report when the run ends there. */
    const send = async (): Promise<RunReport | undefined> => {
      const group = waiting;
      waiting = [];
      if (group.length === 0) return undefined;
      if (options.signal?.aborted) return interrupted(done.length);
      const outcomes: SentOutcome[] = group.length === 1 ? [await sendStep(ctx, group[0]!)] : await sendTogether(ctx, group);
      for (const outcome of outcomes) {
        if (outcome.kind === 'failed') return failedAt(outcome);
        done.push(outcome.report);
      }
      return undefined;
    };
    for (const [i, loaded] of loadedSteps.entries()) {
      // What waits was never sent: it did not run.
      if (options.signal?.aborted) return interrupted(i - waiting.length);
      const ready = await prepareStep(ctx, loaded, { index: i + 1, count: steps.length }, seq);
      if (ready.kind !== 'ready') {
        const ended = await send();
        if (ended) return ended;
        return ready.kind === 'blocked' ? report(command, started, 'blocked', [...done, ...notRun(i)], [ready.issue]) : failedAt(ready);
      }
      const { prepared } = ready;
      const joins = stepsPerRoundTrip > 1 && joinable(prepared);
      const full = waiting.length >= stepsPerRoundTrip || waiting.reduce((sum, other) => sum + other.bytes, prepared.bytes) > prepared.limit;
      // A step that cannot join goes alone, after what waits; a joinable one waits, once what waits has gone if it is full.
      if (!joins || full) {
        const ended = await send();
        if (ended) return ended;
      }
      waiting.push(prepared);
      if (!joins) {
        const ended = await send();
        if (ended) return ended;
      }
    }
    return (await send()) ?? report(command, started, 'done', done);
  }

  const planAndRun = (command: 'migrate' | 'rollback', target: Target, allowOutOfOrder?: boolean, guard?: StepGuard) =>
    locked(command, async (rows, files, started) => {
      const planned = plan({ command, files, rows, target, allowOutOfOrder: allowOutOfOrder ?? false, root: options.root });
      if (!planned.ok) return report(command, started, 'blocked', [], planned.issues);
      if (planned.steps.length === 0) return report(command, started, 'noop', []);
      const stop = await guard?.(planned.steps);
      if (stop !== undefined) return report(command, started, 'blocked', [], [stop]);
      // Every file is read and checked before anything runs: a refused statement in the third migration must
      // not leave the first two applied.
      const loaded = await load(planned.steps);
      const refused = refusalsOf(loaded);
      if (refused.length > 0) return report(command, started, 'blocked', [], refused);
      return execute(command, loaded, rows, started);
    });

  /** Marks `file` applied by hand at `seq`: its step report. */
  const markApplied = async (file: MigrationFile, seq: number): Promise<StepReport> => {
    const total = (await source.load(file, 'up')).length;
    const checksum = source.ledgerChecksum ? await source.ledgerChecksum(file) : file.checksum;
    await ledger.resolve({ as: 'applied', id: file.id, seq, checksum, total, at: clock.now(), by: ctx.appliedBy });
    return { id: file.id, direction: 'up', status: 'done', durationMs: 0, statementsRun: 0, statementsTotal: total };
  };

  const doubt: InDoubtContext = { load, policy: ctx.policy, inspector, root: options.root, database, ledger };
  /** `resolve --statement-done|--statement-not-done`: decides the statement in doubt of a dirty row. */
  const settle = async (id: MigrationId, as: 'statement-done' | 'statement-not-done', row: LedgerRow | undefined, file: MigrationFile | undefined, started: Date): Promise<RunReport> => {
    const settled = await settleInDoubt(doubt, id, as, row, file);
    if (settled.note !== undefined) notes.push(settled.note);
    if (settled.kind === 'unknown-migration') return report('resolve', started, 'blocked', [], [unknownMigration(id)]);
    return report('resolve', started, settled.kind, settled.step ? [settled.step] : []);
  };

  return {
    ledger,
    migrate: (o = {}) => planAndRun('migrate', o.target ?? { kind: 'latest' }, o.allowOutOfOrder),
    rollback: (o = {}) => planAndRun('rollback', o.target ?? { kind: 'steps', n: 1 }, false, o.guard),

    async status() {
      const [rows, listed, lockedBy] = [await ledger.list(), await source.list(), await lock.holder()];
      const files = await withAcceptedChecksums(listed, rows, source.acceptedChecksums);
      // While another run holds the lock, the statement in doubt may simply be running.
      const unknown = lockedBy === null ? await outcomeIssues(doubt, rows, files) : [];
      return statusOf(database, ledger.table, rows, files, lockedBy, options.root, unknown);
    },

    stamp: (id) => locked('stamp', async (rows, files, started) => {
      const blocked = blockers(rows, files, id);
      if (blocked.length > 0) return report('stamp', started, 'blocked', [], blocked);
      const known = new Set(rows.map((row) => row.id));
      const steps: StepReport[] = [];
      let seq = nextSeqOf(rows);
      for (const file of files.filter((candidate) => candidate.id <= id && !known.has(candidate.id))) steps.push(await markApplied(file, seq++));
      return report('stamp', started, steps.length === 0 ? 'noop' : 'done', steps);
    }),

    resolve: (id, as) => locked('resolve', async (rows, files, started) => {
      const row = rows.find((candidate) => candidate.id === id);
      const file = files.find((candidate) => candidate.id === id);
      if (as === 'statement-done' || as === 'statement-not-done') return settle(id, as, row, file, started);
      if (as === 'rolled-back') {
        if (row === undefined) {
          notes.push(`${id} is not in the ledger of \`${database}\`; nothing to do.`);
          return report('resolve', started, 'noop', []);
        }
        await ledger.resolve({ as: 'rolled-back', id });
        return report('resolve', started, 'done', [{ id, direction: 'down', status: 'done', durationMs: 0, statementsRun: 0, statementsTotal: null }]);
      }
      if (file === undefined) return report('resolve', started, 'blocked', [], [unknownMigration(id)]);
      return report('resolve', started, 'done', [await markApplied(file, row?.seq ?? nextSeqOf(rows))]);
    }),

    async preview(command, o) {
      const [rows, listed] = [await ledger.list(), await source.list()];
      const files = await withAcceptedChecksums(listed, rows, source.acceptedChecksums);
      const planned = plan({ command, files, rows, target: o.target, allowOutOfOrder: o.allowOutOfOrder ?? false, root: options.root });
      return planned.ok ? { steps: planned.steps, issues: [], rows } : { steps: [], issues: planned.issues, rows };
    },
  };
}

function unknownMigration(id: MigrationId): Issue {
  return { code: 'UNKNOWN_TARGET', severity: 'error', migrationId: id, message: `${id} is not a migration of this service.`, hint: `Run ${commandHint('status')} to list the migrations.` };
}

/** What stops `stamp`: an unknown id, a dirty row. */
function blockers(rows: readonly LedgerRow[], files: readonly MigrationFile[], id: MigrationId): Issue[] {
  if (!files.some((file) => file.id === id)) return [unknownMigration(id)];
  return dirtyRows(rows).map((row) => describeDirty(row, row.state === 'running'));
}
