#!/usr/bin/env node
// `npm run bench`: migrate-core against the raw client, drizzle-orm's migrator and Alembic, on a durable private
// server (data on disk) and then on a tmpfs one, or on the server of --url. Prints a report per profile, writes
// bench/results/latest.json (+ a dated copy) and bench/results/latest.svg.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, platform, release, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureAlembic } from './lib/alembic.mjs';
import { panelsOf, renderChart } from './lib/chart.mjs';
import { parseOptions, USAGE } from './lib/options.mjs';
import { which } from './lib/proc.mjs';
import { profilesOf } from './lib/profiles.mjs';
import { renderRun } from './lib/report.mjs';
import { loadAverage, runProfile } from './lib/run-profile.mjs';

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
  log(`alembic: ${'version' in alembic ? alembic.version : `skipped: ${alembic.skip}`}`);
  const started = Date.now();
  const loadAtStart = loadAverage();
  const shared = { root: ROOT, work, alembic, client, log, ...(options.compare ? { compare: resolve(options.compare) } : {}) };
  /** @type {import('./lib/run-profile.mjs').ProfileRun[]} */
  const runs = [];
  try {
    for (const profile of profilesOf(options)) runs.push(await runProfile(profile, options, shared));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const meta = {
    date: new Date().toISOString(),
    durationSeconds: Math.round((Date.now() - started) / 1000),
    command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).map((a) => (a.startsWith('mysql') ? '<url>' : a)).join(' ')}` : ''}`,
    commit: firstLine('git', ['rev-parse', '--short', 'HEAD']),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? null, os: `${platform()} ${release()}` },
    load: { start: loadAtStart, end: loadAverage() },
    node: process.version,
    tools: {
      mysql2: versionOf('mysql2'), 'drizzle-orm': versionOf('drizzle-orm'), nx: versionOf('nx'),
      alembic: 'version' in alembic ? alembic.version : null, client: client ? firstLine(client, ['--version']) : null,
    },
    options: { ...options, url: options.url ? '(given)' : undefined },
  };
  const report = [
    '',
    `migrate-core benchmarks: ${meta.date}, ${meta.machine.cpus} cores, node ${meta.node}, commit ${meta.commit}, load average ${meta.load.start.join(' ')} at the start`,
    ...runs.flatMap((run) => renderRun(run)),
    '',
  ];
  process.stdout.write(report.join('\n'));
  if (options.write) {
    mkdirSync(RESULTS, { recursive: true });
    const json = `${JSON.stringify({ meta, profiles: runs }, null, 2)}\n`;
    const stamp = meta.date.replace(/:/g, '').replace(/\.\d+Z$/, 'Z');
    writeFileSync(join(RESULTS, 'latest.json'), json);
    writeFileSync(join(RESULTS, `${stamp}.json`), json);
    const svg = renderChart({
      title: 'migrate-core benchmarks',
      subtitle: `${meta.date.slice(0, 10)} · ${meta.machine.cpus} cores · node ${meta.node} · ${runs[0]?.server.version ?? ''} · ${meta.command}`,
      panels: runs.flatMap((run) => panelsOf(run.results, run.profile.id)),
    });
    writeFileSync(join(RESULTS, 'latest.svg'), svg);
    log(`wrote bench/results/latest.json, bench/results/${stamp}.json, bench/results/latest.svg`);
  }
  return runs.some((run) => Object.keys(run.failures).length > 0) ? 1 : 0;
}

main().then((code) => {
  process.exitCode = code;
}, (error) => {
  log(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
