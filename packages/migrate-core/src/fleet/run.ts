// A fleet command: the same work on every database of the fleet (or of one shard), over a bounded pool, with the
// rollout rules of runPool, timed and summarised as a FleetReport.
import { findingOf } from '../errors.js';
import { failedOrBlocked, runPool, type PoolWork } from './pool.js';
import { fleetOutcome, summarize, type FleetEntry, type FleetReport } from './report.js';
import type { Shard } from './shard.js';

export interface FleetRunOptions {
  readonly service: string;
  readonly command: string;
  /** The databases to run on, in order (already narrowed to the shard). */
  readonly databases: readonly string[];
  readonly shard?: Shard | undefined;
  readonly concurrency: number;
  readonly canary?: number | undefined;
  readonly continueOnError?: boolean | undefined;
  /** Databases already known to have nothing to do (see triage): reported as noop, not run. */
  readonly idle?: ReadonlySet<string> | undefined;
  readonly signal?: AbortSignal | undefined;
  readonly onStart?: ((database: string) => void) | undefined;
  readonly onDone?: ((entry: FleetEntry) => void) | undefined;
  /** @default Date.now */
  readonly now?: () => number;
  /** When the command started (before finding members or triage), for the report's time. @default now() */
  readonly startedAt?: number | undefined;
}

/** What one database's work gives back; the runner adds the name and the time. */
export type MemberEntry = Omit<FleetEntry, 'database' | 'durationMs'>;
export type MemberWork = (database: string, worker: number) => Promise<MemberEntry>;

export async function runFleet(options: FleetRunOptions, work: MemberWork): Promise<FleetReport> {
  const now = options.now ?? Date.now;
  const started = options.startedAt ?? now();
  const timed: PoolWork<FleetEntry> = async (database, worker) => {
    const start = now();
    const body = await work(database, worker);
    return { database, ...body, durationMs: now() - start };
  };
  const idle = options.idle ?? new Set<string>();
  const run = await runPool(options.databases.filter((database) => !idle.has(database)), timed, {
    concurrency: options.concurrency,
    canary: options.canary,
    continueOnError: options.continueOnError,
    signal: options.signal,
    onStart: options.onStart,
    onDone: options.onDone,
    isFailure: failedOrBlocked,
    skipped: (database): FleetEntry => ({ database, outcome: 'skipped', migrations: 0, durationMs: null }),
    crashed: (database, error): FleetEntry => ({ database, outcome: 'failed', migrations: 0, durationMs: null, error: findingOf(error) }),
  });
  const ran = new Map(run.results.map((entry) => [entry.database, entry]));
  const entries = options.databases.map((database): FleetEntry => ran.get(database) ?? { database, outcome: 'noop', migrations: 0, durationMs: 0 });
  const summary = summarize(entries);
  return {
    service: options.service,
    command: options.command,
    shard: options.shard ?? null,
    outcome: fleetOutcome(summary),
    summary,
    stopped: run.stopped ?? null,
    startedAt: new Date(started).toISOString(),
    durationMs: now() - started,
    concurrency: options.concurrency,
    databases: entries,
  };
}
