// Where the time of the CLI goes, as users run it (the bin and its bundle): `migrate` of N=1 and of the largest
// N on a fresh database, then `status` of that database. Each run is timed from spawn to exit and split into
// phases by bench/lib/profile-hook.cjs (loaded with --require), which also reports the process's CPU time: on a
// busy machine CPU time moves much less than wall time, so it shows a change of start-up cost better. One more
// run of each under `--cpu-prof` adds up the CPU time by where the code is (Node, each bundled package, the
// engine's folders). With --compare, the other checkout's CLI runs each scenario too, interleaved.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { childEnv, cliPath, compareVariant, ours } from '../lib/contenders.mjs';
import { summarizeCpuProfile } from '../lib/cpu-profile.mjs';
import { run } from '../lib/proc.mjs';
import { databaseUrl } from '../lib/server.mjs';
import { median } from '../lib/stats.mjs';

const DATABASE = 'bench_profile';

/** Round trips by what they are, from their SQL. */
const KINDS = /** @type {const} */ ([
  [/GET_LOCK|RELEASE_LOCK|IS_USED_LOCK/, 'round trips: lock (GET_LOCK, RELEASE_LOCK)'],
  [/^INSERT INTO `_migrate_core_ledger`/, "round trips: a migration's batch (ledger row, statements, progress)"],
  [/^CREATE TABLE IF NOT EXISTS `_migrate_core_ledger`/, 'round trips: create the ledger table'],
  [/^SELECT [^;]* FROM `_migrate_core_ledger`/, 'round trips: read the ledger'],
  [/_migrate_core_ledger/, 'round trips: other ledger writes'],
]);
/** @param {string} sql */
const kindOf = (sql) => KINDS.find(([pattern]) => pattern.test(sql))?.[1] ?? 'round trips: other queries (version, variables)';

/**
 * The phases of one hooked run. @param {any} hook what profile-hook.mjs wrote @param {number} wallMs
 * @returns {Array<{ phase: string, ms: number, count?: number }>}
 */
function phasesOf(hook, wallMs) {
  const connect = hook.connect ?? { start: hook.exit, end: hook.exit };
  const queries = /** @type {Array<{ sql: string, start: number, end: number }>} */ (hook.queries).filter((q) => Number.isFinite(q.end));
  const lastEnd = queries.length > 0 ? Math.max(...queries.map((q) => q.end)) : connect.end;
  /** @type {Map<string, { ms: number, count: number }>} */
  const kinds = new Map();
  for (const q of queries) {
    const entry = kinds.get(kindOf(q.sql)) ?? { ms: 0, count: 0 };
    kinds.set(kindOf(q.sql), { ms: entry.ms + (q.end - q.start), count: entry.count + 1 });
  }
  const inQueries = [...kinds.values()].reduce((sum, k) => sum + k.ms, 0);
  const bundle = hook.bundle ?? { compileMs: 0, evaluateMs: 0 };
  return [
    { phase: 'Node start-up (process start to the first line of JS)', ms: hook.hookStart },
    { phase: 'compile the CLI bundle (node:vm, with its V8 code cache)', ms: bundle.compileMs },
    { phase: "evaluate the bundle's top-level code", ms: bundle.evaluateMs },
    { phase: "the CLI up to the connection (loading its modules, mysql2, arguments, config, the command)", ms: connect.start - hook.hookEnd - bundle.compileMs - bundle.evaluateMs },
    { phase: 'connect (TCP, handshake, authentication)', ms: connect.end - connect.start },
    ...[...kinds].map(([phase, k]) => ({ phase, ms: k.ms, count: k.count })),
    { phase: 'engine work between round trips (migration folders, checksums, plan)', ms: lastEnd - connect.end - inQueries },
    { phase: 'close the connection, print, exit', ms: hook.exit - lastEnd },
    { phase: "process creation and teardown (outside Node's clock)", ms: wallMs - hook.exit },
  ];
}

/**
 * @param {import('../lib/contenders.mjs').BenchContext} ctx
 * @param {{ sizes: number[], reps: number }} options the N of `migrate` (the largest also for `status`)
 */
export async function profileSuite(ctx, { sizes, reps }) {
  const scratch = mkdtempSync(join(ctx.work, 'profile-'));
  const hook = join(ctx.root, 'bench', 'lib', 'profile-hook.cjs');
  const clis = [{ id: 'migrate-core', root: ctx.root }, ...compareVariant(ctx).map((variant) => ({ id: variant.id, root: variant.root }))];
  const largest = Math.max(...sizes);
  const scenarios = [
    ...sizes.map((n) => ({ name: `migrate, N=${n}, fresh database`, n, command: 'migrate', fresh: true })),
    { name: `status, N=${largest} applied`, n: largest, command: 'status', fresh: false },
  ];
  /** One run of `cli` (each on its own database). @param {typeof scenarios[number]} scenario @param {typeof clis[number]} cli @param {string[]} nodeFlags */
  const once = async (scenario, cli, nodeFlags) => {
    ours(ctx).prepare(scenario.n); // writes the workspace ours-<n> if no suite did yet
    const database = `${DATABASE}_${cli.id.replace(/\W/g, '_')}`;
    if (scenario.fresh) await ctx.server.freshDatabase(database);
    const out = join(scratch, 'hook.json');
    const env = childEnv({ BENCH_DATABASE_URL: databaseUrl(ctx.server, database), BENCH_PROFILE_OUT: out });
    const { ms } = await run(process.execPath, [...nodeFlags, '--require', hook, cliPath(ctx, cli.root), scenario.command, '--service', 'bench'],
      { cwd: join(ctx.work, `ours-${scenario.n}`), env });
    return { wallMs: ms, hook: JSON.parse(readFileSync(out, 'utf8')) };
  };
  const round = (/** @type {number} */ x) => Math.round(x * 10) / 10;
  const results = [];
  for (const scenario of scenarios) {
    /** @type {Map<string, Array<{ wallMs: number, hook: any }>>} */
    const runs = new Map(clis.map((cli) => [cli.id, []]));
    for (let rep = 1; rep <= reps; rep++) for (const cli of clis) runs.get(cli.id)?.push(await once(scenario, cli, []));
    const mine = /** @type {Array<{ wallMs: number, hook: any }>} */ (runs.get('migrate-core'));
    const phases = mine.map((r) => phasesOf(r.hook, r.wallMs));
    const cpuDir = join(scratch, 'cpu');
    await once(scenario, clis[0], ['--cpu-prof', `--cpu-prof-dir=${cpuDir}`, '--cpu-prof-interval=200']);
    const cpu = summarizeCpuProfile(join(cpuDir, /** @type {string} */ (readdirSync(cpuDir)[0])));
    rmSync(cpuDir, { recursive: true, force: true });
    results.push({
      name: scenario.name,
      totals: clis.map((cli) => {
        const of = /** @type {Array<{ wallMs: number, hook: any }>} */ (runs.get(cli.id));
        return { id: cli.id, wallMs: round(median(of.map((r) => r.wallMs))), cpuMs: round(median(of.map((r) => r.hook.cpuMs))), codeCache: of[0]?.hook.bundle?.codeCache ?? 'none' };
      }),
      // A phase absent from a run (no lock for status) counts as 0 there.
      phases: phases[0].map((p) => ({ ...p, ms: round(median(phases.map((run) => run.find((q) => q.phase === p.phase)?.ms ?? 0))) })),
      cpu,
    });
    ctx.log(`  ${scenario.name}: ${results.at(-1)?.totals.map((t) => `${t.id} ${t.wallMs} ms (CPU ${t.cpuMs} ms)`).join(', ')}`);
  }
  for (const cli of clis) await ctx.server.dropDatabase(`${DATABASE}_${cli.id.replace(/\W/g, '_')}`);
  rmSync(scratch, { recursive: true, force: true });
  return { title: `Where the time goes, the CLI as users run it (median of ${reps} per phase)`, scenarios: results };
}
