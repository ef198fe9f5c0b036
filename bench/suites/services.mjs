// Many services at once: a sequential loop of the CLI, `migrate --all` (every service in one process) and
// `nx run-many -t migrate`, over the same services, each with a few migrations.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { childEnv, cliPath, compareVariant } from '../lib/contenders.mjs';
import { writeWorkspace } from '../lib/fixtures.mjs';
import { run } from '../lib/proc.mjs';
import { rotated, summarize } from '../lib/stats.mjs';

const NX_ENV = { NX_DAEMON: 'false', NX_ISOLATE_PLUGINS: 'false', NX_NO_CLOUD: 'true', NX_LOAD_DOT_ENV_FILES: 'false', NX_TUI: 'false', NX_SKIP_NX_CACHE: 'true' };

/** @param {number} count */
function servicesOf(count) {
  return Array.from({ length: count }, (_, i) => `svc${String(i + 1).padStart(2, '0')}`);
}

/**
 * @param {import('../lib/contenders.mjs').BenchContext} ctx
 * @param {{ counts: number[], migrations: number, reps: number }} options
 */
export async function servicesSuite(ctx, { counts, migrations, reps }) {
  const env = childEnv({ ...NX_ENV, DATABASE_URL: ctx.server.url });
  const nxBin = join(ctx.root, 'node_modules', 'nx', 'dist', 'bin', 'nx.js');
  const compare = compareVariant(ctx).map((variant) => ({ id: 'compare-all', label: `migrate --all (${variant.root})`, cli: cliPath(ctx, variant.root) }));
  const labels = [
    { id: 'loop', label: 'sequential loop of the CLI' },
    { id: 'all', label: 'migrate --all' },
    ...compare.map(({ id, label }) => ({ id, label })),
    { id: 'nx', label: 'nx run-many -t migrate (Nx default parallel 3)' },
  ];
  const rows = [];
  for (const count of counts) {
    const names = servicesOf(count);
    const database = (/** @type {string} */ name) => `bench_svc${count}_${name}`;
    const ws = join(ctx.work, `services-${count}`);
    // The workspace names no server (DATABASE_URL does): every profile of the run shares it.
    if (!existsSync(ws)) writeWorkspace(ws, ctx.root, Object.fromEntries(names.map((name) => [name, { database: database(name), count: migrations }])), { nx: true });
    const fresh = async () => {
      for (const name of names) await ctx.server.freshDatabase(database(name));
    };
    /** @type {Array<{ id: string, run: () => Promise<{ ms: number }> }>} */
    const contenders = [
      {
        id: 'loop',
        run: async () => {
          const started = process.hrtime.bigint();
          for (const name of names) await run(process.execPath, [cliPath(ctx), 'migrate', '--service', name], { cwd: ws, env });
          return { ms: Number(process.hrtime.bigint() - started) / 1e6 };
        },
      },
      { id: 'all', run: () => run(process.execPath, [cliPath(ctx), 'migrate', '--all'], { cwd: ws, env }) },
      ...compare.map(({ id, cli }) => ({ id, run: () => run(process.execPath, [cli, 'migrate', '--all'], { cwd: ws, env }) })),
      { id: 'nx', run: () => run(process.execPath, [nxBin, 'run-many', '-t', 'migrate', '--output-style=static'], { cwd: ws, env }) },
    ];
    for (const c of contenders) {
      await fresh();
      await c.run(); // warm-up: Nx computes and caches the project graph; the OS caches every file
    }
    /** @type {Map<string, number[]>} */
    const samples = new Map();
    for (let rep = 1; rep <= reps; rep++) {
      const line = [];
      for (const c of rotated(contenders, rep)) {
        await fresh();
        const { ms } = await c.run();
        await assertApplied(ctx, names.map(database), migrations);
        samples.set(c.id, [...(samples.get(c.id) ?? []), ms]);
        line.push(`${c.id} ${Math.round(ms)}`);
      }
      ctx.log(`  rep ${rep}/${reps} ${count} services: ${line.join(', ')} ms`);
    }
    for (const name of names) await ctx.server.dropDatabase(database(name));
    rows.push({ key: `${count} services`, n: count, results: Object.fromEntries(contenders.map((c) => [c.id, summarize(/** @type {number[]} */ (samples.get(c.id)))])) });
  }
  return { title: `migrate of S services (${migrations} migrations each)`, unit: 'ms', contenders: labels, rows };
}

/** Every service database has all its migrations applied. @param {import('../lib/contenders.mjs').BenchContext} ctx @param {string[]} databases @param {number} n */
async function assertApplied(ctx, databases, n) {
  const list = databases.map((name) => `'${name}'`).join(', ');
  const rows = /** @type {Array<{ db: string, n: number }>} */ (await ctx.server.query(
    `SELECT TABLE_SCHEMA AS db, COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA IN (${list}) AND TABLE_NAME REGEXP '^t[0-9]{4}$' GROUP BY TABLE_SCHEMA`));
  const short = databases.filter((db) => Number(rows.find((row) => row.db === db)?.n ?? 0) !== n);
  if (short.length > 0) throw new Error(`not every migration was applied: ${short.join(', ')}`);
}
