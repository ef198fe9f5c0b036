// The project's performance goals, judged from the figures of one profile of one run.
import { ratio } from './stats.mjs';

/**
 * @typedef {object} Goal
 * @property {string} goal
 * @property {string} figure what was compared, with the medians
 * @property {number | null} ratio ours / theirs (lower is better)
 * @property {boolean | null} met null when a contender was skipped
 */

/** The N the apply goals are judged at. */
const HEADLINE_N = 200;
/** RSS at N=1000 against N=10: at most this. */
const FLAT_RSS = 1.25;

/** @param {any} row @param {string} id @returns {number | undefined} */
const medianOf = (row, id) => row?.results?.[id]?.median;

/**
 * @param {{ apply?: any, status?: any, services?: any, memory?: any, fleet?: any }} results
 * @param {string} [oursId] whose figures are judged: `migrate-core`, or `compare` (the --compare checkout)
 * @returns {Goal[]}
 */
export function judgeGoals({ apply, status, services, memory, fleet }, oursId = 'migrate-core') {
  /** @type {Goal[]} */
  const goals = [];
  /**
   * @param {string} goal @param {string} what @param {number | undefined} ours @param {number | undefined} theirs @param {number} limit
   * @param {boolean} [speedUp] also say how many times faster ours is
   */
  const compare = (goal, what, ours, theirs, limit, speedUp = false) => {
    if (ours === undefined || theirs === undefined) {
      goals.push({ goal, figure: `${what}: not measured (contender skipped or size not run)`, ratio: null, met: null });
      return;
    }
    const r = ratio(ours, theirs);
    const faster = speedUp ? ` (${ratio(theirs, ours)}x faster)` : '';
    goals.push({ goal, figure: `${what}: ${Math.round(ours)} ms vs ${Math.round(theirs)} ms${faster}`, ratio: r, met: r <= limit });
  };
  if (apply) {
    const headline = apply.rows.find((/** @type {any} */ r) => r.n === HEADLINE_N) ?? apply.rows.at(-1);
    const one = apply.rows.find((/** @type {any} */ r) => r.n === 1);
    const ours = medianOf(headline, oursId);
    compare("migrate ≤ 0.9x drizzle's migrator", `N=${headline.n}`, ours, medianOf(headline, 'drizzle'), 0.9);
    compare('migrate ≤ 2x the raw client', `N=${headline.n}`, ours, medianOf(headline, 'client'), 2);
    compare('migrate N=1 ≤ 1.5x (node -e 0 + one connection)', 'N=1', medianOf(one, oursId), medianOf(one, 'floor'), 1.5);
  }
  if (status) {
    for (const row of status.rows) compare('status ≤ 0.4x alembic current', `N=${row.n}`, medianOf(row, oursId), medianOf(row, 'alembic'), 0.4);
  }
  if (services) {
    const allId = oursId === 'compare' ? 'compare-all' : 'all';
    const row = services.rows.at(-1);
    // "At least 1.8x faster than the loop" is a ratio all / loop of at most 1 / 1.8.
    compare('migrate --all ≥ 1.8x faster than a loop of the CLI', row.key, medianOf(row, allId), medianOf(row, 'loop'), 1 / 1.8, true);
    if (oursId === 'migrate-core') compare('nx run-many -t migrate no slower than a loop of the CLI', row.key, medianOf(row, 'nx'), medianOf(row, 'loop'), 1);
  }
  if (memory && memory.rows.length > 1 && oursId === 'migrate-core') {
    const first = memory.rows[0];
    const last = memory.rows.at(-1);
    const r = ratio(last.peakRssMiB, first.peakRssMiB);
    goals.push({ goal: `peak RSS flat as migrations grow (≤ ${FLAT_RSS}x)`, figure: `N=${last.n} vs N=${first.n}: ${last.peakRssMiB} MiB vs ${first.peakRssMiB} MiB`, ratio: r, met: r <= FLAT_RSS });
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
