import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/db.js';
import { DEFAULT_LEDGER_TABLE, ledgerSql } from '../../src/ledger/ledger-sql.js';
import { signatureSql, type SignatureFormat } from '../../src/ledger/signature-sql.js';
import { textChecksumV2 } from '../../src/sql/checksum.js';
import { splitStatements } from '../../src/statements.js';
import { tempMigrations, withTestMigrator, type TempMigrations } from './support.js';

// Recovery by proof for statements that change a table's partitions: after an interruption between the
// statement and its progress write, whether it took effect is read from the partitions, so that a statement
// whose second run would add or remove more (ADD PARTITION PARTITIONS n, COALESCE PARTITION n) runs once.

const CREATE = '20260301000000_partitioned';
const CHANGE = '20260302000000_change_partitions';

const HASH_8 = 'CREATE TABLE h (id INT NOT NULL) PARTITION BY HASH (id) PARTITIONS 8;';
const RANGE_P0 = 'CREATE TABLE h (id INT NOT NULL) PARTITION BY RANGE (id) (PARTITION p0 VALUES LESS THAN (10));';

const cleanups: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

/** A database where `create` was migrated, and the migration `change` waits in the folder. */
async function migrated(create: string, change: string): Promise<{ db: TestDatabase; folder: TempMigrations }> {
  const folder = tempMigrations();
  const db = await createTestDatabase('proofpart');
  cleanups.push(() => db.drop(), () => folder.cleanup());
  folder.add(CREATE, create);
  expect((await withTestMigrator(db.name, folder.dir, (m) => m.migrate())).outcome).toBe('done');
  folder.add(CHANGE, change);
  return { db, folder };
}

/**
 * What the engine writes before statement 1 of `change` (its row, running, with the statement's pre-state
 * computed by the server), as `plan --sql` prints it; `format` 1 as versions that recorded bare signatures did.
 */
async function ledgerRowBefore(db: TestDatabase, change: string, format?: SignatureFormat): Promise<void> {
  const statement = splitStatements(change)[0]!;
  const write = ledgerSql(DEFAULT_LEDGER_TABLE, db.name).write({
    kind: 'begin', direction: 'up', id: CHANGE, seq: 2, checksum: textChecksumV2(change), total: 1, by: 'test',
    pre: { index: 1, objects: statement.ddl!.targets, wholeObjects: statement.ddl!.wholeObjects },
  });
  await db.query(write.sql, [...write.values]);
  if (format !== undefined) {
    const signature = signatureSql(db.name, statement.ddl!.targets, { format });
    await db.query(`UPDATE ${DEFAULT_LEDGER_TABLE} SET pre_state = ${signature.sql} WHERE id = ?`, [...signature.values, CHANGE]);
  }
}

const partitions = async (db: TestDatabase) => (await db.query<Array<{ name: string }>>(
  "SELECT PARTITION_NAME AS name FROM information_schema.PARTITIONS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = 'h' ORDER BY PARTITION_ORDINAL_POSITION",
  [db.name])).map((row) => row.name);

const CASES = [
  ['ADD PARTITION PARTITIONS 2 on 8 HASH partitions', HASH_8, 'ALTER TABLE h ADD PARTITION PARTITIONS 2;', ['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7', 'p8', 'p9']],
  ['COALESCE PARTITION 2 on 8 HASH partitions', HASH_8, 'ALTER TABLE h COALESCE PARTITION 2;', ['p0', 'p1', 'p2', 'p3', 'p4', 'p5']],
  ['a named ADD PARTITION on a RANGE table', RANGE_P0, 'ALTER TABLE h ADD PARTITION (PARTITION p1 VALUES LESS THAN (20));', ['p0', 'p1']],
] as const;

describe('an interruption between a statement that changes partitions and its progress', () => {
  it.each(CASES)('%s, after it took effect: proven done from the partitions, not run again', async (_name, create, change, expected) => {
    const { db, folder } = await migrated(create, change);
    await ledgerRowBefore(db, change);
    await db.query(change);
    const report = await withTestMigrator(db.name, folder.dir, (m) => m.migrate());
    expect(report.outcome).toBe('done');
    expect(report.notes.join('\n')).toMatch(/statement 1 \(ALTER TABLE, .*up\.sql:1\) had taken effect before the interruption: `h` changed/);
    expect(report.steps.map((step) => [step.id, step.statementsRun])).toEqual([[CHANGE, 0]]);
    expect(await partitions(db)).toEqual(expected);
  });

  it.each(CASES)('%s, before it took effect: the partitions as before, so it runs, once', async (_name, create, change, expected) => {
    const { db, folder } = await migrated(create, change);
    await ledgerRowBefore(db, change);
    const report = await withTestMigrator(db.name, folder.dir, (m) => m.migrate());
    expect(report.outcome).toBe('done');
    expect(report.notes).toEqual([]);
    expect(report.steps.map((step) => [step.id, step.statementsRun])).toEqual([[CHANGE, 1]]);
    expect(await partitions(db)).toEqual(expected);
  });
});

describe('a signature recorded by an earlier version (format 1, no partitions)', () => {
  it('of a partitioned table left as it was: compared in its own format, so the statement runs, once', async () => {
    const change = 'ALTER TABLE h ADD PARTITION PARTITIONS 2;';
    const { db, folder } = await migrated(HASH_8, change);
    await ledgerRowBefore(db, change, 1);
    const [{ pre_state: recorded }] = await db.query<Array<{ pre_state: string }>>(`SELECT pre_state FROM ${DEFAULT_LEDGER_TABLE} WHERE id = ?`, [CHANGE]) as [{ pre_state: string }];
    expect(recorded).toMatch(/^[0-9a-f]{64}$/);
    const report = await withTestMigrator(db.name, folder.dir, (m) => m.migrate());
    expect(report.outcome).toBe('done');
    expect(report.notes).toEqual([]);
    expect(await partitions(db)).toHaveLength(10);
  });

  it('of a table the statement changed in what format 1 reads: proven done', async () => {
    const change = 'ALTER TABLE h ADD COLUMN c INT;';
    const { db, folder } = await migrated(HASH_8, change);
    await ledgerRowBefore(db, change, 1);
    await db.query(change);
    const report = await withTestMigrator(db.name, folder.dir, (m) => m.migrate());
    expect(report.outcome).toBe('done');
    expect(report.notes.join('\n')).toMatch(/had taken effect before the interruption: `h` changed/);
    expect(report.steps.map((step) => [step.id, step.statementsRun])).toEqual([[CHANGE, 0]]);
  });
});
