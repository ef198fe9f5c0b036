import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../../test/support/cli.js';
import { createTestDatabase, databaseUrl, serverUrl, sql, uniqueName, type TestDatabase } from '../../../../test/support/db.js';
import { interrupt, ledgerRowGate, userLockGate, waitUntilParked, waitUntilStopping } from '../../../../test/support/gates.js';
import { ledgerRowOf } from '../../../../test/support/ledger.js';
import { startCli, stopCli } from '../../../../test/support/processes.js';
import { makeWorkspace, type TempWorkspace } from '../../../../test/support/workspace.js';

const A = '20260401000000_create_items';
const B = '20260402000000_add_price';

const cleanups: Array<() => unknown> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function workspaceWithService(prefix: string): Promise<{ ws: TempWorkspace; db: TestDatabase; env: Record<string, string> }> {
  const db = await createTestDatabase(prefix, { create: false });
  const ws = makeWorkspace({ shop: { database: db.name } });
  ws.writeMigration('shop', A, { up: 'CREATE TABLE items (id int AUTO_INCREMENT PRIMARY KEY, name text);', down: 'DROP TABLE items;' });
  ws.writeMigration('shop', B, { up: 'ALTER TABLE items ADD price decimal(10,2);\nINSERT INTO items (name, price) VALUES (\'pen\', 1.50);', down: 'ALTER TABLE items DROP COLUMN price;' });
  cleanups.push(() => ws.cleanup(), () => db.drop());
  return { ws, db, env: { DATABASE_URL: serverUrl() } };
}

describe('migrate-core CLI', () => {
  it('reports a missing database with the next step, then creates it with --create-database', async () => {
    const { ws, db, env } = await workspaceWithService('cli_create');
    const missing = await runCli(['migrate', '--service', 'shop'], { cwd: ws.root, env });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`Database \`${db.name}\` does not exist`);
    expect(missing.stderr).toContain('--create-database');
    const created = await runCli(['migrate', '--service', 'shop', '--create-database'], { cwd: ws.root, env });
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/✓ \[1\/2\] 20260401000000_create_items applied in \d+ ms/);
    expect(created.stdout).toMatch(/✓ \[2\/2\] 20260402000000_add_price applied/);
    expect(created.stdout).toMatch(/migration\s+direction\s+status\s+statements\s+time/);
    expect(created.stdout).toContain('2 migrations applied');
  });

  it('prints status --json as the contract says, and exit codes follow the outcome', async () => {
    const { ws, env } = await workspaceWithService('cli_json');
    await runCli(['migrate', '--service', 'shop', '--create-database', '--to', A], { cwd: ws.root, env });
    const status = await runCli(['status', '--service', 'shop', '--json'], { cwd: ws.root, env });
    expect(status.code).toBe(0);
    const document = JSON.parse(status.stdout);
    expect(Object.keys(document)).toEqual(expect.arrayContaining(['service', 'database', 'ledgerTable', 'current', 'applied', 'pending', 'dirty', 'issues']));
    expect(document).toMatchObject({ service: 'shop', current: A, pending: [{ id: B }], dirty: null, issues: [] });
    expect(document.applied[0]).toMatchObject({ id: A, checksum: expect.stringMatching(/^sha256v2:/), appliedAt: expect.any(String) });

    const unknownTarget = await runCli(['migrate', '--service', 'shop', '--to', '20260409000000_nope'], { cwd: ws.root, env });
    expect(unknownTarget.code).toBe(3);
    expect(unknownTarget.stdout).toContain('UNKNOWN_TARGET');

    const migrateJson = await runCli(['migrate', '--service', 'shop', '--json'], { cwd: ws.root, env });
    expect(migrateJson.code).toBe(0);
    expect(JSON.parse(migrateJson.stdout)).toMatchObject({ service: 'shop', command: 'migrate', outcome: 'done', steps: [{ id: B, status: 'done' }] });

    writeFileSync(join(ws.serviceDir('shop'), 'migrations', A, 'up.sql'), 'CREATE TABLE items (id bigint PRIMARY KEY);');
    const edited = await runCli(['migrate', '--service', 'shop'], { cwd: ws.root, env });
    expect(edited.code).toBe(3);
    expect(edited.stdout).toContain(`services/shop/migrations/${A}/up.sql was edited after it was applied`);
    expect((await runCli(['status', '--service', 'shop'], { cwd: ws.root, env })).code).toBe(3);
  });

  it('refuses bad input clearly, with exit 2 and no change', async () => {
    const { ws, env } = await workspaceWithService('cli_bad');
    const cases: Array<[string[], Record<string, string>, RegExp]> = [
      [['migrate', '--service', 'nope'], env, /Unknown service "nope".*\n.*Known services: shop/],
      [['migrate', '--service', "sh'op"], env, /not a valid service name/],
      [['migrate', '--service', 'sh`op'], env, /not a valid service name/],
      [['migrate', '--service', 'shop', '--steps', '2'], env, /Unknown option --steps for migrate/],
      [['rollback', '--service', 'shop', '--steps', '1', '--to', 'base'], env, /either --steps or --to/],
      [['migrate', '--service', 'shop'], { DATABASE_URL: 'mysql//root:topsecret@127.0.0.1' }, /DATABASE_URL is not a valid URL/],
      [['migrate', '--service', 'shop'], { SHOP_DATABASE_URL: 'postgres://root:topsecret@127.0.0.1/x' }, /SHOP_DATABASE_URL uses "postgres:"/],
      [['status', '--service', 'shop'], { DATABASE_URL: 'mysql://root:topsecret@127.0.0.1:1' }, /Cannot connect to the database server at 127.0.0.1:1 .*connection refused/],
    ];
    for (const [argv, caseEnv, message] of cases) {
      const result = await runCli(argv, { cwd: ws.root, env: caseEnv });
      expect(result.code, argv.join(' ')).toBe(2);
      expect(result.stderr, argv.join(' ')).toMatch(message);
      expect(result.stderr + result.stdout).not.toContain('topsecret');
    }
  });

  it('reports a wrong password without printing it, and a least-privilege user runs every command on its own database only', async () => {
    const { ws, db } = await workspaceWithService('cli_priv');
    const other = await createTestDatabase('cli_other');
    cleanups.push(() => other.drop());
    const user = uniqueName('u').slice(0, 32);
    const password = 'S3cr3t!pw#x';
    await sql(serverUrl(), `CREATE DATABASE \`${db.name}\`; CREATE USER '${user}'@'%' IDENTIFIED BY '${password}'; GRANT ALL ON \`${db.name}\`.* TO '${user}'@'%'`);
    cleanups.push(() => sql(serverUrl(), `DROP USER IF EXISTS '${user}'@'%'`));
    const url = (pw: string, database: string) => {
      const u = new URL(databaseUrl(database));
      u.username = user;
      u.password = encodeURIComponent(pw);
      return u.toString();
    };
    const wrong = await runCli(['status', '--service', 'shop'], { cwd: ws.root, env: { SHOP_DATABASE_URL: url('wrong-Pa55word', db.name) } });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain(`Access denied for user '${user}'`);
    expect(wrong.stderr).not.toContain('wrong-Pa55word');

    const env = { SHOP_DATABASE_URL: url(password, db.name), DATABASE_URL: 'mysql://root@127.0.0.1:1' };
    for (const argv of [['migrate'], ['status'], ['rollback', '--steps', '1', '--allow-data-loss'], ['stamp', B], ['resolve', B, '--rolled-back'], ['migrate', '--json']]) {
      const result = await runCli([argv[0]!, '--service', 'shop', ...argv.slice(1)], { cwd: ws.root, env });
      expect(result.code, argv.join(' ')).toBe(0);
      expect(result.stdout + result.stderr).not.toContain(password);
      expect(result.stdout + result.stderr).not.toContain(encodeURIComponent(password));
    }
    const denied = await runCli(['status', '--service', 'shop'], { cwd: ws.root, env: { SHOP_DATABASE_URL: url(password, other.name) } });
    expect(denied.code).toBe(2);
    expect(denied.stderr).toContain(`has no rights on database \`${other.name}\``);

    // A read-only user: status works; migrate is refused as a setup problem (exit 2) with the grant, and changes nothing.
    const reader = uniqueName('r').slice(0, 32);
    await sql(serverUrl(), `CREATE USER '${reader}'@'%' IDENTIFIED BY '${password}'; GRANT SELECT ON \`${db.name}\`.* TO '${reader}'@'%'`);
    cleanups.push(() => sql(serverUrl(), `DROP USER IF EXISTS '${reader}'@'%'`));
    const readerUrl = url(password, db.name).replace(`//${user}:`, `//${reader}:`);
    const readEnv = { SHOP_DATABASE_URL: readerUrl };
    expect((await runCli(['status', '--service', 'shop'], { cwd: ws.root, env: readEnv })).code).toBe(0);
    expect((await runCli(['resolve', B, '--rolled-back', '--service', 'shop'], { cwd: ws.root, env })).code).toBe(0);
    const before = await db.query('SELECT id, state FROM _migrate_core_ledger ORDER BY seq');
    expect(before).toEqual([{ id: A, state: 'applied' }]);
    const refused = await runCli(['migrate', '--service', 'shop'], { cwd: ws.root, env: readEnv });
    expect(refused.code, refused.stderr).toBe(2);
    expect(refused.stderr).toContain('INSERT command denied');
    // `_` is a wildcard in a GRANT's database name: the hint escapes it, so that it grants this database only.
    expect(refused.stderr).toContain(`GRANT ALL ON \`${db.name.replace(/_/g, '\\_')}\`.* TO '${reader}'@'%'`);
    expect(refused.stderr).not.toContain(password);
    expect(await db.query('SELECT id, state FROM _migrate_core_ledger ORDER BY seq')).toEqual(before);
  });

  /**
   * Starts `migrate` of a five-statement migration whose 3rd statement (an INSERT) waits for a user lock the
   * test holds; resolves once it waits there, with statements 1-2 recorded.
   */
  async function migrateParkedAtStatementThree(prefix: string) {
    const db = await createTestDatabase(prefix);
    const ws = makeWorkspace({ shop: { database: db.name } });
    cleanups.push(() => ws.cleanup(), () => db.drop());
    ws.writeMigration('shop', A, {
      up: `CREATE TABLE t (n int, gate int);\nINSERT INTO t (n) VALUES (1);\nINSERT INTO t (n, gate) VALUES (2, GET_LOCK('${db.name}:3', 600));\nINSERT INTO t (n) VALUES (3);\nCREATE TABLE done_marker (id int);`,
      down: 'DROP TABLE done_marker;\nDROP TABLE t;',
    });
    const env = { DATABASE_URL: serverUrl() };
    const gate = await userLockGate(db, `${db.name}:3`);
    const victim = startCli(['migrate', '--service', 'shop'], { cwd: ws.root, env });
    cleanups.push(() => stopCli(victim), () => gate.open());
    const connection = await waitUntilParked(db, gate, victim);
    expect(await ledgerRowOf(db, A)).toMatchObject({ state: 'running', statements_done: 2 });
    const status = async () => JSON.parse((await runCli(['status', '--service', 'shop', '--json'], { cwd: ws.root, env })).stdout);
    return { db, ws, env, victim, gate, connection, status };
  }
  const values = async (db: TestDatabase) => (await db.query<Array<{ n: number }>>('SELECT n FROM t ORDER BY n')).map((row) => row.n);

  it('when the process is killed mid-migration, the server finishes what it was sent under the lock, and the next run waits for it', async () => {
    const { db, ws, env, victim, gate, status } = await migrateParkedAtStatementThree('cli_kill');
    // Statement 3 runs, then its progress write waits for the ledger row the test holds: the server is still busy.
    const row = await ledgerRowGate(db, A);
    cleanups.push(() => row.open());
    await gate.open();
    await waitUntilParked(db, row, victim);
    victim.child.kill('SIGKILL');
    await victim.done;
    // The statements were sent in one round trip: the server goes on with them, holding the lock.
    const during = await status();
    expect(during.dirty).toMatchObject({ id: A, state: 'running', statement: 3, statements: 5 });
    expect(during.lockedBy).toEqual(expect.any(Number));
    expect(during.issues.map((issue: { code: string }) => issue.code)).toEqual(['IN_PROGRESS']);

    const next = startCli(['migrate', '--service', 'shop'], { cwd: ws.root, env });
    cleanups.push(() => stopCli(next));
    await next.waitFor('waiting for the migration lock', 'stderr');
    await row.open();
    const result = await next.done;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('nothing to migrate');
    expect(await values(db)).toEqual([1, 2, 3]);
    expect(await db.tables()).toContain('done_marker');
    expect(await status()).toMatchObject({ current: A, dirty: null, issues: [], lockedBy: null });
  });

  it('when its connection is cut mid-migration, the next run reports it, resumes at the cut statement and runs nothing twice', async () => {
    const { db, ws, env, victim, gate, connection, status } = await migrateParkedAtStatementThree('cli_cut');
    expect((await interrupt(db, victim, connection, gate, 'KILL CONNECTION')).code).toBe(1);
    expect(await db.query('SELECT state, statements_done FROM _migrate_core_ledger')).toEqual([{ state: 'running', statements_done: 2 }]);
    expect(await values(db)).toEqual([1]);
    expect(await status()).toMatchObject({ dirty: { id: A, state: 'running', statement: 3 }, lockedBy: null });

    const resumed = await runCli(['migrate', '--service', 'shop'], { cwd: ws.root, env });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain('resuming at statement 3 of 5');
    expect(await values(db)).toEqual([1, 2, 3]);
    expect(await db.tables()).toContain('done_marker');
    expect(await status()).toMatchObject({ current: A, dirty: null, issues: [] });
  });

  it('on Ctrl-C, stops after the current statement (exit 130), runs no other, and the next run goes on from there', async () => {
    const db = await createTestDatabase('cli_sigint');
    const ws = makeWorkspace({ shop: { database: db.name } });
    cleanups.push(() => ws.cleanup(), () => db.drop());
    const ids = ['20260405000001_one', '20260405000002_slow', '20260405000003_three'];
    ws.writeMigration('shop', ids[0]!, { up: 'CREATE TABLE one (id int);', down: 'DROP TABLE one;' });
    // The migration parks at a gate the test holds, so that the signal arrives while its statement 2 runs.
    ws.writeMigration('shop', ids[1]!, {
      up: `CREATE TABLE slow (id int, gate int);\nINSERT INTO slow VALUES (1, GET_LOCK('${db.name}:slow', 600));\nCREATE TABLE slow_done (id int);`,
      down: 'DROP TABLE slow_done;\nDROP TABLE slow;',
    });
    ws.writeMigration('shop', ids[2]!, { up: 'CREATE TABLE three (id int);', down: 'DROP TABLE three;' });
    const env = { DATABASE_URL: serverUrl() };
    const gate = await userLockGate(db, `${db.name}:slow`);
    const victim = startCli(['migrate', '--service', 'shop'], { cwd: ws.root, env });
    cleanups.push(() => stopCli(victim), () => gate.open());
    const parked = await waitUntilParked(db, gate, victim);
    victim.child.kill('SIGINT');
    // The engine takes its stop lock once the signal is in: only then may the statement finish.
    await waitUntilStopping(db, parked);
    await gate.open();
    const { code, stdout, stderr } = await victim.done;
    expect(code, `${stdout}\n${stderr}`).toBe(130);
    expect(stderr).toContain('SIGINT: stopping after the current statement');
    expect(stdout).toContain(`${ids[1]}: stopped on request before statement 3 of 3`);
    expect(await db.tables()).toEqual(expect.arrayContaining(['one', 'slow']));
    expect(await db.tables()).not.toContain('slow_done');
    expect(await db.tables()).not.toContain('three');
    expect(await db.query('SELECT id, state, statements_done FROM _migrate_core_ledger ORDER BY seq')).toEqual([
      { id: ids[0], state: 'applied', statements_done: 1 }, { id: ids[1], state: 'failed', statements_done: 2 }]);

    const next = await runCli(['migrate', '--service', 'shop'], { cwd: ws.root, env });
    expect(next.code, next.stderr).toBe(0);
    expect(await db.tables()).toEqual(expect.arrayContaining(['slow_done', 'three']));
  });

  it('has --help for the tool and for each command', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Commands:');
    const rollback = await runCli(['rollback', '--help']);
    expect(rollback.stdout).toContain('--steps <n>');
    const unknown = await runCli(['nope']);
    expect(unknown.code).toBe(2);
  });
});
