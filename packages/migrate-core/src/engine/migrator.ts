import { commandHint, MigrateError, type Issue } from '../errors.js';
import type { Ledger } from '../ledger/ledger.js';
import { DEFAULT_LOCK_TIMEOUT_SECONDS, type Lock } from '../lock/lock.js';
import { systemClock, type Clock, type LedgerRow, type MigrationFile, type MigrationId, type Step, type Target } from '../model.js';
import type { MigrationSource } from '../repository/index.js';
import { runStep, type ExecutorContext, type MigrateEvent } from './executor.js';
import { plan } from './planner.js';
import { errorReport, type ErrorReport, type Outcome, type RunReport, type StatusReport, type StepReport } from './report.js';
import type { StepRunner } from './runner.js';
import { defaultStatementPolicy } from './statement-policy.js';
import { statusOf } from './status.js';
import { describeDirty, dirtyRows, nextSeqOf, withAcceptedChecksums } from './verify.js';

export interface MigratorOptions {
  /** The database's name, for reports and messages. */
  readonly database: string;
  readonly ledger: Ledger;
  readonly lock: Lock;
  /** Sends a step's statements and ledger writes. */
  readonly runner: StepRunner;
  readonly source: MigrationSource;
  /** @default systemClock */
  readonly clock?: Clock;
  readonly onEvent?: (event: MigrateEvent) => void;
  /** Stops a run between migrations (never inside one). */
  readonly signal?: AbortSignal;
  /** Recorded in the ledger's `applied_by`. @default 'migrate-core' */
  readonly appliedBy?: string;
  /** @default DEFAULT_LOCK_TIMEOUT_SECONDS */
  readonly lockTimeoutSeconds?: number;
  /** Workspace root: file paths in messages are shown relative to it. */
  readonly root?: string;
  /** Turns an error that stops a run into one users can act on (e.g. a missing privilege); undefined keeps it. */
  readonly explainError?: (error: unknown) => MigrateError | undefined;
}

export interface Migrator {
  migrate(options?: { target?: Target; allowOutOfOrder?: boolean }): Promise<RunReport>;
  /** `guard` sees the planned steps under the lock, before any runs; an issue it returns blocks the rollback. */
  rollback(options?: { target?: Target; guard?: StepGuard }): Promise<RunReport>;
  status(): Promise<StatusReport>;
  /** Records every migration up to `id` as applied without running it (adopting an existing database). */
  stamp(id: MigrationId): Promise<RunReport>;
  /** The escape hatch after a hand repair: mark one migration applied, or remove it from the ledger. */
  resolve(id: MigrationId, as: 'applied' | 'rolled-back'): Promise<RunReport>;
  /** What migrate/rollback would do now, without the lock and without changing anything. */
  preview(command: 'migrate' | 'rollback', options: { target: Target; allowOutOfOrder?: boolean }): Promise<{ steps: readonly Step[]; issues: readonly Issue[]; rows: readonly LedgerRow[] }>;
  readonly ledger: Ledger;
}

type Command = RunReport['command'];

/** Looks at the steps a run is about to take; returns an issue to stop it (nothing changed), or undefined to go on. */
export type StepGuard = (steps: readonly Step[]) => Promise<Issue | undefined>;

/**
 * Composes the engine for one database from its collaborators: lock, read, verify, plan, execute, unlock.
 * `createMysqlMigrator` builds them for a MySQL session; tests pass in-memory twins.
 */
export function createMigrator(options: MigratorOptions): Migrator {
  const { database, ledger, lock, source } = options;
  const clock = options.clock ?? systemClock;
  const emit = options.onEvent ?? (() => {});
  const notes: string[] = [];
  const ctx: ExecutorContext = {
    runner: options.runner, ledger, source, clock, policy: defaultStatementPolicy, root: options.root, appliedBy: options.appliedBy ?? 'migrate-core',
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
        return report(command, started, 'failed', [], [], { code: server.code ?? 'SERVER', message: `${database}: ${server.sqlMessage ?? String(error)}` });
      }
      throw error;
    }
  }

  async function execute(command: Command, steps: readonly Step[], rows: readonly LedgerRow[], started: Date): Promise<RunReport> {
    const done: StepReport[] = [];
    // Positions in the order of application, handed out in memory: we hold the lock, nobody else writes rows.
    let nextSeq = nextSeqOf(rows);
    const seq = () => nextSeq++;
    const notRun = (from: number) => steps.slice(from).map((step): StepReport => ({
      id: step.migration.id, direction: step.direction, status: 'not-run', durationMs: null, statementsRun: 0, statementsTotal: null,
    }));
    for (const [i, step] of steps.entries()) {
      if (options.signal?.aborted) {
        return report(command, started, 'failed', [...done, ...notRun(i)], [],
          { code: 'INTERRUPTED', message: `Stopped on request after ${i} of ${steps.length} migrations; the rest were not run.`, hint: `Run ${commandHint(command)} again to continue.` });
      }
      const outcome = await runStep(ctx, step, { index: i + 1, count: steps.length }, seq);
      if (outcome.kind === 'blocked') return report(command, started, 'blocked', [...done, ...notRun(i)], [outcome.issue]);
      done.push(outcome.report);
      if (outcome.kind === 'failed') return report(command, started, 'failed', [...done, ...notRun(i + 1)], [], errorReport(outcome.error));
    }
    return report(command, started, 'done', done);
  }

  const planAndRun = (command: 'migrate' | 'rollback', target: Target, allowOutOfOrder?: boolean, guard?: StepGuard) =>
    locked(command, async (rows, files, started) => {
      const planned = plan({ command, files, rows, target, allowOutOfOrder: allowOutOfOrder ?? false });
      if (!planned.ok) return report(command, started, 'blocked', [], planned.issues);
      if (planned.steps.length === 0) return report(command, started, 'noop', []);
      const stop = await guard?.(planned.steps);
      if (stop !== undefined) return report(command, started, 'blocked', [], [stop]);
      return execute(command, planned.steps, rows, started);
    });

  /** Marks `file` applied by hand at `seq`: its step report. */
  const markApplied = async (file: MigrationFile, seq: number): Promise<StepReport> => {
    const total = (await source.load(file, 'up')).length;
    await ledger.resolve({ as: 'applied', id: file.id, seq, checksum: file.checksum, total, at: clock.now(), by: ctx.appliedBy });
    return { id: file.id, direction: 'up', status: 'done', durationMs: 0, statementsRun: 0, statementsTotal: total };
  };

  return {
    ledger,
    migrate: (o = {}) => planAndRun('migrate', o.target ?? { kind: 'latest' }, o.allowOutOfOrder),
    rollback: (o = {}) => planAndRun('rollback', o.target ?? { kind: 'steps', n: 1 }, false, o.guard),

    async status() {
      const [rows, listed, lockedBy] = [await ledger.list(), await source.list(), await lock.holder()];
      return statusOf(database, ledger.table, rows, await withAcceptedChecksums(listed, rows, source.acceptedChecksums), lockedBy, options.root);
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
      const planned = plan({ command, files, rows, target: o.target, allowOutOfOrder: o.allowOutOfOrder ?? false });
      return planned.ok ? { steps: planned.steps, issues: [], rows } : { steps: [], issues: planned.issues, rows };
    },
  };
}

function unknownMigration(id: MigrationId): Issue {
  return { code: 'UNKNOWN_TARGET', migrationId: id, message: `${id} is not a migration of this service.`, hint: `Run ${commandHint('status')} to list the migrations.` };
}

/** What stops `stamp`: an unknown id, a dirty row. */
function blockers(rows: readonly LedgerRow[], files: readonly MigrationFile[], id: MigrationId): Issue[] {
  if (!files.some((file) => file.id === id)) return [unknownMigration(id)];
  return dirtyRows(rows).map((row) => describeDirty(row, row.state === 'running'));
}
