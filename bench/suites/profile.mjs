// Where the time of the CLI goes, as users run it (the bin and its bundle): `migrate` of N=1 and of the largest
// N on a fresh database, then `status` of that database. Each run is timed from spawn to exit and split into
// phases by bench/lib/profile-hook.mjs (loaded with --import); one more run of each under `--cpu-prof` adds up
// the CPU time by where the code is (Node, each bundled package, the engine's folders).
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { childEnv, cliPath, ours } from '../lib/contenders.mjs';
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
  return [
    { phase: 'Node start-up (process start to the first line of JS)', ms: hook.hookStart },
    { phase: 'load the CLI bundle (main.js and the chunks it imports)', ms: hook.bundleMs },
    { phase: 'load mysql2 (its chunk of the bundle)', ms: hook.hookEnd - hook.hookStart - hook.bundleMs },
    { phase: "the CLI up to the connection (arguments, workspace, config, the command's module)", ms: connect.start - hook.hookEnd },
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
  const bundle = join(ctx.root, 'packages', 'migrate-core', 'dist', 'cli-bundle');
  const hook = join(ctx.root, 'bench', 'lib', 'profile-hook.mjs');
  const largest = Math.max(...sizes);
  const scenarios = [
    ...sizes.map((n) => ({ name: `migrate, N=${n}, fresh database`, n, command: 'migrate', fresh: true })),
    { name: `status, N=${largest} applied`, n: largest, command: 'status', fresh: false },
  ];
  /** @param {typeof scenarios[number]} scenario @param {string[]} nodeFlags */
  const once = async (scenario, nodeFlags) => {
    ours(ctx).prepare(scenario.n); // writes the workspace ours-<n> if no suite did yet
    if (scenario.fresh) await ctx.server.freshDatabase(DATABASE);
    const out = join(scratch, 'hook.json');
    const env = childEnv({ BENCH_DATABASE_URL: databaseUrl(ctx.server, DATABASE), BENCH_PROFILE_OUT: out, BENCH_PROFILE_BUNDLE: bundle });
    const { ms } = await run(process.execPath, [...nodeFlags, '--import', hook, cliPath(ctx), scenario.command, '--service', 'bench'], { cwd: join(ctx.work, `ours-${scenario.n}`), env });
    return { wallMs: ms, hook: JSON.parse(readFileSync(out, 'utf8')) };
  };
  const results = [];
  for (const scenario of scenarios) {
    const runs = [];
    for (let rep = 1; rep <= reps; rep++) runs.push(await once(scenario, []));
    const phases = runs.map((r) => phasesOf(r.hook, r.wallMs));
    const cpuDir = join(scratch, 'cpu');
    await once(scenario, ['--cpu-prof', `--cpu-prof-dir=${cpuDir}`, '--cpu-prof-interval=200']);
    const cpu = summarizeCpuProfile(join(cpuDir, /** @type {string} */ (readdirSync(cpuDir)[0])));
    rmSync(cpuDir, { recursive: true, force: true });
    const round = (/** @type {number} */ x) => Math.round(x * 10) / 10;
    results.push({
      name: scenario.name,
      wallMs: round(median(runs.map((r) => r.wallMs))),
      // A phase absent from a run (no lock for status) counts as 0 there.
      phases: phases[0].map((p) => ({ ...p, ms: round(median(phases.map((run) => run.find((q) => q.phase === p.phase)?.ms ?? 0))) })),
      cpu,
    });
    ctx.log(`  ${scenario.name}: ${results.at(-1)?.wallMs} ms`);
  }
  await ctx.server.dropDatabase(DATABASE);
  rmSync(scratch, { recursive: true, force: true });
  return { title: `Where the time goes, the CLI as users run it (median of ${reps} per phase)`, scenarios: results };
}
