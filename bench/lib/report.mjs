// The console report: one table per suite, the breakdown of a run, and the goals.
import { formatRange } from './stats.mjs';

/** @param {string[]} head @param {string[][]} rows */
export function table(head, rows) {
  const widths = head.map((cell, i) => Math.max(cell.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (/** @type {string[]} */ cells) => `  ${cells.map((cell, i) => cell.padEnd(widths[i])).join('   ').trimEnd()}`;
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

/** A timing suite (apply, status, nx): rows by size, a column per contender. @param {any} suite @param {number} reps */
export function renderTimingSuite(suite, reps) {
  const active = suite.contenders.filter((/** @type {any} */ c) => !c.skip);
  return [
    `${suite.title}: ms, median [min-max] of ${reps}`,
    ...table(['', ...active.map((/** @type {any} */ c) => c.label)],
      suite.rows.map((/** @type {any} */ row) => [row.key, ...active.map((/** @type {any} */ c) => formatRange(row.results[c.id]))])),
    ...suite.contenders.filter((/** @type {any} */ c) => c.skip).map((/** @type {any} */ c) => `  (skipped ${c.label}: ${c.skip})`),
  ];
}

/** @param {any} suite */
export function renderMemory(suite) {
  return [
    `${suite.title}`,
    ...table(['', 'peak RSS (median)', 'samples (MiB)', 'time (median)'],
      suite.rows.map((/** @type {any} */ row) => [row.key, `${row.peakRssMiB} MiB`, row.peakRssSamples.join(', '), `${row.medianMs} ms`])),
  ];
}

/** @param {any} suite */
export function renderProfile(suite) {
  const ms = (/** @type {number} */ x) => `${x.toFixed(1)} ms`;
  const part = (/** @type {string} */ name, /** @type {any} */ b) => [
    `  ${name}: ${ms(b.totalMs)} in ${b.roundTripCount} round trips`,
    ...table(['', 'count', 'time'], [
      ...b.roundTrips.map((/** @type {any} */ t) => [t.kind, String(t.count), ms(t.ms)]),
      ['reading migration folders (list: readdir, stat, read, checksum)', '', ms(b.files.listMs)],
      ['reading statements of each step (load)', String(b.files.loadCalls), ms(b.files.loadMs)],
      ['other (engine CPU between awaits)', '', ms(b.otherMs)],
    ]).map((line) => `  ${line}`),
  ];
  return [
    suite.title,
    ...table(['process phase', 'time'], suite.phases.map((/** @type {any} */ p) => [p.phase, ms(p.ms)])),
    ...part('migrate()', suite.migrate),
    ...part('status()', suite.status),
  ];
}

/** @param {any} suite @param {number} reps */
export function renderFleet(suite, reps) {
  const sizes = /** @type {number[]} */ (suite.sizes);
  const largest = Math.max(...sizes);
  const speedUp = (/** @type {any} */ row) => `${Math.round(row.results.loop.median / row.results[`fleet${largest}`].median)}x`;
  const tenant = suite.newTenant;
  return [
    `${suite.title}: ms, median [min-max] of ${reps}`,
    `  ${suite.note}`,
    ...table(['', ...sizes.map((n) => `fleet, N=${n}`), 'loop, per database', `loop, N=${largest}`, `speed-up at N=${largest}`, ...sizes.map((n) => `peak RSS N=${n}`)],
      suite.rows.map((/** @type {any} */ row) => [row.key, ...sizes.map((n) => formatRange(row.results[`fleet${n}`])), `${row.loopPerDatabase.median.toFixed(1)}`,
        formatRange(row.results.loop), speedUp(row), ...sizes.map((n) => (row.peakRssMiB[n] === null ? '-' : `${row.peakRssMiB[n]} MiB`))])),
    `  first migrate (${suite.history} migrations on each database): ${Object.entries(suite.firstMigrateMs).map(([group, ms]) => `${group} ${Math.round(/** @type {number} */ (ms))} ms`).join(', ')}`,
    `  a new tenant (create the database, ${suite.history} migrations): replayed by migrate --create-database ${formatRange(tenant.replay)}` +
      (tenant.oneStep ? `; built in one step by the mariadb client (same tables + ledger rows, the floor) ${formatRange(tenant.oneStep)}` : ''),
  ];
}

/** @param {import('./goals.mjs').Goal[]} goals */
export function renderGoals(goals) {
  const mark = (/** @type {boolean | null} */ met) => (met === null ? 'skipped' : met ? 'MET' : 'MISSED');
  if (goals.length === 0) return ['Goals: none judged (they need the apply, status or memory suites).'];
  return [
    'Goals (ratio = migrate-core / other, from this run)',
    ...table(['goal', 'figure', 'ratio', 'verdict'], goals.map((g) => [g.goal, g.figure, g.ratio === null ? '-' : `${g.ratio}x`, mark(g.met)])),
  ];
}
