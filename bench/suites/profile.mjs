// Where the time of the CLI goes, as users run it (the bin and its bundle): `migrate` of N=1 and of the largest
// N on a fresh database, then `status` of that database. Each run is timed from spawn to exit and split into
// phases by bench/lib/profile-hook.cjs (loaded with --require), which also reports the process's CPU time: on a
// busy machine CPU time moves much less than wall time, so it shows a change of start-up cost better. One more
// run of each under `--cpu-prof` adds up the CPU time by where the code is (Node, each bundled package, the
// engine's folders). With --compare, the other checkout's CLI runs each scenario too, interleaved. The last
// scenario is `status` with no database URL set, on the embedded dev database (started here, in a workspace of its
// own, and stopped at the end): the path of every command on a developer's machine.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDevServer, stopDevServer } from '@repo/dev-db';
import { childEnv, cliPath, compareVariant, ours } from '../lib/contenders.mjs';
import { writeWorkspace } from '../lib/fixtures.mjs';
import { summarizeCpuProfile } from '../lib/cpu-profile.mjs';
import { run } from '../lib/proc.mjs';
import { databaseUrl } from '../lib/server.mjs';
import { median } from '../lib/stats.mjs';

const DATABASE = 'bench_profile';

/** Round trips by what they are, from their SQL. */
/** The ledger table as the engine names it: qualified by its database. */
const LEDGER = '(?:`[^`]+`\\.)?`_migrate_core_ledger`';
const KINDS = /** @type {const} */ ([
  [/GET_LOCK|RELEASE_LOCK|IS_USED_LOCK/, 'round trips: lock (GET_LOCK, RELEASE_LOCK)'],
  [new RegExp(`^(?:START TRANSACTION\\s*;\\s*)?INSERT INTO ${LEDGER}`), "round trips: migrations' batches (ledger rows, statements, progress, completions)"],
  [new RegExp(`^CREATE TABLE IF NOT EXISTS ${LEDGER}`), 'round trips: create the ledger table'],
  [new RegExp(`^SELECT [^;]* FROM ${LEDGER}`), 'round trips: read the ledger (rows, durations)'],
  [new RegExp(LEDGER), 'round trips: other ledger writes'],
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

const round = (/** @type {number} */ x) => Math.round(x * 10) / 10;

/**
 * @typedef {{ name: string, n: number, command: string, fresh: boolean, embedded: boolean }} Scenario
 * @typedef {{ id: string, root: string }} Cli
 * @typedef {{ wallMs: number, hook: any }} Run
 */

/**
 * Every CLI runs the scenario `reps` times, interleaved; one more run of ours under --cpu-prof.
 * @param {Scenario} scenario @param {Cli[]} clis @param {number} reps @param {string} scratch
 * @param {(scenario: Scenario, cli: Cli, nodeFlags: string[]) => Promise<Run>} once
 */
async function profileScenario(scenario, clis, reps, scratch, once) {
  /** @type {Map<string, Run[]>} */
  const runs = new Map(clis.map((cli) => [cli.id, []]));
  for (let rep = 1; rep <= reps; rep++) for (const cli of clis) runs.get(cli.id)?.push(await once(scenario, cli, []));
  const phases = /** @type {Run[]} */ (runs.get(clis[0].id)).map((r) => phasesOf(r.hook, r.wallMs));
  const cpuDir = join(scratch, 'cpu');
  await once(scenario, clis[0], ['--cpu-prof', `--cpu-prof-dir=${cpuDir}`, '--cpu-prof-interval=200']);
  const cpu = summarizeCpuProfile(join(cpuDir, /** @type {string} */ (readdirSync(cpuDir)[0])));
  rmSync(cpuDir, { recursive: true, force: true });
  return {
    name: scenario.name,
    totals: clis.map((cli) => {
      const of = /** @type {Run[]} */ (runs.get(cli.id));
      return { id: cli.id, wallMs: round(median(of.map((r) => r.wallMs))), cpuMs: round(median(of.map((r) => r.hook.cpuMs))), codeCache: of[0]?.hook.bundle?.codeCache ?? 'none' };
    }),
    // A phase absent from a run (no lock for status) counts as 0 there.
    phases: phases[0].map((p) => ({ ...p, ms: round(median(phases.map((run) => run.find((q) => q.phase === p.phase)?.ms ?? 0))) })),
    cpu,
  };
}

/**
 * @param {import('../lib/contenders.mjs').BenchContext} ctx
 * @param {{ sizes: number[], reps: number }} options the N of `migrate` (the largest also for `status`)
 */
export async function profileSuite(ctx, { sizes, reps }) {
  const scratch = mkdtempSync(join(ctx.work, 'profile-'));
  const hook = join(ctx.root, 'bench', 'lib', 'profile-hook.cjs');
  /** @type {Cli[]} */
  const clis = [{ id: 'migrate-core', root: ctx.root }, ...compareVariant(ctx).map((variant) => ({ id: variant.id, root: variant.root }))];
  const largest = Math.max(...sizes);
  const embedded = join(scratch, 'embedded');
  writeWorkspace(embedded, ctx.root, { bench: { database: DATABASE, count: 1 } });
  /** @type {Scenario[]} */
  const scenarios = [
    ...sizes.map((n) => ({ name: `migrate, N=${n}, fresh database`, n, command: 'migrate', fresh: true, embedded: false })),
    { name: `status, N=${largest} applied`, n: largest, command: 'status', fresh: false, embedded: false },
    { name: 'status, N=1 applied, embedded dev database (no URL set)', n: 1, command: 'status', fresh: false, embedded: true },
  ];
  /** One run of `cli` (each on its own database). @param {Scenario} scenario @param {Cli} cli @param {string[]} nodeFlags */
  const once = async (scenario, cli, nodeFlags) => {
    ours(ctx).prepare(scenario.n); // writes the workspace ours-<n> if no suite did yet
    const database = `${DATABASE}_${cli.id.replace(/\W/g, '_')}`;
    if (scenario.fresh) await ctx.server.freshDatabase(database);
    const out = join(scratch, 'hook.json');
    const env = childEnv({ ...(scenario.embedded ? {} : { BENCH_DATABASE_URL: databaseUrl(ctx.server, database) }), BENCH_PROFILE_OUT: out });
    const { ms } = await run(process.execPath, [...nodeFlags, '--require', hook, cliPath(ctx, cli.root), scenario.command, '--service', 'bench'],
      { cwd: scenario.embedded ? embedded : join(ctx.work, `ours-${scenario.n}`), env });
    return { wallMs: ms, hook: JSON.parse(readFileSync(out, 'utf8')) };
  };
  await ensureDevServer(embedded);
  try {
    await run(process.execPath, [cliPath(ctx), 'migrate', '--service', 'bench'], { cwd: embedded, env: childEnv() });
    const results = [];
    for (const scenario of scenarios) {
      results.push(await profileScenario(scenario, clis, reps, scratch, once));
      ctx.log(`  ${scenario.name}: ${results.at(-1)?.totals.map((t) => `${t.id} ${t.wallMs} ms (CPU ${t.cpuMs} ms)`).join(', ')}`);
    }
    for (const cli of clis) await ctx.server.dropDatabase(`${DATABASE}_${cli.id.replace(/\W/g, '_')}`);
    return { title: `Where the time goes, the CLI as users run it (median of ${reps} per phase)`, scenarios: results };
  } finally {
    await stopDevServer(embedded);
    rmSync(scratch, { recursive: true, force: true });
  }
}
