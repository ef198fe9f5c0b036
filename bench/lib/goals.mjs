// The project's performance goals, judged from the figures of one run.
import { ratio } from './stats.mjs';

/**
 * @typedef {object} Goal
 * @property {string} goal
 * @property {string} figure what was compared, with the medians
 * @property {number | null} ratio ours / theirs (lower is better)
 * @property {boolean | null} met null when a contender was skipped
 */

/** @param {any} suite @param {string} id @param {any} row */
const medianOf = (suite, id, row) => row?.results?.[id]?.median;

/**
 * @param {{ apply?: any, status?: any, memory?: any, fleet?: any }} results
 * @param {string} [oursId] whose figures are judged: `migrate-core`, or `compare` (the --compare checkout)
 * @returns {Goal[]}
 */
export function judgeGoals({ apply, status, memory, fleet }, oursId = 'migrate-core') {
  /** @type {Goal[]} */
  const goals = [];
  /** @param {string} goal @param {string} what @param {number | undefined} ours @param {number | undefined} theirs @param {number} limit */
  const compare = (goal, what, ours, theirs, limit) => {
    if (ours === undefined || theirs === undefined) {
      goals.push({ goal, figure: `${what}: not measured (contender skipped or size not run)`, ratio: null, met: null });
      return;
    }
    const r = ratio(ours, theirs);
    goals.push({ goal, figure: `${what}: ${Math.round(ours)} ms vs ${Math.round(theirs)} ms`, ratio: r, met: r <= limit });
  };
  if (apply) {
    const rows = apply.rows;
    const row200 = rows.find((/** @type {any} */ r) => r.n === 200) ?? rows.at(-1);
    compare('migrate ≤ 1.3x the raw client', `N=${row200.n}`, medianOf(apply, oursId, row200), medianOf(apply, 'client', row200), 1.3);
    for (const row of rows) compare("migrate ahead of drizzle's migrator", `N=${row.n}`, medianOf(apply, oursId, row), medianOf(apply, 'drizzle', row), 0.9999);
    for (const row of rows) compare('migrate ahead of alembic upgrade head', `N=${row.n}`, medianOf(apply, oursId, row), medianOf(apply, 'alembic', row), 0.9999);
  }
  if (status) {
    for (const row of status.rows) compare('status faster than alembic current', `N=${row.n}`, medianOf(status, oursId, row), medianOf(status, 'alembic', row), 0.9999);
  }
  if (memory && memory.rows.length > 1 && oursId === 'migrate-core') {
    const first = memory.rows[0];
    const lastRow = memory.rows.at(-1);
    const r = ratio(lastRow.peakRssMiB, first.peakRssMiB);
    goals.push({ goal: 'peak RSS stays flat as migrations grow (≤ 1.25x)', figure: `N=${lastRow.n} vs N=${first.n}: ${lastRow.peakRssMiB} MiB vs ${first.peakRssMiB} MiB`, ratio: r, met: r <= 1.25 });
  }
  if (fleet && oursId === 'migrate-core') goals.push(...fleetGoals(fleet));
  return goals;
}

/** The fleet's goals, at its largest N. @param {any} fleet @returns {Goal[]} */
function fleetGoals(fleet) {
  const largest = Math.max(...fleet.sizes);
  const smallest = Math.min(...fleet.sizes);
  const row = (/** @type {string} */ op) => fleet.rows.find((/** @type {any} */ r) => r.op === op);
  const ms = (/** @type {string} */ op) => row(op).results[`fleet${largest}`].median;
  /** @type {Goal[]} */
  const goals = [
    { goal: `status of ${largest} databases, nothing pending, in at most 5 s`, figure: `${Math.round(ms('status'))} ms`, ratio: ratio(ms('status'), 5000), met: ms('status') <= 5000 },
    { goal: `one migration applied to ${largest} databases in at most 30 s`, figure: `${Math.round(ms('apply'))} ms`, ratio: ratio(ms('apply'), 30000), met: ms('apply') <= 30000 },
  ];
  for (const r of fleet.rows) {
    const loop = r.results.loop.median;
    const ours = r.results[`fleet${largest}`].median;
    // Two significant digits: the ratios are far below 0.01.
    goals.push({ goal: `${r.key}: at least 10x faster than a loop of CLI runs (N=${largest}, loop extrapolated)`, figure: `${Math.round(ours)} ms vs ${Math.round(loop)} ms`, ratio: Number((ours / loop).toPrecision(2)), met: ours * 10 <= loop });
  }
  if (largest !== smallest) {
    for (const r of fleet.rows) {
      const [a, b] = [r.peakRssMiB[smallest], r.peakRssMiB[largest]];
      if (a === null || b === null) continue;
      goals.push({ goal: `${r.key}: peak RSS flat as the fleet grows (N=${largest} vs N=${smallest}, at most 1.25x)`, figure: `${b} MiB vs ${a} MiB`, ratio: ratio(b, a), met: b <= a * 1.25 });
    }
  }
  return goals;
}
