// One `migrate` then one `status` through the engine's public API, timing each phase and every round trip.
// Run by suites/profile.mjs in a fresh process, in a bench workspace, with BENCH_DATABASE_URL set.
// Prints one JSON document on stdout.
const boot = performance.now();
/** @type {Array<{ phase: string, ms: number }>} */
const phases = [{ phase: 'node start-up (process start to the first line of the script)', ms: boot }];
let last = boot;
/** @param {string} phase */
const mark = (phase) => {
  const now = performance.now();
  phases.push({ phase, ms: now - last });
  last = now;
};

await import('mysql2/promise');
mark('import mysql2');
const core = await import('@repo/migrate-core');
mark('import migrate-core modules');

const root = core.findWorkspaceRoot(process.cwd());
const service = await core.loadService(root, 'bench');
const where = core.planConnection(service, process.env);
if (where.kind !== 'url') throw new Error('set BENCH_DATABASE_URL');
mark('read config');
const session = await core.openSession(where.settings);
mark('connect');

/** Names the round trips: the migrations' own statements, and each kind of ledger or lock statement. */
const KINDS = [
  [/^INSERT INTO `_migrate_core_ledger`/, 'ledger: insert running row'],
  [/^UPDATE `_migrate_core_ledger` SET `statements_done`/, 'ledger: statement progress (UPDATE)'],
  [/^UPDATE `_migrate_core_ledger` SET `state` = 'applied'/, 'ledger: mark applied (UPDATE)'],
  [/^SELECT \* FROM `_migrate_core_ledger`/, 'ledger: read rows'],
  [/^CREATE TABLE IF NOT EXISTS `_migrate_core_ledger`/, 'ledger: create table if missing'],
  [/GET_LOCK|RELEASE_LOCK|IS_USED_LOCK/, 'lock (GET_LOCK / RELEASE_LOCK / IS_USED_LOCK)'],
  [/^(START TRANSACTION|COMMIT|ROLLBACK)/, 'transaction control'],
];
/** @type {Map<string, { count: number, ms: number }>} */
let queries = new Map();
/** @param {string} kind @param {number} started */
const count = (kind, started) => {
  const entry = queries.get(kind) ?? { count: 0, ms: 0 };
  entry.count += 1;
  entry.ms += performance.now() - started;
  queries.set(kind, entry);
};
const query = session.query.bind(session);
/** @type {typeof session.query} */
session.query = async (sql, values) => {
  const started = performance.now();
  try {
    return await query(sql, values);
  } finally {
    const known = KINDS.find(([pattern]) => /** @type {RegExp} */ (pattern).test(sql))?.[1];
    count(/** @type {string} */ (known ?? (sql.includes('`_migrate_core_ledger`') ? 'ledger: other' : 'migration statements (the SQL itself)')), started);
  }
};
const script = session.script.bind(session);
/** @type {typeof session.script} */
session.script = async (statements) => {
  const started = performance.now();
  try {
    return await script(statements);
  } finally {
    count("a step's batch: ledger row, statements, ledger writes", started);
  }
};
const source = core.createFolderSource(service.migrationsDir, { root });
const files = { listMs: 0, listCalls: 0, loadMs: 0, loadCalls: 0 };
const { list, load } = source;
source.list = async () => {
  const started = performance.now();
  try {
    return await list();
  } finally {
    files.listMs += performance.now() - started;
    files.listCalls += 1;
  }
};
source.load = async (migration, direction) => {
  const started = performance.now();
  try {
    return await load(migration, direction);
  } finally {
    files.loadMs += performance.now() - started;
    files.loadCalls += 1;
  }
};
const migrator = core.createMysqlMigrator({ session, source, ledgerTable: service.config.ledgerTable, root });

/** Runs `call`, returning its round trips and file work, then resets the counters. @param {() => Promise<object>} call */
async function measured(call) {
  queries = new Map();
  Object.assign(files, { listMs: 0, listCalls: 0, loadMs: 0, loadCalls: 0 });
  const started = performance.now();
  const result = await call();
  const totalMs = performance.now() - started;
  const roundTrips = [...queries].map(([kind, { count, ms }]) => ({ kind, count, ms }));
  const outcome = 'outcome' in result ? String(result.outcome) : 'ok';
  return { totalMs, outcome, roundTrips, files: { ...files } };
}

const migrate = await measured(() => migrator.migrate());
mark('migrate()');
const status = await measured(() => migrator.status());
mark('status()');
await session.close();
mark('close the connection');
process.stdout.write(`${JSON.stringify({ phases, migrate, status })}\n`);
