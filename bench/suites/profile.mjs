// Where the time of one `migrate` (and one `status`) goes: process phases, round trips by kind, file reads.
import { join } from 'node:path';
import { childEnv, ours } from '../lib/contenders.mjs';
import { run } from '../lib/proc.mjs';
import { databaseUrl } from '../lib/server.mjs';
import { median } from '../lib/stats.mjs';

const DATABASE = 'bench_profile';

/**
 * @param {import('../lib/contenders.mjs').BenchContext} ctx
 * @param {{ n: number, reps: number }} options
 */
export async function profileSuite(ctx, { n, reps }) {
  ours(ctx).prepare(n); // writes the workspace ours-<n> if no suite did yet
  const ws = join(ctx.work, `ours-${n}`);
  const script = join(ctx.root, 'bench', 'lib', 'profile-child.mjs');
  /** @type {any[]} */
  const runs = [];
  for (let rep = 1; rep <= reps; rep++) {
    await ctx.server.freshDatabase(DATABASE);
    const { stdout } = await run(process.execPath, [script], { cwd: ws, env: childEnv({ BENCH_DATABASE_URL: databaseUrl(ctx.server, DATABASE) }) });
    runs.push(JSON.parse(stdout));
  }
  await ctx.server.dropDatabase(DATABASE);
  const med = (/** @type {(run: any) => number} */ pick) => Math.round(median(runs.map(pick)) * 10) / 10;
  const phases = runs[0].phases.map((/** @type {{ phase: string }} */ p, /** @type {number} */ i) => ({ phase: p.phase, ms: med((r) => r.phases[i].ms) }));
  const breakdown = (/** @type {'migrate' | 'status'} */ which) => {
    const kinds = runs[0][which].roundTrips.map((/** @type {{ kind: string }} */ k) => k.kind);
    /** @type {Array<{ kind: string, count: number, ms: number }>} */
    const trips = kinds.map((/** @type {string} */ kind) => {
      const of = (/** @type {any} */ r) => r[which].roundTrips.find((/** @type {{ kind: string }} */ k) => k.kind === kind) ?? { count: 0, ms: 0 };
      return { kind, count: of(runs[0]).count, ms: med((r) => of(r).ms) };
    });
    const total = med((r) => r[which].totalMs);
    const listMs = med((r) => r[which].files.listMs);
    const loadMs = med((r) => r[which].files.loadMs);
    const accounted = trips.reduce((sum, t) => sum + t.ms, 0) + listMs + loadMs;
    return {
      totalMs: total,
      roundTrips: trips,
      roundTripCount: trips.reduce((sum, t) => sum + t.count, 0),
      files: { listMs, loadMs, loadCalls: runs[0][which].files.loadCalls },
      otherMs: Math.round((total - accounted) * 10) / 10,
    };
  };
  return { title: `Where the time goes: one migrate of N=${n}, then status (median of ${reps})`, n, phases, migrate: breakdown('migrate'), status: breakdown('status') };
}
