// The console report of a profile: one table per suite, where the time goes, and the goals.
import { describeSettings } from './server.mjs';
import { formatRange } from './stats.mjs';

/** @param {string[]} head @param {string[][]} rows */
export function table(head, rows) {
  const widths = head.map((cell, i) => Math.max(cell.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (/** @type {string[]} */ cells) => `  ${cells.map((cell, i) => cell.padEnd(widths[i])).join('   ').trimEnd()}`;
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

/** A timing suite (apply, status, services): rows by size, a column per contender. @param {any} suite */
export function renderTimingSuite(suite) {
  const active = suite.contenders.filter((/** @type {any} */ c) => !c.skip);
  return [
    `${suite.title}: ms, median [min-max] of ${suite.reps}${loadNote(suite)}`,
    ...table(['', ...active.map((/** @type {any} */ c) => c.label)],
      suite.rows.map((/** @type {any} */ row) => [row.key, ...active.map((/** @type {any} */ c) => formatRange(row.results[c.id]))])),
    ...suite.contenders.filter((/** @type {any} */ c) => c.skip).map((/** @type {any} */ c) => `  (skipped ${c.label}: ${c.skip})`),
  ];
}

/** ` (load average 1.2 -> 1.5)`: the 1-minute load when the suite started and ended. @param {any} suite */
const loadNote = (suite) => (suite.load ? ` (load average ${suite.load.start[0]} -> ${suite.load.end[0]})` : '');

/** @param {any} suite */
export function renderMemory(suite) {
  return [
    `${suite.title}${loadNote(suite)}`,
    ...table(['', 'peak RSS (median)', 'samples (MiB)', 'time (median)', ...(suite.rows[0]?.compare ? ['--compare: peak RSS (median)'] : [])],
      suite.rows.map((/** @type {any} */ row) => [row.key, `${row.peakRssMiB} MiB`, row.peakRssSamples.join(', '), `${row.medianMs} ms`,
        ...(row.compare ? [`${row.compare.peakRssMiB} MiB`] : [])])),
  ];
}

/** @param {any} suite */
export function renderProfile(suite) {
  const ms = (/** @type {number} */ x) => `${x.toFixed(1)} ms`;
  return [
    `${suite.title}${loadNote(suite)}`,
    ...suite.scenarios.flatMap((/** @type {any} */ scenario) => [
      `  ${scenario.name}: ${scenario.totals.map((/** @type {any} */ t) => `${t.id} ${ms(t.wallMs)} from spawn to exit, CPU ${ms(t.cpuMs)} (code cache: ${t.codeCache})`).join('; ')}`,
      ...table(['phase', 'time', 'round trips'], scenario.phases.map((/** @type {any} */ p) => [p.phase, ms(p.ms), p.count === undefined ? '' : String(p.count)]))
        .map((line) => `  ${line}`),
      ...(scenario.cpu ? [
        `    CPU profile of one run (node --cpu-prof, ${ms(scenario.cpu.totalMs)} profiled): self time by where the code is`,
        ...table(['', 'time'], scenario.cpu.categories.slice(0, 12).map((/** @type {any} */ c) => [c.category, ms(c.ms)])).map((line) => `    ${line}`),
      ] : []),
    ]),
  ];
}

/** The fleet suite: each operation at each N, the loop it is compared with, peak RSS, a new tenant. @param {any} suite */
export function renderFleet(suite) {
  const sizes = /** @type {number[]} */ (suite.sizes);
  const largest = Math.max(...sizes);
  const speedUp = (/** @type {any} */ row) => `${Math.round(row.results.loop.median / row.results[`fleet${largest}`].median)}x`;
  const tenant = suite.newTenant;
  return [
    `${suite.title}: ms, median [min-max] of ${suite.reps}${loadNote(suite)}`,
    `  ${suite.note}`,
    ...table(['', ...sizes.map((n) => `fleet, N=${n}`), 'loop, per database', `loop, N=${largest}`, `speed-up at N=${largest}`, ...sizes.map((n) => `peak RSS N=${n}`)],
      suite.rows.map((/** @type {any} */ row) => [row.key, ...sizes.map((n) => formatRange(row.results[`fleet${n}`])), row.loopPerDatabase.median.toFixed(1),
        formatRange(row.results.loop), speedUp(row), ...sizes.map((n) => (row.peakRssMiB[n] === null ? '-' : `${row.peakRssMiB[n]} MiB`))])),
    `  first migrate (${suite.history} migrations on each database): ${Object.entries(suite.firstMigrateMs).map(([group, ms]) => `${group} ${Math.round(/** @type {number} */ (ms))} ms`).join(', ')}`,
    `  a new tenant (create the database, ${suite.history} migrations): replayed by migrate --create-database ${formatRange(tenant.replay)}` +
      (tenant.oneStep ? `; built in one step by the mariadb client (same tables and ledger rows: the floor) ${formatRange(tenant.oneStep)}` : ''),
  ];
}

/** @param {import('./goals.mjs').Goal[]} goals @param {string} profile */
export function renderGoals(goals, profile) {
  const mark = (/** @type {boolean | null} */ met) => (met === null ? 'skipped' : met ? 'MET' : 'MISSED');
  if (goals.length === 0) return ['Goals: none judged (they need the apply, status, services, memory or fleet suites).'];
  return [
    `Goals on the ${profile} profile (ratio = migrate-core / other, from this run)`,
    ...table(['goal', 'figure', 'ratio', 'verdict'], goals.map((g) => [g.goal, g.figure, g.ratio === null ? '-' : `${g.ratio}x`, mark(g.met)])),
  ];
}

/**
 * One profile's part of the report: where it ran, its tables, its goals and failed suites.
 * @param {import('./run-profile.mjs').ProfileRun} run
 */
export function renderRun(run) {
  const { results } = run;
  const timing = (/** @type {any} */ suite) => (suite ? [...renderTimingSuite(suite), ''] : []);
  return [
    '',
    `=== ${run.profile.label}`,
    `    ${run.server.version}, ${run.server.kind}`,
    `    ${describeSettings(run.server.settings)}`,
    '',
    ...timing(results.apply),
    ...timing(results.status),
    ...timing(results.services),
    ...(results.memory ? [...renderMemory(results.memory), ''] : []),
    ...(results.profile ? [...renderProfile(results.profile), ''] : []),
    ...(results.fleet ? [...renderFleet(results.fleet), ''] : []),
    ...renderGoals(run.goals, run.profile.id),
    ...Object.entries(run.failures).map(([name, message]) => `\nsuite ${name} FAILED: ${message.split('\n')[0]}`),
  ];
}
