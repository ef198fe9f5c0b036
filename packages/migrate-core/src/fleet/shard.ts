// Splitting a fleet into n shards for n runners (a CI matrix, a Kubernetes Indexed Job): rendezvous hashing, so
// every runner computes the same split from the names alone, and adding a database never moves another one.
import { createHash } from 'node:crypto';
import { UsageError } from '../errors.js';

/** Shard `index` of `count`, 1-based as CI matrices count (`--shard 2/3`). */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** Parses `i/n` (1 <= i <= n). */
export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (match === null || count < 1 || index < 1 || index > count) {
    throw new UsageError(`--shard must be <i>/<n> with 1 <= i <= n, e.g. --shard 2/3 (got "${text}").`,
      'In a Kubernetes Indexed Job (0-based JOB_COMPLETION_INDEX): --shard $((JOB_COMPLETION_INDEX + 1))/<completions>.');
  }
  return { index, count };
}

/** The database's score for shard `index`: the first 48 bits of sha256(`<index>:<name>`). */
function score(name: string, index: number): number {
  return createHash('sha256').update(`${index}:${name}`).digest().readUIntBE(0, 6);
}

/**
 * The shard (1..count) a database belongs to: the one with the highest score. It depends on the name and the
 * count only, so it is the same on every machine and does not change as databases are added or removed; going
 * from n to n+1 shards moves only the databases the new shard wins (about 1 in n+1).
 */
export function shardOf(name: string, count: number): number {
  let best = 1;
  let bestScore = -1;
  for (let index = 1; index <= count; index++) {
    const s = score(name, index);
    if (s > bestScore) [best, bestScore] = [index, s];
  }
  return best;
}

/** The databases of `names` in `shard`, in their order. */
export function inShard(names: readonly string[], shard: Shard | undefined): string[] {
  return shard === undefined || shard.count === 1 ? [...names] : names.filter((name) => shardOf(name, shard.count) === shard.index);
}

export const describeShard = (shard: Shard | undefined): string => (shard === undefined ? '' : `${shard.index}/${shard.count}`);
