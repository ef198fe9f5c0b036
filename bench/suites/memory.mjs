// Peak resident memory of `migrate` as the number of migrations grows: it should stay flat. With --compare, the
// other checkout's CLI runs each N too, interleaved.
import { compareVariant, ours } from '../lib/contenders.mjs';
import { median } from '../lib/stats.mjs';
import { assertTables } from './apply.mjs';

const DATABASE = 'bench_memory';

/** @param {number} x */
const round1 = (x) => Math.round(x * 10) / 10;

/**
 * @param {import('../lib/contenders.mjs').BenchContext} ctx
 * @param {{ sizes: number[], reps: number }} options
 */
export async function memorySuite(ctx, { sizes, reps }) {
  const contenders = [ours(ctx), ...compareVariant(ctx).map((variant) => ours(ctx, variant))];
  const rows = [];
  for (const n of sizes) {
    const runners = contenders.map((c) => ({ id: c.id, runOnce: c.prepare(n), rss: /** @type {number[]} */ ([]), times: /** @type {number[]} */ ([]) }));
    for (let rep = 1; rep <= reps; rep++) {
      for (const runner of runners) {
        await ctx.server.freshDatabase(DATABASE);
        const { ms, peakRssKb } = await runner.runOnce(DATABASE, { peakRss: true });
        if (peakRssKb === null) throw new Error(`no peak RSS measured for N=${n}`);
        await assertTables(ctx, DATABASE, n);
        runner.rss.push(/** @type {number} */ (peakRssKb) / 1024);
        runner.times.push(ms);
      }
    }
    for (const runner of runners) ctx.log(`  N=${n} ${runner.id}: peak RSS ${runner.rss.map((mb) => mb.toFixed(1)).join(', ')} MiB; ${runner.times.map(Math.round).join(', ')} ms`);
    const [mine, ...others] = runners;
    rows.push({
      key: `N=${n}`, n, peakRssMiB: round1(median(mine.rss)), peakRssSamples: mine.rss.map(round1), medianMs: Math.round(median(mine.times)),
      ...(others[0] ? { compare: { peakRssMiB: round1(median(others[0].rss)), peakRssSamples: others[0].rss.map(round1) } } : {}),
    });
  }
  await ctx.server.dropDatabase(DATABASE);
  return { title: 'Peak RSS of `migrate-core migrate` with N migrations', unit: 'MiB', rows };
}
