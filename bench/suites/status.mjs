// Latency of reading the state of an up-to-date database: `migrate-core status` against `alembic current`.
import { statusContenders } from '../lib/contenders.mjs';
import { rotated, summarize } from '../lib/stats.mjs';

/** migrate-core's database; the client floor reads the same ledger. */
const DATABASES = { 'migrate-core': 'bench_status_ours', compare: 'bench_status_compare', client: 'bench_status_ours', alembic: 'bench_status_alembic' };

/**
 * @param {import('../lib/contenders.mjs').BenchContext} ctx
 * @param {{ sizes: number[], reps: number }} options
 */
export async function statusSuite(ctx, { sizes, reps }) {
  const contenders = statusContenders(ctx);
  const active = contenders.filter((c) => !c.skip);
  for (const c of contenders) if (c.skip) ctx.log(`  skipped ${c.label}: ${c.skip}`);
  const rows = [];
  for (const n of sizes) {
    /** @type {Map<string, () => Promise<import('../lib/proc.mjs').RunResult>>} */
    const runners = new Map();
    for (const c of active) runners.set(c.id, await c.prepare(n, DATABASES[/** @type {keyof typeof DATABASES} */ (c.id)]));
    for (const c of active) await runners.get(c.id)?.(); // warm-up, untimed
    /** @type {Map<string, number[]>} */
    const samples = new Map();
    for (let rep = 1; rep <= reps; rep++) {
      const line = [];
      for (const c of rotated(active, rep)) {
        const result = await /** @type {() => Promise<import('../lib/proc.mjs').RunResult>} */ (runners.get(c.id))();
        samples.set(c.id, [...(samples.get(c.id) ?? []), result.ms]);
        line.push(`${c.id} ${Math.round(result.ms)}`);
      }
      ctx.log(`  rep ${rep}/${reps} N=${n}: ${line.join(', ')} ms`);
    }
    rows.push({ key: `N=${n}`, n, results: Object.fromEntries(active.map((c) => [c.id, summarize(/** @type {number[]} */ (samples.get(c.id)))])) });
  }
  for (const database of new Set(Object.values(DATABASES))) await ctx.server.dropDatabase(database);
  return {
    title: 'Status of an up-to-date database with N applied migrations',
    unit: 'ms',
    contenders: contenders.map(({ id, label, skip }) => ({ id, label, ...(skip ? { skip } : {}) })),
    rows,
  };
}
