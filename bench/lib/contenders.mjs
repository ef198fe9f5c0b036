// The contenders: how each tool applies N migrations to a database, and how each reads its status.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { writeAlembicProject, writeDrizzleFolder, writeSqlFile, writeWorkspace } from './fixtures.mjs';
import { run } from './proc.mjs';
import { databaseUrl } from './server.mjs';

/**
 * @typedef {object} BenchContext
 * @property {string} root the repository
 * @property {string} work a temp folder for fixtures
 * @property {import('./server.mjs').BenchServer} server
 * @property {{ python: string, version: string } | { skip: string }} alembic
 * @property {string | null} client path of the `mariadb` (or `mysql`) client
 * @property {(line: string) => void} log
 * @property {string} [compare] another checkout of the repository whose CLI runs as an extra contender
 */

/**
 * @typedef {object} Contender
 * @property {string} id
 * @property {string} label
 * @property {string} [skip] why it does not run here
 * @property {number[]} [sizes] the only N it runs at (a floor that applies nothing)
 * @property {(n: number) => (database: string, extra?: import('./proc.mjs').RunOptions) => Promise<import('./proc.mjs').RunResult>} prepare writes the
 *   fixtures for n migrations once; the returned function runs the tool against one database
 */

/** The caller's environment without database URLs or Node options, plus `extra`. @param {Record<string, string>} extra */
export function childEnv(extra = {}) {
  /** @type {Record<string, string>} */
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !key.endsWith('DATABASE_URL') && key !== 'NODE_OPTIONS') env[key] = value;
  }
  return { ...env, ...extra };
}

/** Writes a fixture once per run: suites share them. @param {string} path @param {() => void} write */
function once(path, write) {
  if (!existsSync(path)) write();
}

/** The CLI of this checkout, or of another one. @param {BenchContext} ctx @param {string} [root] */
export const cliPath = (ctx, root = ctx.root) => join(root, 'packages', 'migrate-core', 'bin', 'migrate-core.js');

/** `--compare <checkout>` runs that checkout's CLI too, e.g. with an engine change, in the same run. @param {BenchContext} ctx */
export const compareVariant = (ctx) => (ctx.compare ? [{ id: 'compare', label: `migrate-core (${ctx.compare})`, root: ctx.compare }] : []);

/** @param {BenchContext} ctx @param {string} database */
const clientArgs = (ctx, database) => ['-h', ctx.server.host, '-P', String(ctx.server.port), '-u', ctx.server.user, ...(database ? [database] : [])];
/** The client reads the password from MYSQL_PWD, never from argv. @param {BenchContext} ctx */
const clientEnv = (ctx) => childEnv(ctx.server.password ? { MYSQL_PWD: ctx.server.password } : {});

/** @param {BenchContext} ctx @param {string} database */
function alembicUrl(ctx, database) {
  const { host, port, user, password } = ctx.server;
  const auth = `${encodeURIComponent(user)}${password ? `:${encodeURIComponent(password)}` : ''}`;
  return `mysql+pymysql://${auth}@${host}:${port}/${database}`;
}

/**
 * `migrate-core migrate` through the CLI, in a workspace holding one service `bench`.
 * @param {BenchContext} ctx @param {{ id: string, label: string, root: string }} [variant] another checkout's CLI
 * @returns {Contender}
 */
export function ours(ctx, variant = { id: 'migrate-core', label: 'migrate-core (CLI)', root: ctx.root }) {
  return {
    id: variant.id,
    label: variant.label,
    prepare(n) {
      const ws = join(ctx.work, `ours-${n}`);
      once(ws, () => writeWorkspace(ws, ctx.root, { bench: { database: 'bench', count: n } }));
      return (database, extra = {}) => run(process.execPath, [cliPath(ctx, variant.root), 'migrate', '--service', 'bench'],
        { cwd: ws, env: childEnv({ BENCH_DATABASE_URL: databaseUrl(ctx.server, database) }), ...extra });
    },
  };
}

/** The same SQL piped into the `mariadb` client: no ledger, no checks; the floor. @param {BenchContext} ctx @returns {Contender} */
export function rawClient(ctx) {
  const client = ctx.client;
  return {
    id: 'client',
    label: 'mariadb client (floor)',
    ...(client ? {} : { skip: 'no `mariadb` or `mysql` client in PATH (apt-get install mariadb-client-core)' }),
    prepare(n) {
      const file = join(ctx.work, `client-${n}.sql`);
      once(file, () => writeSqlFile(file, n));
      return (database) => run(/** @type {string} */ (client), clientArgs(ctx, database), { stdinFile: file, env: clientEnv(ctx) });
    },
  };
}

/** drizzle-orm's migrator over a drizzle journal folder with the same SQL. @param {BenchContext} ctx @returns {Contender} */
export function drizzleMigrator(ctx) {
  return {
    id: 'drizzle',
    label: 'drizzle-orm migrator',
    prepare(n) {
      const folder = join(ctx.work, `drizzle-${n}`);
      once(folder, () => writeDrizzleFolder(folder, n));
      const script = join(ctx.root, 'bench', 'contenders', 'drizzle-migrate.mjs');
      return (database) => run(process.execPath, [script, folder], { env: childEnv({ BENCH_DATABASE_URL: databaseUrl(ctx.server, database) }) });
    },
  };
}

/** `alembic upgrade head` (Debian's python3-alembic, PyMySQL). @param {BenchContext} ctx @returns {Contender} */
export function alembicUpgrade(ctx) {
  const found = 'python' in ctx.alembic ? ctx.alembic : undefined;
  return {
    id: 'alembic',
    label: 'alembic upgrade head',
    ...(found ? {} : { skip: /** @type {{ skip: string }} */ (ctx.alembic).skip }),
    prepare(n) {
      const dir = join(ctx.work, `alembic-${n}`);
      once(dir, () => writeAlembicProject(dir, n));
      return (database) => run(/** @type {{ python: string }} */ (found).python, ['-m', 'alembic', '-c', join(dir, 'alembic.ini'), 'upgrade', 'head'],
        { cwd: dir, env: childEnv({ BENCH_ALEMBIC_URL: alembicUrl(ctx, database) }) });
    },
  };
}

/**
 * What any Node CLI pays before its own work: `node -e 0` from spawn to exit, then one connection opened and
 * closed (by the bench process, mysql2 already loaded). Applies nothing: the floor of N=1.
 * @param {BenchContext} ctx @returns {Contender}
 */
export function nodeFloor(ctx) {
  return {
    id: 'floor',
    label: 'node -e 0 + one connection',
    sizes: [1],
    prepare() {
      return async (database) => {
        const node = await run(process.execPath, ['-e', '0'], { env: childEnv() });
        const started = process.hrtime.bigint();
        const connection = await createConnection(databaseUrl(ctx.server, database));
        await connection.end();
        return { ...node, ms: node.ms + Number(process.hrtime.bigint() - started) / 1e6 };
      };
    },
  };
}

/**
 * What the plainest Node script that talks to the server pays: a fresh `node` process that loads mysql2, opens
 * one connection, sends `SELECT 1` and closes it. Applies nothing; shown beside the floor for reading the N=1
 * figures (the goal is judged against the floor, which does not count loading mysql2 or Node's `net`).
 * @param {BenchContext} ctx @returns {Contender}
 */
export function nodeMysql2Script(ctx) {
  return {
    id: 'node-mysql2',
    label: 'node script: mysql2, one query',
    sizes: [1],
    prepare() {
      const script = join(ctx.work, 'node-mysql2.cjs');
      once(script, () => writeFileSync(script, [
        `const mysql = require(${JSON.stringify(join(ctx.root, 'node_modules', 'mysql2', 'promise.js'))});`,
        '(async () => {',
        '  const connection = await mysql.createConnection(process.env.BENCH_DATABASE_URL);',
        "  await connection.query('SELECT 1');",
        '  await connection.end();',
        '})();',
        '',
      ].join('\n')));
      return (database) => run(process.execPath, [script], { env: childEnv({ BENCH_DATABASE_URL: databaseUrl(ctx.server, database) }) });
    },
  };
}

/** @param {BenchContext} ctx @returns {Contender[]} in the order they run within a repetition */
export function applyContenders(ctx) {
  return [
    ours(ctx), ...compareVariant(ctx).map((variant) => ours(ctx, variant)), nodeFloor(ctx), nodeMysql2Script(ctx),
    rawClient(ctx), drizzleMigrator(ctx), alembicUpgrade(ctx),
  ];
}

/**
 * Status readers on an up-to-date database: `migrate-core status`, `alembic current`, and one SELECT of the
 * ledger through the client (the floor: a process, a connection, a query).
 * @param {BenchContext} ctx
 * @returns {Array<{ id: string, label: string, skip?: string, prepare: (n: number, database: string) => Promise<() => Promise<import('./proc.mjs').RunResult>> }>}
 */
export function statusContenders(ctx) {
  const alembic = alembicUpgrade(ctx);
  const alembicFound = 'python' in ctx.alembic ? ctx.alembic : undefined;
  const variants = [{ id: 'migrate-core', label: 'migrate-core status', root: ctx.root }, ...compareVariant(ctx).map((v) => ({ ...v, label: `${v.label} status` }))];
  return [
    ...variants.map((variant) => ({
      id: variant.id,
      label: variant.label,
      /** @param {number} n @param {string} database */
      async prepare(n, database) {
        await ctx.server.freshDatabase(database);
        await ours(ctx, variant).prepare(n)(database);
        const ws = join(ctx.work, `ours-${n}`);
        return () => run(process.execPath, [cliPath(ctx, variant.root), 'status', '--service', 'bench'],
          { cwd: ws, env: childEnv({ BENCH_DATABASE_URL: databaseUrl(ctx.server, database) }) });
      },
    })),
    {
      id: 'client',
      label: 'mariadb -e "SELECT ledger" (floor)',
      ...(ctx.client ? {} : { skip: 'no `mariadb` client' }),
      async prepare(_n, database) {
        // Reads the ledger that migrate-core wrote for the same n (prepared just before).
        return () => run(/** @type {string} */ (ctx.client), [...clientArgs(ctx, database), '-e', 'SELECT * FROM `_migrate_core_ledger` ORDER BY `seq`'], { env: clientEnv(ctx) });
      },
    },
    {
      id: 'alembic',
      label: 'alembic current',
      ...(alembic.skip ? { skip: alembic.skip } : {}),
      async prepare(n, database) {
        await ctx.server.freshDatabase(database);
        await alembic.prepare(n)(database);
        const dir = join(ctx.work, `alembic-${n}`);
        return () => run(/** @type {{ python: string }} */ (alembicFound).python, ['-m', 'alembic', '-c', join(dir, 'alembic.ini'), 'current'],
          { cwd: dir, env: childEnv({ BENCH_ALEMBIC_URL: alembicUrl(ctx, database) }) });
      },
    },
  ];
}
