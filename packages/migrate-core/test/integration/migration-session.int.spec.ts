import mysql from 'mysql2';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, runMysqlClient, type TestDatabase } from '../../../../test/support/db.js';
import { DEFAULT_LEDGER_TABLE } from '../../src/ledger/ledger-sql.js';
import { renderPlanSql, type Format } from '../../src/plan/plan-sql.js';
import { createFolderSource } from '../../src/repository/source.js';
import { folderAndDatabase, sessionFor, withTestMigrator } from './support.js';

// The session a migration runs in behaves as the mysql command-line client's would, and stays in the service's
// database whatever a statement of unknown effect does.

const cleanups: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

const setup = (prefix: string) => folderAndDatabase(prefix, cleanups);

type LedgerState = { id: string; state: string; statements_done: number };
const ledger = (db: TestDatabase) => db.query<LedgerState[]>(`SELECT id, state, statements_done FROM ${DEFAULT_LEDGER_TABLE} ORDER BY seq`);

describe('the session a migration runs in', () => {
  it('has no IGNORE_SPACE in its sql_mode', async () => {
    const { db } = await setup('session_mode');
    const session = await sessionFor(db.name);
    try {
      const [row] = await session.query<Array<{ mode: string }>>('SELECT @@SESSION.sql_mode AS mode');
      expect(row?.mode.split(',')).not.toContain('IGNORE_SPACE');
    } finally {
      await session.close();
    }
  });

  it('creates a table named like a function (count) as the mysql client does', async () => {
    const { folder, db } = await setup('session_count');
    folder.add('20260401000000_count', 'CREATE TABLE count (id INT PRIMARY KEY, n INT);\nINSERT INTO count VALUES (1, 2);', 'DROP TABLE count;');
    const report = await withTestMigrator(db.name, folder.dir, (m) => m.migrate());
    expect(report.error).toBeUndefined();
    expect(report.outcome).toBe('done');
    expect(await db.tables()).toEqual([DEFAULT_LEDGER_TABLE, 'count']);
  });

  it('stores triggers and routines without IGNORE_SPACE in their sql_mode', async () => {
    const { folder, db } = await setup('session_trigger');
    folder.add('20260401000000_trigger', [
      'CREATE TABLE hits (n INT);',
      'CREATE TRIGGER hits_plus BEFORE INSERT ON hits FOR EACH ROW SET NEW.n = NEW.n + 1;',
      'CREATE FUNCTION twice (x INT) RETURNS INT DETERMINISTIC RETURN x * 2;',
    ].join('\n'));
    expect((await withTestMigrator(db.name, folder.dir, (m) => m.migrate())).outcome).toBe('done');
    const [trigger] = await db.query<Array<{ mode: string }>>('SELECT SQL_MODE AS mode FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ?', [db.name]);
    const [routine] = await db.query<Array<{ mode: string }>>('SELECT SQL_MODE AS mode FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ?', [db.name]);
    expect(trigger?.mode.split(',')).not.toContain('IGNORE_SPACE');
    expect(routine?.mode.split(',')).not.toContain('IGNORE_SPACE');
  });

  it('counts the rows an UPDATE changed, not those it matched (ROW_COUNT() as in the mysql client)', async () => {
    const { folder, db } = await setup('session_rows');
    folder.add('20260401000000_rows', [
      'CREATE TABLE t (id INT PRIMARY KEY, b INT);',
      'CREATE TABLE counted (n INT);',
      'INSERT INTO t VALUES (1, 1), (2, 2);',
      'BEGIN NOT ATOMIC UPDATE t SET b = 1; INSERT INTO counted VALUES (ROW_COUNT()); END;',
    ].join('\n'));
    expect((await withTestMigrator(db.name, folder.dir, (m) => m.migrate())).outcome).toBe('done');
    expect(await db.query('SELECT n FROM counted')).toEqual([{ n: 1 }]);
  });

  it('refuses LOAD DATA LOCAL INFILE at that statement: nothing after it runs', async () => {
    const { folder, db } = await setup('session_infile');
    folder.add('20260401000000_infile', [
      'CREATE TABLE t (a INT);',
      "LOAD DATA LOCAL INFILE '/etc/hostname' INTO TABLE t;",
      'CREATE TABLE after_load (id INT);',
    ].join('\n'));
    const report = await withTestMigrator(db.name, folder.dir, (m) => m.migrate());
    expect(report.outcome).toBe('failed');
    expect(report.error).toMatchObject({ migrationId: '20260401000000_infile', statement: 2 });
    expect(await db.tables()).toEqual([DEFAULT_LEDGER_TABLE, 't']);
    expect(await ledger(db)).toEqual([{ id: '20260401000000_infile', state: 'failed', statements_done: 1 }]);
  });
});

describe('a statement of unknown effect that changes the default database', () => {
  const FIRST = '20260402000000_escape';
  const NEXT = '20260402000001_next';

  it('fails the migration at that statement; nothing later runs in the other database, and the session is back', async () => {
    const { folder, db } = await setup('session_use');
    const other = await createTestDatabase('session_other');
    cleanups.push(() => other.drop());
    const up = ['CREATE TABLE r (id INT);', `SET @s = "USE ${other.name}";`, 'PREPARE st FROM @s;', 'EXECUTE st;', 'CREATE TABLE r_after (id INT);'].join('\n');
    folder.add(FIRST, up);
    folder.add(NEXT, 'CREATE TABLE zz (id INT);');

    await withTestMigrator(db.name, folder.dir, async (m, session) => {
      const report = await m.migrate();
      expect(report.outcome).toBe('failed');
      expect(report.error).toMatchObject({ code: 'DATABASE_CHANGED', migrationId: FIRST, statement: 4, line: 4 });
      expect(report.error?.message).toContain(`statement 4 of 5 (EXECUTE, ${folder.dir}/${FIRST}/up.sql:4)`);
      expect(report.error?.message).toContain(`\`${other.name}\``);
      expect(report.error?.hint).toContain(`migrate-core resolve ${FIRST} --statement-not-done`);
      expect(report.steps.map((step) => [step.id, step.status])).toEqual([[FIRST, 'failed'], [NEXT, 'not-run']]);
      expect(await session.query('SELECT DATABASE() AS db')).toEqual([{ db: db.name }]);

      // The same session again: the statement in doubt stops the run before anything is sent.
      expect((await m.migrate()).outcome).toBe('blocked');
      expect(await session.query('SELECT DATABASE() AS db')).toEqual([{ db: db.name }]);
    });
    expect(await other.tables()).toEqual([]);
    expect(await db.tables()).toEqual([DEFAULT_LEDGER_TABLE, 'r']);
    expect(await ledger(db)).toEqual([{ id: FIRST, state: 'failed', statements_done: 3 }]);

    // Resumed after it: every later statement and migration lands in the service's database.
    expect((await withTestMigrator(db.name, folder.dir, (m) => m.resolve(FIRST, 'statement-done'))).outcome).toBe('done');
    const resumed = await withTestMigrator(db.name, folder.dir, (m) => m.migrate());
    expect(resumed.outcome).toBe('done');
    expect(await other.tables()).toEqual([]);
    expect(await db.tables()).toEqual([DEFAULT_LEDGER_TABLE, 'r', 'r_after', 'zz']);
  });

  it('fails when it is the last statement of the migration, before its completion and the next migration', async () => {
    const { folder, db } = await setup('session_use_last');
    const other = await createTestDatabase('session_other');
    cleanups.push(() => other.drop());
    folder.add(FIRST, `CREATE TABLE r (id INT);\nEXECUTE IMMEDIATE 'USE ${other.name}';`);
    folder.add(NEXT, 'CREATE TABLE zz (id INT);');
    const report = await withTestMigrator(db.name, folder.dir, (m) => m.migrate());
    expect(report.error).toMatchObject({ code: 'DATABASE_CHANGED', migrationId: FIRST, statement: 2 });
    expect(await other.tables()).toEqual([]);
    expect(await db.tables()).toEqual([DEFAULT_LEDGER_TABLE, 'r']);
    expect(await ledger(db)).toEqual([{ id: FIRST, state: 'failed', statements_done: 1 }]);
  });

  it('fails inside the migration\'s own transaction, which is rolled back', async () => {
    const { folder, db } = await setup('session_use_block');
    const other = await createTestDatabase('session_other');
    cleanups.push(() => other.drop());
    folder.add(FIRST, [
      'CREATE TABLE r (id INT) ENGINE=InnoDB;',
      'START TRANSACTION;',
      'INSERT INTO r VALUES (1);',
      `EXECUTE IMMEDIATE 'USE ${other.name}';`,
      'INSERT INTO r VALUES (2);',
      'COMMIT;',
    ].join('\n'));
    await withTestMigrator(db.name, folder.dir, async (m, session) => {
      const report = await m.migrate();
      expect(report.error).toMatchObject({ code: 'DATABASE_CHANGED', migrationId: FIRST, statement: 4 });
      expect(report.error?.hint).toContain('migrate-core migrate');
      expect(await session.query('SELECT DATABASE() AS db')).toEqual([{ db: db.name }]);
    });
    expect(await db.query('SELECT id FROM r')).toEqual([]);
    expect(await ledger(db)).toEqual([{ id: FIRST, state: 'failed', statements_done: 1 }]);
  });

  it('through a procedure: CALL is checked too', async () => {
    const { folder, db } = await setup('session_use_call');
    const other = await createTestDatabase('session_other');
    cleanups.push(() => other.drop());
    folder.add(FIRST, [
      'DELIMITER //',
      `CREATE PROCEDURE hop() BEGIN EXECUTE IMMEDIATE 'USE ${other.name}'; END//`,
      'DELIMITER ;',
      'CALL hop();',
      'CREATE TABLE after_call (id INT);',
    ].join('\n'));
    const report = await withTestMigrator(db.name, folder.dir, (m) => m.migrate());
    expect(report.error).toMatchObject({ code: 'DATABASE_CHANGED', migrationId: FIRST, statement: 2 });
    expect(await other.tables()).toEqual([]);
    expect(await db.tables()).toEqual([DEFAULT_LEDGER_TABLE]);
  });

  it('stops the script of plan --sql at that statement when the mysql client runs it', async () => {
    const { folder, db } = await setup('session_use_plan');
    const other = await createTestDatabase('session_other');
    cleanups.push(() => other.drop());
    folder.add(FIRST, `CREATE TABLE r (id INT);\nEXECUTE IMMEDIATE 'USE ${other.name}';\nCREATE TABLE r_after (id INT);`);
    folder.add(NEXT, 'CREATE TABLE zz (id INT);');
    const source = createFolderSource(folder.dir);
    const steps = [];
    for (const migration of await source.list()) {
      steps.push({ step: { migration, direction: 'up' as const, startAt: 1, afterCrash: false }, statements: await source.load(migration, 'up') });
    }
    const script = renderPlanSql({ database: db.name, ledgerTable: DEFAULT_LEDGER_TABLE, title: 'migrate', steps, nextSeq: 1, format: mysql.format as unknown as Format });
    const ran = runMysqlClient(script);
    expect(ran.status).not.toBe(0);
    expect(ran.stderr).toContain('exp(1000)');
    expect(await other.tables()).toEqual([]);
    expect(await db.tables()).toEqual([DEFAULT_LEDGER_TABLE, 'r']);
  });
});
