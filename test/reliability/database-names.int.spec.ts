// One database, one ledger, one lock: names compared as the server compares them, and two services never share a
// database by accident.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEphemeralServer, type EphemeralServer } from '@repo/dev-db';
import { ROOT, runCli } from '../support/cli.js';
import { createTestDatabase, serverUrl } from '../support/db.js';
import { gateSql, userLockGate, waitUntilParked } from '../support/gates.js';
import { executionsOf } from '../support/ledger.js';
import { startCli } from '../support/processes.js';
import { makeWorkspace } from '../support/workspace.js';

const A = '20260707000001_seed';
const MIGRATIONS = (gate: string) => ({
  [A]: { up: `CREATE TABLE effects (step varchar(40));\nINSERT INTO effects VALUES ('one');\n${gateSql(gate)}\nINSERT INTO effects VALUES ('two');\n`, down: 'DROP TABLE effects;' },
});

describe('a server with lower_case_table_names=1', () => {
  let server: EphemeralServer;
  beforeAll(async () => {
    server = await startEphemeralServer({ cacheDir: join(ROOT, '.dev-db'), extraArgs: ['--lower-case-table-names=1'] });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('gives `rel_case` and `REL_CASE` one lock: a second runner waits for the first instead of resuming its migration', async () => {
    const db = await createTestDatabase('rel_case', { server: server.url });
    const lower = makeWorkspace({ svc: { database: db.name, migrations: MIGRATIONS('gate_case') } });
    const upper = makeWorkspace({ svc: { database: db.name.toUpperCase(), migrations: MIGRATIONS('gate_case') } });
    const env = { DATABASE_URL: server.url };
    try {
      const gate = await userLockGate(db, 'gate_case');
      const first = startCli(['migrate', '--service', 'svc'], { cwd: lower.root, env });
      await waitUntilParked(db, gate, first);
      const second = startCli(['migrate', '--service', 'svc', '--lock-timeout', '120'], { cwd: upper.root, env });
      await second.waitFor('waiting for the migration lock', 'stderr');
      await gate.open();
      const [one, two] = await Promise.all([first.done, second.done]);
      expect(one.code, one.stdout + one.stderr).toBe(0);
      expect(two.code, two.stdout + two.stderr).toBe(0);
      expect(two.stdout).toContain('nothing to migrate');
      expect(await executionsOf(db, 'effects')).toEqual({ one: 1, two: 1 });
    } finally {
      await db.drop();
      lower.cleanup();
      upper.cleanup();
    }
  }, 90_000);
});

describe('two services configured with the same database', () => {
  it('are refused by migrate, status and check, naming both; following no hint can run a migration twice', async () => {
    const db = await createTestDatabase('shared');
    const seed = { [A]: { up: "CREATE TABLE effects (step varchar(40));\nINSERT INTO effects VALUES ('seed');\n", down: 'DROP TABLE effects;' } };
    const schema = "import { int, mysqlTable } from 'drizzle-orm/mysql-core';\nexport const things = mysqlTable('things', { id: int('id') });\n";
    const ws = makeWorkspace({ alpha: { database: db.name, migrations: seed, schema }, beta: { database: db.name, migrations: {}, schema } });
    const env = { DATABASE_URL: serverUrl() };
    try {
      for (const command of ['migrate', 'status']) {
        const run = await runCli([command, '--service', 'alpha'], { cwd: ws.root, env });
        expect(run.code, run.stdout + run.stderr).toBe(2);
        expect(run.stderr).toContain(`Services alpha and beta both use database \`${db.name}\` on 127.0.0.1:`);
        expect(run.stderr).toContain('they would share one ledger and one lock');
        expect(run.stderr).toContain('"sharedDatabase": true');
      }
      const check = await runCli(['check', '--service', 'beta', '--json'], { cwd: ws.root });
      expect(JSON.parse(check.stdout).problems).toContainEqual(expect.objectContaining({ code: 'SHARED_DATABASE', message: expect.stringContaining('Services beta and alpha both use database') }));
      expect(await db.tables()).toEqual([]);
    } finally {
      await db.drop();
      ws.cleanup();
    }
  });

  it('work side by side when both say sharedDatabase and each keeps its own ledger table', async () => {
    const db = await createTestDatabase('shared_ok');
    const config = (ledgerTable: string) => ({ database: db.name, sharedDatabase: true, ledgerTable });
    const ws = makeWorkspace({
      alpha: { config: config('alpha_ledger'), migrations: { [A]: { up: 'CREATE TABLE a_table (id int);\n', down: 'DROP TABLE a_table;' } } },
      beta: { config: config('beta_ledger'), migrations: { [A]: { up: 'CREATE TABLE b_table (id int);\n', down: 'DROP TABLE b_table;' } } },
    });
    const env = { DATABASE_URL: serverUrl() };
    try {
      for (const service of ['alpha', 'beta']) expect((await runCli(['migrate', '--service', service], { cwd: ws.root, env })).code).toBe(0);
      expect(await db.tables()).toEqual(['a_table', 'alpha_ledger', 'b_table', 'beta_ledger']);
      const same = makeWorkspace({ alpha: { config: config('one_ledger') }, beta: { config: config('one_ledger') } });
      const refused = await runCli(['status', '--service', 'alpha'], { cwd: same.root, env });
      same.cleanup();
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain('Give one of them its own "ledgerTable"');
    } finally {
      await db.drop();
      ws.cleanup();
    }
  });
});
