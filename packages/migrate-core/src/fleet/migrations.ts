// The run commands on a fleet: each database gets its own migrator (its own ledger and lock, exactly as a single
// database) on its own connection, and the fleet's migrations folder is read once for all of them.
import type { MigrateEvent } from '../engine/executor.js';
import type { Migrator, StepGuard } from '../engine/migrator.js';
import type { Session } from '../db/session.js';
import { createMysqlMigrator } from '../engine/mysql-migrator.js';
import type { RunReport } from '../engine/report.js';
import type { MigrationId, Target } from '../model.js';
import type { MigrationSource } from '../repository/index.js';
import type { MemberEntry, MemberWork } from './run.js';
import type { MemberSessions } from './server.js';

export type FleetRunCommand =
  | { readonly command: 'migrate'; readonly target: Target; readonly allowOutOfOrder: boolean }
  /** `guard`: a rollback's check of its planned steps on this database's session (e.g. the data-loss guard). */
  | { readonly command: 'rollback'; readonly target: Target; readonly guard?: (session: Session) => StepGuard }
  | { readonly command: 'stamp'; readonly id: MigrationId }
  | { readonly command: 'resolve'; readonly id: MigrationId; readonly as: 'applied' | 'rolled-back' };

export interface MigratorWorkOptions {
  /** Where each database's session comes from (one connection per worker; the caller closes them). */
  readonly sessions: MemberSessions;
  /** Shared by every database: wrap the folder's source in sharedSource(). */
  readonly source: MigrationSource;
  readonly ledgerTable: string;
  readonly appliedBy?: string;
  readonly lockTimeoutSeconds?: number | undefined;
  readonly root?: string;
  /** Stops each database's run between migrations. */
  readonly signal?: AbortSignal;
  readonly onEvent?: (database: string, event: MigrateEvent) => void;
}

function call(migrator: Migrator, run: FleetRunCommand, session: Session): Promise<RunReport> {
  switch (run.command) {
    case 'migrate':
      return migrator.migrate({ target: run.target, allowOutOfOrder: run.allowOutOfOrder });
    case 'rollback':
      return migrator.rollback({ target: run.target, ...(run.guard ? { guard: run.guard(session) } : {}) });
    case 'stamp':
      return migrator.stamp(run.id);
    case 'resolve':
      return migrator.resolve(run.id, run.as);
  }
}

/** One database's entry from its run report: the first issue stands in for the error of a blocked run. */
export function entryOfRun(report: RunReport): MemberEntry {
  const issue = report.issues[0];
  const error = report.error ?? issue;
  return {
    outcome: report.outcome,
    migrations: report.steps.filter((step) => step.status === 'done').length,
    ...(error === undefined ? {} : { error }),
    ...(report.issues.length === 0 ? {} : { issues: report.issues }),
  };
}

/** The work of `run` on one database: connect, build its migrator, run, close. */
export function migratorWork(options: MigratorWorkOptions, run: FleetRunCommand): MemberWork {
  return (database, worker) => options.sessions.run(worker, database, async (session) => {
    const migrator = createMysqlMigrator({
      session,
      source: options.source,
      ledgerTable: options.ledgerTable,
      ...(options.appliedBy === undefined ? {} : { appliedBy: options.appliedBy }),
      ...(options.lockTimeoutSeconds === undefined ? {} : { lockTimeoutSeconds: options.lockTimeoutSeconds }),
      ...(options.root === undefined ? {} : { root: options.root }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      ...(options.onEvent === undefined ? {} : { onEvent: (event: MigrateEvent) => options.onEvent!(database, event) }),
    });
    return entryOfRun(await call(migrator, run, session));
  });
}
