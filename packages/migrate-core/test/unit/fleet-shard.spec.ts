import { describe, expect, it } from 'vitest';
import { inShard, parseShard, shardOf } from '../../src/fleet/shard.js';
import { UsageError } from '../../src/errors.js';

const tenants = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `tenant_${String(from + i).padStart(5, '0')}`);

describe('--shard i/n', () => {
  it('parses i/n, 1-based', () => {
    expect(parseShard('2/3')).toEqual({ index: 2, count: 3 });
    expect(parseShard(' 1/1 ')).toEqual({ index: 1, count: 1 });
    for (const bad of ['0/3', '4/3', '1/0', '2', 'a/b', '1/3/4', '-1/3', '']) expect(() => parseShard(bad), bad).toThrow(UsageError);
    expect(() => parseShard('4/3')).toThrow('--shard must be <i>/<n> with 1 <= i <= n, e.g. --shard 2/3 (got "4/3").');
  });

  it('puts every database in exactly one shard, and the shards are about even', () => {
    const names = tenants(3000);
    const shards = [1, 2, 3].map((index) => inShard(names, { index, count: 3 }));
    expect(shards.flat().sort()).toEqual([...names].sort());
    for (const shard of shards) expect(shard.length).toBeGreaterThan(900);
    for (const shard of shards) expect(shard.length).toBeLessThan(1100);
  });

  it('is stable: adding databases moves none of the others, and the split is the same on every run', () => {
    const before = tenants(1000);
    const after = [...tenants(500, 1000), ...before].reverse();
    const shardsBefore = [1, 2, 3, 4].map((index) => inShard(before, { index, count: 4 }));
    const shardsAfter = [1, 2, 3, 4].map((index) => new Set(inShard(after, { index, count: 4 })));
    shardsBefore.forEach((shard, i) => expect(shard.filter((name) => !shardsAfter[i]!.has(name))).toEqual([]));
    // Fixed values, the same on every machine: the highest of sha256("<index>:<name>"), e.g.
    // `printf 3:acme | sha256sum` starts e101..., above 2:acme (7f11...) and 1:acme (0799...).
    expect(['acme', 'globex', 'initech', 'umbrella'].map((name) => shardOf(name, 3))).toEqual([3, 3, 1, 1]);
  });

  it('moves only about 1 in n+1 databases when a shard is added', () => {
    const names = tenants(4000);
    const moved = names.filter((name) => shardOf(name, 4) !== shardOf(name, 5)).length;
    expect(moved / names.length).toBeGreaterThan(0.15);
    expect(moved / names.length).toBeLessThan(0.25);
    // Those that move all go to the new shard.
    expect(names.filter((name) => shardOf(name, 4) !== shardOf(name, 5)).every((name) => shardOf(name, 5) === 5)).toBe(true);
  });

  it('keeps the given order within a shard, and one shard of one is everything', () => {
    const names = ['zeta', 'alpha', 'mid'];
    expect(inShard(names, { index: 1, count: 1 })).toEqual(names);
    expect(inShard(names, undefined)).toEqual(names);
    const two = inShard(names, { index: 1, count: 2 });
    expect(two).toEqual(names.filter((name) => two.includes(name)));
  });
});
