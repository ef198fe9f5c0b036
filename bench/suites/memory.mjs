// Peak resident memory of `migrate` as the number of migrations grows: it should stay flat.
import { ours } from '../lib/contenders.mjs';
import { median } from '../lib/stats.mjs';
import { assertTables } from './apply.mjs';

const DATABASE = 'bench_memory';

/**
 * @param {import('../lib/contenders.mjs').BenchContext} ctx
 * @param {{ sizes: number[], reps: number }} options
 */
export async function memorySuite(ctx, { sizes, reps }) {
  const contender = ours(ctx);
  const rows = [];
  for (const n of sizes) {
    const runOnce = contender.prepare(n);
    const rss = [];
    const times = [];
    for (let rep = 1; rep <= reps; rep++) {
      await ctx.server.freshDatabase(DATABASE);
      const { ms, peakRssKb } = await runOnce(DATABASE, { peakRss: true });
      if (peakRssKb === null) throw new Error(`no peak RSS measured for N=${n}`);
      await assertTables(ctx, DATABASE, n);
      rss.push(/** @type {number} */ (peakRssKb) / 1024);
      times.push(ms);
    }
    ctx.log(`  N=${n}: peak RSS ${rss.map((mb) => mb.toFixed(1)).join(', ')} MiB; ${times.map(Math.round).join(', ')} ms`);
    rows.push({ key: `N=${n}`, n, peakRssMiB: round1(median(rss)), peakRssSamples: rss.map(round1), medianMs: Math.round(median(times)) });
  }
  await ctx.server.dropDatabase(DATABASE);
  return { title: 'Peak RSS of `migrate-core migrate` with N migrations', unit: 'MiB', rows };
}

/** @param {number} x */
const round1 = (x) => Math.round(x * 10) / 10;
