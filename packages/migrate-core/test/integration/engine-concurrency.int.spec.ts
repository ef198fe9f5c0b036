import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/db.js';
import { LockTimeoutError } from '../../src/errors.js';
import { DEFAULT_LEDGER_TABLE } from '../../src/ledger/ledger-sql.js';
import { createMysqlLock, lockName } from '../../src/lock/mysql-lock.js';
import { sessionFor, tempMigrations, withTestMigrator, type TempMigrations } from './support.js';

const IDS = ['20260301000000_one', '20260302000000_two', '20260303000000_three'];

describe('the lock', () => {
  let folder: TempMigrations;
  const dbs: TestDatabase[] = [];
  beforeAll(() => {
    folder = tempMigrations();
    folder.add(IDS[0]!, "CREATE TABLE runs (id varchar(64), connection int);\nINSERT INTO runs VALUES ('one', CONNECTION_ID());\nDO SLEEP(0.05);", 'DROP TABLE runs;');
    folder.add(IDS[1]!, "INSERT INTO runs VALUES ('two', CONNECTION_ID());\nDO SLEEP(0.05);", "DELETE FROM runs WHERE id = 'two';");
    folder.add(IDS[2]!, "CREATE TABLE t3 (id int);\nINSERT INTO runs VALUES ('three', CONNECTION_ID());", "DROP TABLE t3;\nDELETE FROM runs WHERE id = 'three';");
  });
  afterAll(async () => {
    for (const db of dbs) await db.drop();
    folder.cleanup();
  });

  it('lets 8 runners started at once apply each migration exactly once, all succeeding', async () => {
    const db = await createTestDatabase('race');
    dbs.push(db);
    const reports = await Promise.all(Array.from({ length: 8 }, () => withTestMigrator(db.name, folder.dir, (m) => m.migrate())));
    expect(reports.map((report) => report.outcome).every((outcome) => outcome === 'done' || outcome === 'noop')).toBe(true);
    expect(reports.flatMap((report) => report.steps.filter((step) => step.status === 'done').map((step) => step.id)).sort()).toEqual(IDS);
    const runs = await db.query<Array<{ id: string }>>('SELECT id FROM runs ORDER BY id');
    expect(runs.map((run) => run.id)).toEqual(['one', 'three', 'two']);
    const ledger = await db.query<Array<{ id: string }>>(`SELECT id FROM ${DEFAULT_LEDGER_TABLE}`);
    expect(ledger).toHaveLength(3);
  });

  it('makes a second runner wait, says so, and times out with a clear error', async () => {
    const db = await createTestDatabase('wait');
    dbs.push(db);
    const holder = await sessionFor(db.name);
    const release = await createMysqlLock(holder, lockName(db.name, DEFAULT_LEDGER_TABLE)).acquire(1);
    const events: string[] = [];
    try {
      await expect(withTestMigrator(db.name, folder.dir, (m) => m.migrate(), { lockTimeoutSeconds: 1, onEvent: (event) => events.push(event.type) }))
        .rejects.toThrow(LockTimeoutError);
      expect(events).toEqual(['lock-wait']);
      await expect(withTestMigrator(db.name, folder.dir, (m) => m.migrate(), { lockTimeoutSeconds: 1 })).rejects.toThrow(/held by server connection \d+/);
    } finally {
      await release();
      await holder.close();
    }
    expect((await withTestMigrator(db.name, folder.dir, (m) => m.migrate())).outcome).toBe('done');
  });

  it('frees the lock when its connection dies', async () => {
    const db = await createTestDatabase('dies');
    dbs.push(db);
    const holder = await sessionFor(db.name);
    await createMysqlLock(holder, lockName(db.name, DEFAULT_LEDGER_TABLE)).acquire(1);
    await holder.close();
    expect((await withTestMigrator(db.name, folder.dir, (m) => m.migrate(), { lockTimeoutSeconds: 2 })).outcome).toBe('done');
  });

  it('never makes different databases wait for each other', async () => {
    const [a, b] = [await createTestDatabase('iso_a'), await createTestDatabase('iso_b')];
    dbs.push(a, b);
    const holder = await sessionFor(a.name);
    await createMysqlLock(holder, lockName(a.name, DEFAULT_LEDGER_TABLE)).acquire(1);
    try {
      // With a 1 s timeout, waiting on a's lock would throw LockTimeoutError.
      const report = await withTestMigrator(b.name, folder.dir, (m) => m.migrate(), { lockTimeoutSeconds: 1 });
      expect(report.outcome).toBe('done');
    } finally {
      await holder.close();
    }
  });
});

describe('isolation between databases', () => {
  it('migrating and rolling back one service leaves the others byte-for-byte unchanged', async () => {
    const folder = tempMigrations();
    folder.add(IDS[0]!, "CREATE TABLE runs (id varchar(64), connection int);\nINSERT INTO runs VALUES ('one', 0);", 'DROP TABLE runs;');
    folder.add(IDS[2]!, 'CREATE TABLE t3 (id int);', 'DROP TABLE t3;');
    const [first, second, third] = [await createTestDatabase('first'), await createTestDatabase('second'), await createTestDatabase('third')];
    try {
      for (const db of [first, second, third]) await withTestMigrator(db!.name, folder.dir, (m) => m.migrate());
      const before = [await second!.fingerprint(), await third!.fingerprint()];
      expect(before[0]).toContain(DEFAULT_LEDGER_TABLE);
      await withTestMigrator(first!.name, folder.dir, (m) => m.rollback({ target: { kind: 'base' } }));
      await withTestMigrator(first!.name, folder.dir, (m) => m.migrate());
      await withTestMigrator(first!.name, folder.dir, (m) => m.rollback());
      expect([await second!.fingerprint(), await third!.fingerprint()]).toEqual(before);
      expect(await first!.tables()).toEqual([DEFAULT_LEDGER_TABLE, 'runs']);
    } finally {
      for (const db of [first, second, third]) await db!.drop();
      folder.cleanup();
    }
  });
});
