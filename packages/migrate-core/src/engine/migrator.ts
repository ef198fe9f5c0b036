import { grantAll, type Session } from '../db/session.js';
import { commandHint, MigrateError, type Issue } from '../errors.js';
import { runStep, type ExecutorContext, type MigrateEvent } from './executor.js';
import { DEFAULT_LEDGER_TABLE } from '../ledger/ledger-sql.js';
import { createMysqlLedger, type Ledger } from '../ledger/mysql-ledger.js';
import { acquireLock, DEFAULT_LOCK_TIMEOUT_SECONDS, holderOf, lockName } from '../lock/mysql-lock.js';
import { systemClock, type Clock, type LedgerRow, type MigrationFile, type MigrationId, type Step, type Target } from '../model.js';
import { plan } from './planner.js';
import { errorReport, type ErrorReport, type Outcome, type RunReport, type StatusReport, type StepReport } from './report.js';
import type { MigrationSource } from '../repository/index.js';
import { describeDirty, dirtyRows, nextSeqOf, outOfOrderFiles, pendingFiles, verifyApplied, withAcceptedChecksums } from './verify.js';


export interface MigratorOptions {
  readonly session: Session;
  readonly source: MigrationSource;
  /** @default DEFAULT_LEDGER_TABLE */
  readonly ledgerTable?: string;
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
}

export interface Migrator {
  migrate(options?: { target?: Target; allowOutOfOrder?: boolean }): Promise<RunReport>;
  rollback(options?: { target?: Target }): Promise<RunReport>;
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

/**
 * Composes the engine for one database: lock, read, verify, plan, execute, unlock.
 *
 * @example
 * const migrator = createMigrator({ session, source: createFolderSource('services/first/migrations') });
 * const report = await migrator.migrate();            // to the latest
 * await migrator.rollback({ target: { kind: 'steps', n: 1 } });
 */
export function createMigrator(options: MigratorOptions): Migrator {
  const { session, source } = options;
  const clock = options.clock ?? systemClock;
  const table = options.ledgerTable ?? DEFAULT_LEDGER_TABLE;
  const ledger = createMysqlLedger(session, table);
  const lock = lockName(session.database, table);
  const emit = options.onEvent ?? (() => {});
  const notes: string[] = [];
  const ctx: ExecutorContext = {
    session, ledger, source, clock, root: options.root, appliedBy: options.appliedBy ?? 'migrate-core',
    emit: (event) => {
      if (event.type === 'note') notes.push(event.message);
      emit(event);
    },
  };

  const report = (command: Command, started: Date, outcome: Outcome, steps: StepReport[], issues: readonly Issue[] = [], error?: ErrorReport): RunReport => ({
    command, database: session.database, ledgerTable: table, outcome, steps, issues, notes: [...notes],
    ...(error ? { error } : {}), durationMs: clock.now().getTime() - started.getTime(),
  });

  /** Takes the lock, hands the fresh ledger and files to `body`, always releases; server errors become a failed report. */
  async function locked(command: Command, body: (rows: LedgerRow[], files: readonly MigrationFile[], started: Date) => Promise<RunReport>): Promise<RunReport> {
    const started = clock.now();
    notes.length = 0;
    try {
      const files = await source.list();
      const release = await acquireLock(session, lock, options.lockTimeoutSeconds ?? DEFAULT_LOCK_TIMEOUT_SECONDS,
        (wait) => emit({ type: 'lock-wait', database: session.database, ...wait }));
      try {
        // Read under the lock; the table is created on the first run that needs it (no DDL on every run).
        const rows = await ledger.listCreating();
        return await body(rows, await withAcceptedChecksums(files, rows, source.acceptedChecksums), started);
      } finally {
        await release().catch(() => {});
      }
    } catch (error) {
      // Bad input (a broken migrations folder), a lock timeout, a lost connection at start: the caller reports
      // these with their own exit status. Only what happens to a running migration becomes a 'failed' report.
      if (error instanceof MigrateError) throw error;
      const server = error as { code?: string; errno?: number; sqlMessage?: string };
      if (server.errno !== undefined && ACCESS_DENIED_ERRNOS.has(server.errno)) throw accessDenied(session, server.sqlMessage ?? String(error), error);
      if (server.sqlMessage !== undefined || server.code !== undefined) {
        return report(command, started, 'failed', [], [], { code: server.code ?? 'SERVER', message: `${session.database}: ${server.sqlMessage ?? String(error)}` });
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

  const planAndRun = (command: 'migrate' | 'rollback', target: Target, allowOutOfOrder?: boolean) =>
    locked(command, async (rows, files, started) => {
      const planned = plan({ command, files, rows, target, allowOutOfOrder: allowOutOfOrder ?? false });
      if (!planned.ok) return report(command, started, 'blocked', [], planned.issues);
      if (planned.steps.length === 0) return report(command, started, 'noop', []);
      return execute(command, planned.steps, rows, started);
    });

  return {
    ledger,
    migrate: (o = {}) => planAndRun('migrate', o.target ?? { kind: 'latest' }, o.allowOutOfOrder),
    rollback: (o = {}) => planAndRun('rollback', o.target ?? { kind: 'steps', n: 1 }),

    async status() {
      const [rows, listed, lockedBy] = [await ledger.list(), await source.list(), await holderOf(session, lock)];
      return statusOf(session.database, table, rows, await withAcceptedChecksums(listed, rows, source.acceptedChecksums), lockedBy, options.root);
    },

    stamp: (id) => locked('stamp', async (rows, files, started) => {
      const blocked = blockers(rows, files, id);
      if (blocked.length > 0) return report('stamp', started, 'blocked', [], blocked);
      const known = new Set(rows.map((row) => row.id));
      const steps: StepReport[] = [];
      let seq = nextSeqOf(rows);
      for (const file of files.filter((candidate) => candidate.id <= id && !known.has(candidate.id))) {
        const total = (await source.load(file, 'up')).length;
        await ledger.run(ledger.sql.markApplied({ id: file.id, seq: seq++, checksum: file.checksum, total, at: clock.now(), by: ctx.appliedBy }));
        steps.push({ id: file.id, direction: 'up', status: 'done', durationMs: 0, statementsRun: 0, statementsTotal: total });
      }
      return report('stamp', started, steps.length === 0 ? 'noop' : 'done', steps);
    }),

    resolve: (id, as) => locked('resolve', async (rows, files, started) => {
      const row = rows.find((candidate) => candidate.id === id);
      const file = files.find((candidate) => candidate.id === id);
      if (as === 'rolled-back') {
        if (row === undefined) {
          notes.push(`${id} is not in the ledger of \`${session.database}\`; nothing to do.`);
          return report('resolve', started, 'noop', []);
        }
        await ledger.run(ledger.sql.remove({ id }));
        return report('resolve', started, 'done', [{ id, direction: 'down', status: 'done', durationMs: 0, statementsRun: 0, statementsTotal: null }]);
      }
      if (file === undefined) return report('resolve', started, 'blocked', [], [unknownMigration(id)]);
      const total = (await source.load(file, 'up')).length;
      const seq = row?.seq ?? nextSeqOf(rows);
      await ledger.run(ledger.sql.markApplied({ id, seq, checksum: file.checksum, total, at: clock.now(), by: ctx.appliedBy }));
      return report('resolve', started, 'done', [{ id, direction: 'up', status: 'done', durationMs: 0, statementsRun: 0, statementsTotal: total }]);
    }),

    async preview(command, o) {
      const [rows, listed] = [await ledger.list(), await source.list()];
      const files = await withAcceptedChecksums(listed, rows, source.acceptedChecksums);
      const planned = plan({ command, files, rows, target: o.target, allowOutOfOrder: o.allowOutOfOrder ?? false });
      return planned.ok ? { steps: planned.steps, issues: [], rows } : { steps: [], issues: planned.issues, rows };
    },
  };
}

/** Table, column, database and privilege-level refusals: the user lacks rights, the migrations are not at fault. */
const ACCESS_DENIED_ERRNOS = new Set([1142, 1143, 1044, 1227]);

/** A user who may read the database but not write its ledger (or lock it): a setup problem, with the grant to run. */
function accessDenied(session: Session, message: string, cause: unknown): MigrateError {
  const { database, settings } = session;
  return new MigrateError('ACCESS_DENIED', `${database}: ${message} (user '${settings.user}', from ${settings.source}).`, {
    cause,
    hint: `Commands that change the database need rights to create and write its tables: ${grantAll(settings)} (\`status\`, \`drift\` and \`plan\` need SELECT only).`,
  });
}

function unknownMigration(id: MigrationId): Issue {
  return { code: 'UNKNOWN_TARGET', migrationId: id, message: `${id} is not a migration of this service.`, hint: `Run ${commandHint('status')} to list the migrations.` };
}

/** What stops `stamp`: an unknown id, a dirty row. */
function blockers(rows: readonly LedgerRow[], files: readonly MigrationFile[], id: MigrationId): Issue[] {
  if (!files.some((file) => file.id === id)) return [unknownMigration(id)];
  return dirtyRows(rows).map((row) => describeDirty(row, row.state === 'running'));
}

/** Builds the status report from the ledger rows and files (pure). */
export function statusOf(database: string, ledgerTable: string, rows: readonly LedgerRow[], files: readonly MigrationFile[], lockedBy: number | null, root?: string): StatusReport {
  const applied = rows.filter((row) => row.state === 'applied');
  const dirty = dirtyRows(rows)[0];
  const inProgress = dirty?.state === 'running' && lockedBy !== null;
  const issues: Issue[] = [...verifyApplied(files, rows).map((issue) => (root ? { ...issue, message: issue.message.replace(root + '/', '') } : issue))];
  for (const row of dirtyRows(rows)) {
    issues.push(inProgress
      ? { code: 'IN_PROGRESS', migrationId: row.id, message: `${row.id} is being ${row.direction === 'up' ? 'applied' : 'rolled back'} right now (server connection ${lockedBy}), at statement ${row.statementsDone + 1} of ${row.statementsTotal}.` }
      : describeDirty(row, row.state === 'running'));
  }
  for (const file of outOfOrderFiles(files, rows)) {
    issues.push({ code: 'OUT_OF_ORDER', migrationId: file.id, message: `${file.id} is pending but sorts before migrations already applied.`,
      hint: `Apply it with ${commandHint('migrate', '--allow-out-of-order')} if it does not depend on them.` });
  }
  return {
    database,
    ledgerTable,
    current: applied.map((row) => row.id).sort().at(-1) ?? null,
    applied: applied.map((row) => ({ id: row.id, checksum: row.checksum, appliedAt: row.finishedAt?.toISOString() ?? null, durationMs: row.durationMs })),
    pending: pendingFiles(files, rows).map((file) => ({ id: file.id })),
    dirty: dirty === undefined ? null : {
      id: dirty.id, direction: dirty.direction, statement: dirty.statementsDone + 1, statements: dirty.statementsTotal,
      error: dirty.error ?? (inProgress ? 'in progress' : 'interrupted: the process stopped during this migration'), state: dirty.state === 'running' ? 'running' : 'failed',
    },
    issues,
    lockedBy,
  };
}
