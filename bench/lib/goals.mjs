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
 * @param {{ apply?: any, status?: any, memory?: any }} results
 * @param {string} [oursId] whose figures are judged: `migrate-core`, or `compare` (the --compare checkout)
 * @returns {Goal[]}
 */
export function judgeGoals({ apply, status, memory }, oursId = 'migrate-core') {
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
  return goals;
}
