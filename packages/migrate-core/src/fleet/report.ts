// The result of a fleet command: one entry per database and a summary. The same document is printed by --json,
// written by --report <file>, and merged from the shards' reports.
import type { Issue } from '../errors.js';
import type { ErrorReport, Outcome } from '../engine/report.js';
import type { MemberOutcome, PoolStop } from './pool.js';
import type { Shard } from './shard.js';

export interface FleetEntry {
  readonly database: string;
  readonly outcome: MemberOutcome;
  /** Migrations this run applied, rolled back, stamped or resolved on the database (planned, for `plan`). */
  readonly migrations: number;
  /** Wall time of the database's work; null when it was never started. */
  readonly durationMs: number | null;
  readonly error?: ErrorReport;
  readonly issues?: readonly Issue[];
  /** Command-specific details (drift's differences, plan's steps). */
  readonly detail?: Record<string, unknown>;
}

export interface FleetSummary {
  readonly total: number;
  readonly done: number;
  readonly noop: number;
  readonly blocked: number;
  readonly failed: number;
  readonly skipped: number;
}

export interface FleetReport {
  readonly service: string;
  readonly command: string;
  /** Which shard of the fleet this run covered (null: all of it). */
  readonly shard: Shard | null;
  /** done: something changed and nothing failed; noop: nothing to do; blocked/failed: at least one database. */
  readonly outcome: Outcome;
  readonly summary: FleetSummary;
  readonly stopped: PoolStop | null;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly concurrency: number;
  readonly databases: readonly FleetEntry[];
}

export function summarize(entries: readonly FleetEntry[]): FleetSummary {
  const count = (outcome: MemberOutcome) => entries.filter((entry) => entry.outcome === outcome).length;
  return { total: entries.length, done: count('done'), noop: count('noop'), blocked: count('blocked'), failed: count('failed'), skipped: count('skipped') };
}

/** Failed wins over blocked (exit 1 before 3); databases left out by a stop make the run failed. */
export function fleetOutcome(summary: FleetSummary): Outcome {
  if (summary.failed > 0) return 'failed';
  if (summary.blocked > 0) return 'blocked';
  if (summary.skipped > 0) return 'failed';
  return summary.done > 0 ? 'done' : 'noop';
}
