// What createMigrator takes and gives: the engine for one database, composed from its collaborators.
import type { Issue, MigrateError } from '../errors.js';
import type { Ledger } from '../ledger/ledger.js';
import type { Lock } from '../lock/lock.js';
import type { Clock, LedgerRow, MigrationId, Step, Target } from '../model.js';
import type { MigrationSource } from '../repository/index.js';
import type { MigrateEvent } from './executor.js';
import type { Inspector } from './proof.js';
import type { RunReport, StatusReport } from './report.js';
import type { StepRunner } from './runner.js';

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
  /**
   * Stops a run after the statement in progress: the ledger records exactly where, and the next run resumes
   * there. (A round trip already sent stops at its next stop point; see StepItem `checkpoint`.)
   */
  readonly signal?: AbortSignal;
  /**
   * Reads the server's flavor and the signatures that prove, after an interruption, whether a statement took
   * effect. @default none: the default flavor, and no proof (an interrupted DDL statement is "outcome unknown")
   */
  readonly inspector?: Inspector;
  /** Recorded in the ledger's `applied_by`. @default 'migrate-core' */
  readonly appliedBy?: string;
  /** @default DEFAULT_LOCK_TIMEOUT_SECONDS */
  readonly lockTimeoutSeconds?: number;
  /** Workspace root: file paths in messages are shown relative to it. */
  readonly root?: string;
  /**
   * At most this many consecutive migrations that need nothing from the engine between them (only DDL and data
   * statements, see together.ts) go to the server in one round trip, each with its own ledger writes. @default 1
   */
  readonly stepsPerRoundTrip?: number;
  /** Turns an error that stops a run into one users can act on (e.g. a missing privilege); undefined keeps it. */
  readonly explainError?: (error: unknown) => MigrateError | undefined;
}

/** Looks at the steps a run is about to take; returns an issue to stop it (nothing changed), or undefined to go on. */
export type StepGuard = (steps: readonly Step[]) => Promise<Issue | undefined>;

export interface Migrator {
  migrate(options?: { target?: Target; allowOutOfOrder?: boolean }): Promise<RunReport>;
  /** `guard` sees the planned steps under the lock, before any runs; an issue it returns blocks the rollback. */
  rollback(options?: { target?: Target; guard?: StepGuard }): Promise<RunReport>;
  status(): Promise<StatusReport>;
  /** Records every migration up to `id` as applied without running it (adopting an existing database). */
  stamp(id: MigrationId): Promise<RunReport>;
  /**
   * The escape hatch after a hand repair: mark one migration applied, or remove it from the ledger; or, after
   * "outcome unknown", record the statement in doubt as done or as not done (it then runs again).
   */
  resolve(id: MigrationId, as: 'applied' | 'rolled-back' | 'statement-done' | 'statement-not-done'): Promise<RunReport>;
  /** What migrate/rollback would do now, without the lock and without changing anything. */
  preview(command: 'migrate' | 'rollback', options: { target: Target; allowOutOfOrder?: boolean }): Promise<{ steps: readonly Step[]; issues: readonly Issue[]; rows: readonly LedgerRow[] }>;
  readonly ledger: Ledger;
}

