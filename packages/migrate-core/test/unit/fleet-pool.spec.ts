import { describe, expect, it } from 'vitest';
import { failedOrBlocked, runPool, type MemberOutcome } from '../../src/fleet/pool.js';

type R = { database: string; outcome: MemberOutcome };
const names = (n: number) => Array.from({ length: n }, (_, i) => `db${i + 1}`);

/** Runs the pool with work that takes turns (one macrotask per database) and fails the named ones. */
async function run(n: number, options: { concurrency: number; canary?: number; continueOnError?: boolean; fail?: string[]; block?: string[]; signal?: AbortSignal; abortAfter?: number; controller?: AbortController }) {
  let running = 0;
  let peak = 0;
  const started: string[] = [];
  const result = await runPool<R>(names(n), async (database) => {
    started.push(database);
    running += 1;
    peak = Math.max(peak, running);
    await new Promise((resolve) => setTimeout(resolve, 1));
    running -= 1;
    if (options.abortAfter !== undefined && started.length >= options.abortAfter) options.controller?.abort();
    if (options.fail?.includes(database)) throw new Error(`boom in ${database}`);
    return { database, outcome: options.block?.includes(database) ? 'blocked' : 'done' };
  }, {
    concurrency: options.concurrency, canary: options.canary, continueOnError: options.continueOnError, signal: options.signal,
    isFailure: failedOrBlocked,
    skipped: (database) => ({ database, outcome: 'skipped' }),
    crashed: (database) => ({ database, outcome: 'failed' }),
  });
  return { ...result, peak, started, outcomes: result.results.map((r) => r.outcome) };
}

describe('the fleet pool', () => {
  it('runs every database once, never more than `concurrency` at once, results in the given order', async () => {
    const { results, peak, started, stopped } = await run(50, { concurrency: 8 });
    expect(results.map((r) => r.database)).toEqual(names(50));
    expect(results.every((r) => r.outcome === 'done')).toBe(true);
    expect([...started].sort()).toEqual([...names(50)].sort());
    expect(peak).toBe(8);
    expect(stopped).toBeUndefined();
  });

  it('fails fast: after a failure no new database starts, the running ones finish, the rest are skipped', async () => {
    const { outcomes, started, stopped } = await run(40, { concurrency: 4, fail: ['db6'] });
    expect(stopped).toEqual({ reason: 'failure', database: 'db6' });
    expect(outcomes[5]).toBe('failed');
    // db6 was started as the 6th; at most the 3 others running with it finish after it.
    expect(started.length).toBeLessThanOrEqual(9);
    expect(outcomes.filter((o) => o === 'done').length).toBe(started.length - 1);
    expect(outcomes.filter((o) => o === 'skipped').length).toBe(40 - started.length);
  });

  it('a blocked database stops the rollout too', async () => {
    const { stopped, outcomes } = await run(10, { concurrency: 1, block: ['db3'] });
    expect(stopped).toEqual({ reason: 'failure', database: 'db3' });
    expect(outcomes).toEqual(['done', 'done', 'blocked', ...Array(7).fill('skipped')]);
  });

  it('with continueOnError tries every database and collects every failure', async () => {
    const { outcomes, stopped } = await run(30, { concurrency: 4, continueOnError: true, fail: ['db2', 'db17'], block: ['db29'] });
    expect(stopped).toBeUndefined();
    expect(outcomes.filter((o) => o === 'failed')).toHaveLength(2);
    expect(outcomes[28]).toBe('blocked');
    expect(outcomes.filter((o) => o === 'done')).toHaveLength(27);
  });

  it('runs the canary first, and the rest only when it passes', async () => {
    const passed = await run(20, { concurrency: 8, canary: 3 });
    expect(passed.started.slice(0, 3).sort()).toEqual(['db1', 'db2', 'db3']);
    expect(passed.outcomes.every((o) => o === 'done')).toBe(true);

    const failed = await run(20, { concurrency: 8, canary: 3, fail: ['db2'], continueOnError: true });
    expect(failed.stopped).toEqual({ reason: 'canary', database: 'db2' });
    expect(failed.started.sort()).toEqual(['db1', 'db2', 'db3']);
    expect(failed.outcomes).toEqual(['done', 'failed', 'done', ...Array(17).fill('skipped')]);
  });

  it('starts nothing new once interrupted', async () => {
    const controller = new AbortController();
    const { stopped, outcomes, started } = await run(30, { concurrency: 2, signal: controller.signal, controller, abortAfter: 5 });
    expect(stopped).toEqual({ reason: 'interrupted' });
    expect(started.length).toBeLessThanOrEqual(6);
    expect(outcomes.filter((o) => o === 'skipped').length).toBe(30 - started.length);
  });

  it('hands each worker its number, so work can keep one connection per worker', async () => {
    const seen = new Map<number, number>();
    let busy = new Set<number>();
    await runPool(names(30), async (database, worker) => {
      expect(busy.has(worker)).toBe(false);
      busy.add(worker);
      seen.set(worker, (seen.get(worker) ?? 0) + 1);
      await new Promise((resolve) => setTimeout(resolve, 1));
      busy.delete(worker);
      return { database };
    }, { concurrency: 3, isFailure: () => false, skipped: (database) => ({ database }), crashed: (database) => ({ database }) });
    busy = new Set();
    expect([...seen.keys()].sort()).toEqual([0, 1, 2]);
    expect([...seen.values()].reduce((a, b) => a + b)).toBe(30);
  });
});
