import { afterAll, describe, expect, it } from 'vitest';
import type { TestDatabase } from '../../../../test/support/db.js';
import { DEFAULT_LEDGER_TABLE } from '../../src/ledger/ledger-sql.js';
import { folderAndDatabase, sessionFor, withTestMigrator } from './support.js';

// The executor sends a migration's statements and ledger writes together; these are the shapes of SQL where
// sending them together could go wrong.

const cleanups: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

const setup = (prefix: string) => folderAndDatabase(prefix, cleanups);

type LedgerState = { id: string; state: string; statements_done: number; statements_total: number };
const ledger = (db: TestDatabase) =>
  db.query<LedgerState[]>(`SELECT id, state, statements_done, statements_total FROM ${DEFAULT_LEDGER_TABLE} ORDER BY seq`);

describe('statements sent together', () => {
  it('runs procedures and triggers (DELIMITER blocks) between plain statements, and rolls them back', async () => {
    const { folder, db } = await setup('batch_routines');
    folder.add('20260301000000_routines', [
      'CREATE TABLE hits (n int);',
      'DELIMITER //',
      'CREATE PROCEDURE add_hits() BEGIN INSERT INTO hits VALUES (1); INSERT INTO hits VALUES (2); END//',
      'CREATE TRIGGER hits_plus BEFORE INSERT ON hits FOR EACH ROW BEGIN SET NEW.n = NEW.n + 10; END//',
      'DELIMITER ;',
      'CALL add_hits();',
      'INSERT INTO hits VALUES (3);',
    ].join('\n'), 'DROP TRIGGER hits_plus;\nDROP PROCEDURE add_hits;\nDROP TABLE hits;');

    const report = await withTestMigrator(db.name, folder.dir, (m) => m.migrate());
    expect(report.outcome).toBe('done');
    expect(report.steps[0]).toMatchObject({ statementsRun: 5, statementsTotal: 5 });
    expect((await db.query<Array<{ n: number }>>('SELECT n FROM hits ORDER BY n')).map((row) => row.n)).toEqual([11, 12, 13]);
    expect(await ledger(db)).toEqual([{ id: '20260301000000_routines', state: 'applied', statements_done: 5, statements_total: 5 }]);

    expect((await withTestMigrator(db.name, folder.dir, (m) => m.rollback())).outcome).toBe('done');
    expect(await db.tables()).toEqual([DEFAULT_LEDGER_TABLE]);
    expect(await db.query(`SELECT ROUTINE_NAME FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ?`, [db.name])).toEqual([]);
  });

  it('keeps a statement that ends in a line comment apart from the next one', async () => {
    const { folder, db } = await setup('batch_comment');
    folder.add('20260301000000_commented', 'CREATE TABLE a (x int) -- the first\n;\nCREATE TABLE b (y int) # the second\n;\nCREATE TABLE c (z int)');
    expect((await withTestMigrator(db.name, folder.dir, (m) => m.migrate())).outcome).toBe('done');
    expect(await db.tables()).toEqual([DEFAULT_LEDGER_TABLE, 'a', 'b', 'c']);
    expect(await ledger(db)).toEqual([{ id: '20260301000000_commented', state: 'applied', statements_done: 3, statements_total: 3 }]);
  });

  it('records the exact statement when one in the middle of the batch fails, and resumes there', async () => {
    const { folder, db } = await setup('batch_fail');
    const up = ['CREATE TABLE one (id int);', 'CREATE TABLE two (id int);', 'CREATE TABLE one (id int);', 'CREATE TABLE four (id int);'].join('\n');
    folder.add('20260301000000_four', up, 'DROP TABLE four;\nDROP TABLE two;\nDROP TABLE one;');
    const failed = await withTestMigrator(db.name, folder.dir, (m) => m.migrate());
    expect(failed.outcome).toBe('failed');
    expect(failed.error).toMatchObject({ migrationId: '20260301000000_four', statement: 3, line: 3 });
    expect(failed.steps[0]).toMatchObject({ status: 'failed', statementsRun: 2 });
    expect(await db.tables()).toEqual([DEFAULT_LEDGER_TABLE, 'one', 'two']);
    expect(await ledger(db)).toEqual([{ id: '20260301000000_four', state: 'failed', statements_done: 2, statements_total: 4 }]);

    folder.add('20260301000000_four', up.replace('CREATE TABLE one (id int);\nCREATE TABLE four', 'CREATE TABLE three (id int);\nCREATE TABLE four'),
      'DROP TABLE four;\nDROP TABLE three;\nDROP TABLE two;\nDROP TABLE one;');
    const resumed = await withTestMigrator(db.name, folder.dir, (m) => m.migrate());
    expect(resumed.outcome).toBe('done');
    expect(resumed.steps[0]).toMatchObject({ resumedAt: 3, statementsRun: 2 });
    expect(await db.tables()).toEqual([DEFAULT_LEDGER_TABLE, 'four', 'one', 'three', 'two']);
  });

  it('refuses a file with an unclosed comment before any of it runs, naming where the comment opens', async () => {
    const { folder, db } = await setup('batch_unclosed');
    folder.add('20260301000000_unclosed', 'CREATE TABLE fine (id int);\nCREATE TABLE broken (id int) /* never closed;\nCREATE TABLE hidden (id int);');
    await expect(withTestMigrator(db.name, folder.dir, (m) => m.migrate())).rejects.toMatchObject({
      code: 'SOURCE', problem: 'UNTERMINATED_COMMENT', line: 2, col: 30, message: expect.stringMatching(/20260301000000_unclosed\/up\.sql:2:30: unterminated comment: this \/\* is never closed by \*\/$/),
    });
    expect((await db.tables()).filter((table) => table !== DEFAULT_LEDGER_TABLE)).toEqual([]);
  });

  it('splits a migration larger than one batch and applies all of it', async () => {
    const { folder, db } = await setup('batch_large');
    const blob = 'x'.repeat(400_000);
    const inserts = Array.from({ length: 6 }, (_, i) => `INSERT INTO blobs VALUES (${i + 1}, '${blob}');`);
    folder.add('20260301000000_large', ['CREATE TABLE blobs (id int PRIMARY KEY, body LONGTEXT);', ...inserts].join('\n'));
    const report = await withTestMigrator(db.name, folder.dir, (m) => m.migrate());
    expect(report.outcome).toBe('done');
    expect(await db.query('SELECT id, LENGTH(body) AS size FROM blobs ORDER BY id')).toEqual(
      Array.from({ length: 6 }, (_, i) => ({ id: i + 1, size: 400_000 })));
    expect(await ledger(db)).toEqual([{ id: '20260301000000_large', state: 'applied', statements_done: 7, statements_total: 7 }]);
  });

  it('refuses a batch the server ran only part of, instead of trusting it', async () => {
    const { db } = await setup('batch_short');
    const session = await sessionFor(db.name);
    try {
      // The comment opened in the first statement is closed in the second: the server sees one statement.
      await expect(session.script(['SELECT 1 /* opened', 'SELECT 2 */'])).rejects.toThrow('the server ran 1 of 2 statements sent together');
      await session.script(['CREATE TABLE kept (id int)', 'INSERT INTO kept VALUES (1)', 'SELECT id FROM kept']);
      expect(await db.query('SELECT id FROM kept')).toEqual([{ id: 1 }]);
    } finally {
      await session.close();
    }
  });
});

describe('a statement larger than a batch', () => {
  it('goes in a round trip of its own when the server accepts it (a dump\'s long extended INSERT)', async () => {
    const { folder, db } = await setup('batch_large');
    const rows = Array.from({ length: 30_000 }, (_, i) => `(${i + 1}, 'row number ${i + 1} of a long extended insert')`);
    const insert = `INSERT INTO big VALUES ${rows.join(',\n')};`;
    expect(insert.length).toBeGreaterThan(1024 * 1024);
    folder.add('20260301000000_big', ['CREATE TABLE big (id int PRIMARY KEY, note varchar(64));', insert, 'CREATE TABLE after_big (id int);'].join('\n'),
      'DROP TABLE after_big;\nDROP TABLE big;');

    const report = await withTestMigrator(db.name, folder.dir, (m) => m.migrate());
    expect(report.outcome, JSON.stringify(report.error)).toBe('done');
    expect(await db.query('SELECT COUNT(*) AS n, MAX(id) AS top FROM big')).toEqual([{ n: 30_000, top: 30_000 }]);
    expect(await db.tables()).toEqual([DEFAULT_LEDGER_TABLE, 'after_big', 'big']);
    expect(await ledger(db)).toEqual([{ id: '20260301000000_big', state: 'applied', statements_done: 3, statements_total: 3 }]);
  });

  it('is refused before anything runs when it exceeds the server\'s max_allowed_packet, which the message gives', async () => {
    const { folder, db } = await setup('batch_packet');
    const [{ packet } = { packet: 0 }] = await db.query<Array<{ packet: number }>>('SELECT @@max_allowed_packet AS packet');
    expect(packet).toBeGreaterThan(0);
    const huge = `INSERT INTO t VALUES ('${'x'.repeat(packet + 1)}');`;
    folder.add('20260301000000_huge', `CREATE TABLE t (body longtext);\n${huge}`, 'DROP TABLE t;');

    const report = await withTestMigrator(db.name, folder.dir, (m) => m.migrate());
    expect(report.outcome).toBe('failed');
    expect(report.error).toMatchObject({ code: 'PACKET_TOO_LARGE', statement: 2 });
    expect(report.error?.message).toContain(`max_allowed_packet allows ${packet - 1024}`);
    expect(await db.tables()).toEqual([DEFAULT_LEDGER_TABLE]);
  });
});
