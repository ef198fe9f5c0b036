// Apply N one-table migrations to a fresh database: each contender, interleaved, several repetitions.
import { applyContenders } from '../lib/contenders.mjs';
import { rotated, summarize } from '../lib/stats.mjs';

/** @param {string} id */
const databaseOf = (id) => `bench_apply_${id.replace(/\W/g, '_')}`;

/**
 * Counts the tables named t0001... so that a contender that "succeeds" without applying everything is caught.
 * @param {import('../lib/contenders.mjs').BenchContext} ctx @param {string} database @param {number} n
 */
export async function assertTables(ctx, database, n) {
  const rows = /** @type {Array<{ n: number }>} */ (await ctx.server.query(
    `SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = '${database}' AND TABLE_NAME REGEXP '^t[0-9]{4}$'`));
  if (Number(rows[0]?.n) !== n) throw new Error(`${database}: expected ${n} tables after the run, found ${rows[0]?.n}`);
}

/**
 * @param {import('../lib/contenders.mjs').BenchContext} ctx
 * @param {{ sizes: number[], reps: number }} options
 */
export async function applySuite(ctx, { sizes, reps }) {
  const contenders = applyContenders(ctx);
  const active = contenders.filter((c) => !c.skip);
  for (const c of contenders) if (c.skip) ctx.log(`  skipped ${c.label}: ${c.skip}`);
  const runsAt = (/** @type {import('../lib/contenders.mjs').Contender} */ c, /** @type {number} */ n) => c.sizes === undefined || c.sizes.includes(n);
  /** @type {Map<string, (database: string) => Promise<import('../lib/proc.mjs').RunResult>>} */
  const runners = new Map();
  for (const n of sizes) for (const c of active) if (runsAt(c, n)) runners.set(`${c.id}:${n}`, c.prepare(n));
  // One untimed run each: Python byte-compiles the revision files, the OS caches every file.
  for (const c of active) {
    await ctx.server.freshDatabase(databaseOf(c.id));
    await runners.get(`${c.id}:${sizes.find((n) => runsAt(c, n))}`)?.(databaseOf(c.id));
  }
  /** @type {Map<string, number[]>} */
  const samples = new Map();
  for (let rep = 1; rep <= reps; rep++) {
    for (const n of sizes) {
      const line = [];
      for (const c of rotated(active.filter((c) => runsAt(c, n)), rep)) {
        const database = databaseOf(c.id);
        await ctx.server.freshDatabase(database);
        const result = await /** @type {NonNullable<ReturnType<typeof runners.get>>} */ (runners.get(`${c.id}:${n}`))(database);
        if (c.sizes === undefined) await assertTables(ctx, database, n);
        samples.set(`${c.id}:${n}`, [...(samples.get(`${c.id}:${n}`) ?? []), result.ms]);
        line.push(`${c.id} ${Math.round(result.ms)}`);
      }
      ctx.log(`  rep ${rep}/${reps} N=${n}: ${line.join(', ')} ms`);
    }
  }
  for (const c of active) await ctx.server.dropDatabase(databaseOf(c.id));
  return {
    title: 'Apply N one-table migrations to a fresh database',
    unit: 'ms',
    contenders: contenders.map(({ id, label, skip }) => ({ id, label, ...(skip ? { skip } : {}) })),
    rows: sizes.map((n) => ({
      key: `N=${n}`, n,
      results: Object.fromEntries(active.filter((c) => runsAt(c, n)).map((c) => [c.id, summarize(/** @type {number[]} */ (samples.get(`${c.id}:${n}`)))])),
    })),
  };
}
