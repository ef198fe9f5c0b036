#!/usr/bin/env node
// `npm run bench`: migrate-core against the raw client, drizzle-orm's migrator and Alembic, on one private server.
// Prints tables, writes bench/results/latest.json (+ a dated copy) and bench/results/latest.svg.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, platform, release, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureAlembic } from './lib/alembic.mjs';
import { panelsOf, renderChart } from './lib/chart.mjs';
import { judgeGoals } from './lib/goals.mjs';
import { parseOptions, USAGE } from './lib/options.mjs';
import { which } from './lib/proc.mjs';
import { renderFleet, renderGoals, renderMemory, renderProfile, renderTimingSuite } from './lib/report.mjs';
import { openBenchServer } from './lib/server.mjs';
import { applySuite } from './suites/apply.mjs';
import { fleetSuite } from './suites/fleet.mjs';
import { memorySuite } from './suites/memory.mjs';
import { nxSuite } from './suites/nx.mjs';
import { profileSuite } from './suites/profile.mjs';
import { statusSuite } from './suites/status.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS = join(ROOT, 'bench', 'results');
const log = (/** @type {string} */ line) => process.stderr.write(`${line}\n`);

/** @param {string} pkg */
const versionOf = (pkg) => {
  try {
    return JSON.parse(readFileSync(join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')).version;
  } catch {
    return null;
  }
};

/** @param {string} command @param {string[]} args */
const firstLine = (command, args) => spawnSync(command, args, { encoding: 'utf8', cwd: ROOT }).stdout?.trim().split('\n')[0] || null;

async function main() {
  const options = parseOptions(process.argv.slice(2));
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  for (const root of [ROOT, ...(options.compare ? [resolve(options.compare)] : [])]) {
    if (!existsSync(join(root, 'packages', 'migrate-core', 'dist', 'cli', 'main.js'))) {
      log(`migrate-core is not built in ${root}: run \`npm run build\` there first.`);
      return 2;
    }
  }
  const wants = (/** @type {string} */ suite) => options.only.includes(suite);
  const alembic = wants('apply') || wants('status') ? ensureAlembic({ install: options.install, log }) : { skip: 'not needed by the chosen suites' };
  const client = which('mariadb') ?? which('mysql');
  const work = mkdtempSync(join(tmpdir(), 'migrate-bench-'));
  log(`starting ${options.url ? 'the server given by --url' : 'a private throwaway server'} ...`);
  const server = await openBenchServer({ root: ROOT, ...(options.url ? { url: options.url } : {}) });
  /** @type {import('./lib/contenders.mjs').BenchContext} */
  const ctx = { root: ROOT, work, server, alembic, client, log, ...(options.compare ? { compare: resolve(options.compare) } : {}) };
  /** @type {Record<string, any>} */
  const results = {};
  const started = Date.now();
  /** @type {Record<string, string>} */
  const failures = {};
  /** Runs one suite; a failure is reported and recorded, and the other suites still run. @param {string} name @param {() => Promise<any>} body */
  const suite = async (name, body) => {
    try {
      results[name] = await body();
    } catch (error) {
      failures[name] = error instanceof Error ? error.message : String(error);
      log(`${name} failed:\n${failures[name]}`);
    }
  };
  try {
    log(`server: ${server.version} (${server.kind}); alembic: ${'version' in alembic ? alembic.version : `skipped: ${alembic.skip}`}`);
    if (wants('apply')) {
      log(`apply: N=${options.sizes.join(',')}, ${options.reps} repetitions`);
      await suite('apply', () => applySuite(ctx, { sizes: options.sizes, reps: options.reps }));
    }
    if (wants('status')) {
      log(`status: N=${options.statusSizes.join(',')}, ${options.reps} repetitions`);
      await suite('status', () => statusSuite(ctx, { sizes: options.statusSizes, reps: options.reps }));
    }
    if (wants('nx')) {
      log(`nx: ${options.services.join(',')} services x ${options.serviceMigrations} migrations`);
      await suite('nx', () => nxSuite(ctx, { counts: options.services, migrations: options.serviceMigrations, reps: Math.min(options.reps, 3) }));
    }
    if (wants('memory')) {
      log(`memory: N=${options.memory.join(',')}`);
      await suite('memory', () => memorySuite(ctx, { sizes: options.memory, reps: Math.min(options.reps, 3) }));
    }
    if (wants('fleet')) {
      log(`fleet: N=${options.fleetSizes.join(',')} databases, ${options.fleetHistory} migrations each, loop sample ${options.fleetSample}, ${Math.min(options.reps, 3)} repetitions`);
      await suite('fleet', () => fleetSuite(ctx, { sizes: options.fleetSizes, sample: options.fleetSample, history: options.fleetHistory, reps: Math.min(options.reps, 3) }));
    }
    if (wants('profile')) {
      const n = Math.max(...options.sizes);
      log(`profile: N=${n}`);
      await suite('profile', () => profileSuite(ctx, { n, reps: 3 }));
    }
  } finally {
    await server.stop();
    rmSync(work, { recursive: true, force: true });
  }
  const goals = [
    ...judgeGoals(results),
    ...(options.compare ? judgeGoals(results, 'compare').map((goal) => ({ ...goal, goal: `[--compare] ${goal.goal}` })) : []),
  ];
  const meta = {
    date: new Date().toISOString(),
    durationSeconds: Math.round((Date.now() - started) / 1000),
    command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).filter((a) => !a.startsWith('mysql')).join(' ')}` : ''}`,
    commit: firstLine('git', ['rev-parse', '--short', 'HEAD']),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? null, os: `${platform()} ${release()}` },
    node: process.version,
    server: { version: server.version, kind: server.kind },
    tools: {
      mysql2: versionOf('mysql2'), 'drizzle-orm': versionOf('drizzle-orm'), nx: versionOf('nx'),
      alembic: 'version' in alembic ? alembic.version : null, client: client ? firstLine(client, ['--version']) : null,
    },
    options: { ...options, url: options.url ? '(given)' : undefined },
  };
  const report = [
    '',
    `migrate-core benchmarks: ${meta.date}, ${meta.machine.cpus} cores, node ${meta.node}, ${server.version} (${server.kind})`,
    '',
    ...(results.apply ? [...renderTimingSuite(results.apply, options.reps), ''] : []),
    ...(results.status ? [...renderTimingSuite(results.status, options.reps), ''] : []),
    ...(results.nx ? [...renderTimingSuite(results.nx, Math.min(options.reps, 3)), ''] : []),
    ...(results.memory ? [...renderMemory(results.memory), ''] : []),
    ...(results.profile ? [...renderProfile(results.profile), ''] : []),
    ...(results.fleet ? [...renderFleet(results.fleet, Math.min(options.reps, 3)), ''] : []),
    ...renderGoals(goals),
    ...Object.entries(failures).map(([name, message]) => `\nsuite ${name} FAILED: ${message.split('\n')[0]}`),
    '',
  ];
  process.stdout.write(report.join('\n'));
  if (options.write) {
    mkdirSync(RESULTS, { recursive: true });
    const json = `${JSON.stringify({ meta, results, goals, failures }, null, 2)}\n`;
    const stamp = meta.date.replace(/:/g, '').replace(/\.\d+Z$/, 'Z');
    writeFileSync(join(RESULTS, 'latest.json'), json);
    writeFileSync(join(RESULTS, `${stamp}.json`), json);
    const svg = renderChart({
      title: 'migrate-core benchmarks',
      subtitle: `${meta.date.slice(0, 10)} · ${meta.machine.cpus} cores · node ${meta.node} · ${server.version} · ${meta.command}`,
      panels: panelsOf(results),
    });
    writeFileSync(join(RESULTS, 'latest.svg'), svg);
    log(`wrote bench/results/latest.json, bench/results/${stamp}.json, bench/results/latest.svg`);
  }
  return Object.keys(failures).length > 0 ? 1 : 0;
}

main().then((code) => {
  process.exitCode = code;
}, (error) => {
  log(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
