import type { Issue } from '../errors.js';
import type { Finding } from '../findings.js';
import type { Direction, MigrationId } from '../model.js';

export type Outcome = 'done' | 'noop' | 'blocked' | 'failed';

export interface StepReport {
  readonly id: MigrationId;
  readonly direction: Direction;
  readonly status: 'done' | 'failed' | 'not-run';
  readonly durationMs: number | null;
  /** Statements this run executed (a resume skips those already done). */
  readonly statementsRun: number;
  readonly statementsTotal: number | null;
  /** Set when the step resumed a failed or interrupted migration at this statement. */
  readonly resumedAt?: number;
}

/** The error that ended a run, or kept a database from being read (findingOf turns a thrown one into this). */
export type ErrorReport = Finding;

export interface RunReport {
  readonly command: 'migrate' | 'rollback' | 'stamp' | 'resolve';
  readonly database: string;
  readonly ledgerTable: string;
  readonly outcome: Outcome;
  readonly steps: readonly StepReport[];
  readonly issues: readonly Issue[];
  /** Things worth knowing that changed nothing's outcome, e.g. a statement found already done after a crash. */
  readonly notes: readonly string[];
  readonly error?: ErrorReport;
  readonly durationMs: number;
}

export interface StatusReport {
  readonly database: string;
  readonly ledgerTable: string;
  /** The newest applied migration, or null when none is. */
  readonly current: MigrationId | null;
  readonly applied: ReadonlyArray<{ id: MigrationId; checksum: string; appliedAt: string | null; durationMs: number | null }>;
  readonly pending: ReadonlyArray<{ id: MigrationId }>;
  /** `outcome: 'unknown'`: nobody can tell whether `statement` took effect; `resolve --statement-done|--statement-not-done` decides. */
  readonly dirty: null | { id: MigrationId; direction: Direction; statement: number; statements: number; error: string; state: 'failed' | 'running'; outcome?: 'unknown' };
  readonly issues: ReadonlyArray<Issue>;
  /** Server connection holding the migration lock right now (a migrate in progress), or null. */
  readonly lockedBy: number | null;
}
