// A fleet (one service, a database per tenant): one fleet command over N databases against a loop of one CLI run
// per database, as users do without fleets. The loop runs on a sample of databases and is extrapolated to N.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { childEnv, cliPath } from '../lib/contenders.mjs';
import { fleetService, LOOP_SERVICE, memberName, oneStepTenantSql, PREFIX, setSmallMigration, writeFleetWorkspace } from '../lib/fleet-fixtures.mjs';
import { run } from '../lib/proc.mjs';
import { median, summarize } from '../lib/stats.mjs';

/** The operations timed, in order. */
const OPERATIONS = [
  { id: 'status', label: 'status, nothing pending', args: ['status'] },
  { id: 'noop', label: 'migrate, nothing to do', args: ['migrate'] },
  { id: 'apply', label: 'migrate one small migration', args: ['migrate'] },
];

/** @param {import('../lib/contenders.mjs').BenchContext} ctx */
async function benchDatabases(ctx) {
  const rows = /** @type {Array<{ name: string }>} */ (await ctx.server.query(`SELECT SCHEMA_NAME AS name FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE '${PREFIX.replace(/_/g, '\\_')}%'`));
  return rows.map((row) => row.name);
}

/** @param {import('../lib/contenders.mjs').BenchContext} ctx @param {string[]} names */
async function createDatabases(ctx, names) {
  for (const name of names) await ctx.server.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
}

/** Every database of the group has (or lacks) the small migration's column. @param {import('../lib/contenders.mjs').BenchContext} ctx @param {string} group @param {number} expected */
async function assertNotes(ctx, group, expected) {
  const [row] = /** @type {Array<{ n: number }>} */ (await ctx.server.query(
    `SELECT COUNT(*) AS n FROM information_schema.COLUMNS WHERE TABLE_SCHEMA LIKE '${PREFIX.replace(/_/g, '\\_')}${group}\\_%' AND TABLE_NAME = 't0001' AND COLUMN_NAME = 'note'`));
  if (Number(row?.n) !== expected) throw new Error(`${group}: expected the new column in ${expected} databases, found ${row?.n}`);
}

/**
 * @param {import('../lib/contenders.mjs').BenchContext} ctx
 * @param {{ sizes: number[], sample: number, reps: number, history: number }} options
 */
export async function fleetSuite(ctx, { sizes, sample, reps, history }) {
  // A workspace of its own: each profile of a run runs the suite again in the same work folder.
  const ws = mkdtempSync(join(ctx.work, 'fleet-'));
  const groups = [...sizes.map(String), 'sample'];
  const services = writeFleetWorkspace(ws, ctx.root, { history, groups });
  const cli = cliPath(ctx);
  const env = childEnv({ DATABASE_URL: ctx.server.url });
  /** @param {string} group @param {string[]} args @param {import('../lib/proc.mjs').RunOptions} [extra] */
  const fleet = (group, args, extra = {}) => run(process.execPath, [cli, ...args, '--service', fleetService(group)], { cwd: ws, env, ...extra });
  /** @param {string} database @param {string[]} args */
  const single = (database, args) => run(process.execPath, [cli, ...args, '--service', LOOP_SERVICE], { cwd: ws, env: childEnv({ LOOP_DATABASE_URL: `${ctx.server.url}/${database}` }) });
  const sampleNames = Array.from({ length: sample }, (_, i) => memberName('sample', i));
  /** The loop over the sample: ms per database. @param {string[]} args */
  const loop = async (args) => {
    const started = performance.now();
    for (const database of sampleNames) await single(database, args);
    return (performance.now() - started) / sample;
  };

  for (const name of await benchDatabases(ctx)) await ctx.server.dropDatabase(name);
  try {
    ctx.log(`  creating ${sizes.reduce((a, b) => a + b, 0) + sample} databases ...`);
    for (const n of sizes) await createDatabases(ctx, Array.from({ length: n }, (_, i) => memberName(String(n), i)));
    await createDatabases(ctx, sampleNames);
    /** @type {Record<string, number>} */
    const first = {};
    for (const group of groups) {
      first[group] = (await fleet(group, ['migrate'])).ms;
      ctx.log(`  ${group}: the first migrate (${history} migrations on each database) took ${Math.round(first[group])} ms`);
    }
    await fleet(String(sizes[0]), ['status']);
    await single(/** @type {string} */ (sampleNames[0]), ['status']);

    /** @type {Record<string, number[]>} ms of fleet runs by `<op>:<n>`, and of the loop per database by `<op>:loop` */
    const samples = {};
    /** @type {Record<string, number[]>} peak RSS in MiB by `<op>:<n>` */
    const rss = {};
    const add = (/** @type {Record<string, number[]>} */ to, /** @type {string} */ key, /** @type {number} */ value) => (to[key] = [...(to[key] ?? []), value]);
    for (let rep = 1; rep <= reps; rep++) {
      for (const op of OPERATIONS) {
        if (op.id === 'apply') setSmallMigration(ws, services, true);
        const line = [];
        for (const n of sizes) {
          const result = await fleet(String(n), op.args, { peakRss: true });
          if (op.id === 'apply') await assertNotes(ctx, String(n), n);
          add(samples, `${op.id}:${n}`, result.ms);
          if (result.peakRssKb !== null) add(rss, `${op.id}:${n}`, result.peakRssKb / 1024);
          line.push(`N=${n} ${Math.round(result.ms)} ms`);
        }
        const perDatabase = await loop(op.args);
        if (op.id === 'apply') await assertNotes(ctx, 'sample', sample);
        add(samples, `${op.id}:loop`, perDatabase);
        ctx.log(`  rep ${rep}/${reps} ${op.label}: ${line.join(', ')}; loop ${perDatabase.toFixed(1)} ms per database`);
        if (op.id === 'apply') {
          // Back to the start for the next repetition (untimed).
          for (const group of groups) await fleet(group, ['rollback', '--steps', '1']);
          for (const n of sizes) await assertNotes(ctx, String(n), 0);
          setSmallMigration(ws, services, false);
        }
      }
    }

    // A new tenant: its database created and brought to the latest schema by replaying the history, against the
    // floor of building it in one step (the mariadb client runs the same tables and the ledger rows at once).
    /** @type {{ replay: number[], oneStep: number[] }} */
    const tenant = { replay: [], oneStep: [] };
    const oneStepFile = join(ctx.work, 'one-step-tenant.sql');
    writeFileSync(oneStepFile, oneStepTenantSql(history));
    for (let rep = 1; rep <= reps; rep++) {
      const name = memberName('new', rep);
      tenant.replay.push((await single(name, ['migrate', '--create-database'])).ms);
      if (ctx.client) {
        const other = memberName('newfloor', rep);
        const { host, port, user, password } = ctx.server;
        const started = performance.now();
        await ctx.server.query(`CREATE DATABASE \`${other}\``);
        await run(ctx.client, ['-h', host, '-P', String(port), '-u', user, other], { stdinFile: oneStepFile, env: childEnv(password ? { MYSQL_PWD: password } : {}) });
        // The CREATE DATABASE belongs to the one-step time too, as --create-database does it in the replay.
        tenant.oneStep.push(performance.now() - started);
      }
    }

    const largest = Math.max(...sizes);
    return {
      title: `A fleet of N tenant databases (${history} migrations each), one fleet command against a loop of one CLI run per database`,
      note: `The loop ran on ${sample} databases; its time per database is extrapolated to N=${largest}.`,
      history, sample, sizes,
      firstMigrateMs: first,
      contenders: [...sizes.map((n) => ({ id: `fleet${n}`, label: `fleet command, N=${n}` })), { id: 'loop', label: `loop of CLI runs, extrapolated to N=${largest}` }],
      rows: OPERATIONS.map((op) => ({
        key: op.label, op: op.id,
        results: {
          ...Object.fromEntries(sizes.map((n) => [`fleet${n}`, summarize(/** @type {number[]} */ (samples[`${op.id}:${n}`]))])),
          loop: summarize((/** @type {number[]} */ (samples[`${op.id}:loop`])).map((ms) => ms * largest)),
        },
        loopPerDatabase: summarize(/** @type {number[]} */ (samples[`${op.id}:loop`])),
        peakRssMiB: Object.fromEntries(sizes.map((n) => [n, rss[`${op.id}:${n}`] ? Math.round(median(/** @type {number[]} */ (rss[`${op.id}:${n}`])) * 10) / 10 : null])),
      })),
      newTenant: { replay: summarize(tenant.replay), ...(tenant.oneStep.length > 0 ? { oneStep: summarize(tenant.oneStep) } : {}) },
    };
  } finally {
    for (const name of await benchDatabases(ctx)) await ctx.server.dropDatabase(name);
  }
}
