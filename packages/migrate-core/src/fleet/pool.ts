// Runs one piece of work per database over a bounded number of workers, with the rollout rules of a fleet: a
// canary first, and fail-fast (no new database starts after a failure; running ones finish) unless told to
// continue. Pure orchestration: the work itself (connections, migrations) is the caller's.

/** What became of one database. `skipped`: never started (fail-fast, a failed canary, or Ctrl-C). */
export type MemberOutcome = 'done' | 'noop' | 'blocked' | 'failed' | 'skipped';

export interface PoolResult {
  readonly database: string;
}

/** Why databases were left out: a failure (fail-fast), the canary did not pass, or the run was interrupted. */
export interface PoolStop {
  readonly reason: 'failure' | 'canary' | 'interrupted';
  /** The database whose result stopped the run (not for an interruption). */
  readonly database?: string;
}

export interface PoolOptions<R extends PoolResult> {
  /** Workers: at most this many databases at once (at least 1). */
  readonly concurrency: number;
  /** Run the first `canary` databases first; the rest only if none of them failed or was blocked. */
  readonly canary?: number | undefined;
  /** Start every database even after failures (default: fail fast). */
  readonly continueOnError?: boolean | undefined;
  /** Aborted: no new database starts. */
  readonly signal?: AbortSignal | undefined;
  /** Whether a result stops the rollout (fail-fast) and fails a canary. */
  readonly isFailure: (result: R) => boolean;
  /** The result of a database that was never started. */
  readonly skipped: (database: string) => R;
  /** The result of a database whose work threw. */
  readonly crashed: (database: string, error: unknown) => R;
  readonly onStart?: ((database: string) => void) | undefined;
  readonly onDone?: ((result: R) => void) | undefined;
}

export interface PoolRun<R> {
  /** One result per database, in the order given. */
  readonly results: R[];
  readonly stopped: PoolStop | undefined;
}

/** `work(database, worker)`: `worker` (0 .. concurrency-1) lets work keep one resource per worker, e.g. a connection. */
export type PoolWork<R> = (database: string, worker: number) => Promise<R>;

/** The usual rule: a database that failed or was blocked. */
export const failedOrBlocked = (result: { outcome: MemberOutcome }) => result.outcome === 'failed' || result.outcome === 'blocked';

export async function runPool<R extends PoolResult>(databases: readonly string[], work: PoolWork<R>, options: PoolOptions<R>): Promise<PoolRun<R>> {
  const failing = options.isFailure;
  const results: Array<R | undefined> = new Array(databases.length);
  let stopped: PoolStop | undefined;
  const stopFor = (result: R) => {
    if (stopped === undefined && failing(result) && !options.continueOnError) stopped = { reason: 'failure', database: result.database };
  };

  /** Runs databases[from, to) with the workers, unless stopped. */
  const phase = async (from: number, to: number) => {
    let next = from;
    const worker = async (id: number) => {
      while (next < to && stopped === undefined) {
        if (options.signal?.aborted) {
          stopped = { reason: 'interrupted' };
          break;
        }
        const i = next++;
        const database = databases[i]!;
        options.onStart?.(database);
        let result: R;
        try {
          result = await work(database, id);
        } catch (error) {
          result = options.crashed(database, error);
        }
        results[i] = result;
        stopFor(result);
        options.onDone?.(result);
      }
    };
    const count = Math.max(1, Math.min(options.concurrency, to - from));
    await Promise.all(Array.from({ length: count }, (_, id) => worker(id)));
  };

  const canary = Math.min(options.canary ?? 0, databases.length);
  if (canary > 0) {
    await phase(0, canary);
    const bad = results.slice(0, canary).find((result) => result !== undefined && failing(result));
    if (bad !== undefined && (stopped === undefined || stopped.reason === 'failure')) stopped = { reason: 'canary', database: bad.database };
  }
  await phase(canary, databases.length);
  return { results: databases.map((database, i) => results[i] ?? options.skipped(database)), stopped };
}
