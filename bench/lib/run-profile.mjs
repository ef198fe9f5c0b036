// Runs the chosen suites on one profile's server and judges the goals from their figures.
import { loadavg } from 'node:os';
import { applySuite } from '../suites/apply.mjs';
import { fleetSuite } from '../suites/fleet.mjs';
import { memorySuite } from '../suites/memory.mjs';
import { profileSuite } from '../suites/profile.mjs';
import { servicesSuite } from '../suites/services.mjs';
import { statusSuite } from '../suites/status.mjs';
import { judgeGoals } from './goals.mjs';
import { describeSettings, openBenchServer } from './server.mjs';

/** The 1, 5 and 15 minute load averages, rounded. */
export const loadAverage = () => loadavg().map((x) => Math.round(x * 100) / 100);

/**
 * @typedef {object} ProfileRun
 * @property {import('./profiles.mjs').Profile} profile
 * @property {{ version: string, kind: string, settings: import('./server.mjs').ServerSettings }} server
 * @property {Record<string, any>} results each suite's figures, with the load average when it started and ended
 * @property {import('./goals.mjs').Goal[]} goals
 * @property {Record<string, string>} failures a suite that failed: its message (the others still ran)
 */

/**
 * @param {import('./profiles.mjs').Profile} profile
 * @param {ReturnType<typeof import('./options.mjs').parseOptions>} options
 * @param {Omit<import('./contenders.mjs').BenchContext, 'server'>} shared
 * @returns {Promise<ProfileRun>}
 */
export async function runProfile(profile, options, shared) {
  const { log } = shared;
  log(`\n== ${profile.label}`);
  const server = await openBenchServer({ root: shared.root, profile });
  log(`server: ${server.version}, ${server.kind}; ${describeSettings(server.settings)}`);
  const ctx = { ...shared, server };
  /** @type {Record<string, any>} */
  const results = {};
  /** @type {Record<string, string>} */
  const failures = {};
  const wants = (/** @type {string} */ suite) => options.only.includes(suite);
  /**
   * Runs one suite with `reps` repetitions, kept with its figures for the report; a failure is reported and
   * recorded, and the other suites still run.
   * @param {string} name @param {number} reps @param {(reps: number) => Promise<any>} body
   */
  const suite = async (name, reps, body) => {
    const start = loadAverage();
    try {
      results[name] = { ...(await body(reps)), reps, load: { start, end: loadAverage() } };
    } catch (error) {
      failures[name] = error instanceof Error ? error.message : String(error);
      log(`${name} failed:\n${failures[name]}`);
    }
  };
  const reps = options.reps;
  // The slower suites repeat at most 3 times.
  const fewerReps = Math.min(reps, 3);
  try {
    if (wants('apply')) {
      log(`apply: N=${options.sizes.join(',')}, ${reps} repetitions (load ${loadAverage().join(' ')})`);
      await suite('apply', reps, (n) => applySuite(ctx, { sizes: options.sizes, reps: n }));
    }
    if (wants('status')) {
      log(`status: N=${options.statusSizes.join(',')}, ${reps} repetitions (load ${loadAverage().join(' ')})`);
      await suite('status', reps, (n) => statusSuite(ctx, { sizes: options.statusSizes, reps: n }));
    }
    if (wants('services')) {
      log(`services: ${options.services.join(',')} services x ${options.serviceMigrations} migrations (load ${loadAverage().join(' ')})`);
      await suite('services', fewerReps, (n) => servicesSuite(ctx, { counts: options.services, migrations: options.serviceMigrations, reps: n }));
    }
    if (wants('memory')) {
      log(`memory: N=${options.memory.join(',')} (load ${loadAverage().join(' ')})`);
      await suite('memory', fewerReps, (n) => memorySuite(ctx, { sizes: options.memory, reps: n }));
    }
    if (wants('fleet')) {
      log(`fleet: N=${options.fleetSizes.join(',')} databases, ${options.fleetHistory} migrations each, loop sample ${options.fleetSample}, ${fewerReps} repetitions (load ${loadAverage().join(' ')})`);
      await suite('fleet', fewerReps, (n) => fleetSuite(ctx, { sizes: options.fleetSizes, sample: options.fleetSample, history: options.fleetHistory, reps: n }));
    }
    if (wants('profile')) {
      const sizes = [...new Set([1, Math.max(...options.sizes)])];
      log(`profile: migrate N=${sizes.join(',')}, status N=${Math.max(...sizes)} (load ${loadAverage().join(' ')})`);
      await suite('profile', reps, (n) => profileSuite(ctx, { sizes, reps: n }));
    }
  } finally {
    await server.stop();
  }
  const goals = [
    ...judgeGoals(results),
    ...(options.compare ? judgeGoals(results, 'compare').map((goal) => ({ ...goal, goal: `[--compare] ${goal.goal}` })) : []),
  ];
  return { profile, server: { version: server.version, kind: server.kind, settings: server.settings }, results, goals, failures };
}
