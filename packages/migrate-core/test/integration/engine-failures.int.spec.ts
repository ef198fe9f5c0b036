import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/db.js';
import { DEFAULT_LEDGER_TABLE } from '../../src/ledger/ledger-sql.js';
import { signatureSql } from '../../src/ledger/signature-sql.js';
import { tempMigrations, withTestMigrator } from './support.js';

const M1 = '20260201000000_five_statements';
const M2 = '20260202000000_after';
const FIVE = [
  'CREATE TABLE runs (n int);',
  'INSERT INTO runs VALUES (2);',
  'INSERT INTO needed VALUES (3);',
  'CREATE TABLE made_by_four (id int);',
  'INSERT INTO runs VALUES (5);',
].join('\n');

const cleanups: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

async function setup(prefix: string) {
  const folder = tempMigrations();
  folder.add(M1, FIVE, 'DROP TABLE made_by_four;\nDROP TABLE runs;');
  folder.add(M2, 'CREATE TABLE after_table (id int);', 'DROP TABLE after_table;');
  const db: TestDatabase = await createTestDatabase(prefix);
  cleanups.push(() => db.drop(), () => folder.cleanup());
  return { folder, db };
}

const runs = async (db: TestDatabase) => (await db.query<Array<{ n: number }>>('SELECT n FROM runs ORDER BY n')).map((row) => row.n);

describe('a migration whose 3rd of 5 statements fails', () => {
  it('records the failure, refuses other work, and resumes at statement 3 after the fix without re-running 1-2', async () => {
    const { folder, db } = await setup('partial');
    const first = await withTestMigrator(db.name, folder.dir, (m) => m.migrate());
    expect(first.outcome).toBe('failed');
    expect(first.error).toMatchObject({ code: 'STATEMENT', migrationId: M1, statement: 3, line: 3 });
    expect(first.error?.message).toContain("needed' doesn't exist");
    expect(first.error?.message).toContain('up.sql:3');
    expect(first.error?.hint).toContain('resumes at statement 3');
    expect(first.steps.map((step) => [step.id, step.status, step.statementsRun])).toEqual([[M1, 'failed', 2], [M2, 'not-run', 0]]);

    const [row] = await db.query<Array<Record<string, unknown>>>(`SELECT state, direction, statements_done, statements_total, error FROM ${DEFAULT_LEDGER_TABLE}`);
    expect(row).toMatchObject({ state: 'failed', direction: 'up', statements_done: 2, statements_total: 5 });
    expect(String(row?.error)).toMatch(/statement 3 \(line 3\).*needed/);

    const status = await withTestMigrator(db.name, folder.dir, (m) => m.status());
    expect(status.dirty).toMatchObject({ id: M1, statement: 3, statements: 5, state: 'failed', direction: 'up' });
    expect(status.issues.map((issue) => issue.code)).toEqual(['DIRTY']);

    const again = await withTestMigrator(db.name, folder.dir, (m) => m.migrate());
    expect(again.outcome).toBe('failed');
    expect(again.steps[0]).toMatchObject({ id: M1, resumedAt: 3, statementsRun: 0 });
    expect(await db.tables()).not.toContain('after_table');
    expect(await runs(db)).toEqual([2]);

    const rollback = await withTestMigrator(db.name, folder.dir, (m) => m.rollback());
    expect(rollback.outcome).toBe('blocked');
    expect(rollback.issues[0]).toMatchObject({ code: 'DIRTY', migrationId: M1 });

    await db.query('CREATE TABLE needed (n int)');
    const fixed = await withTestMigrator(db.name, folder.dir, (m) => m.migrate());
    expect(fixed.outcome).toBe('done');
    expect(fixed.steps.map((step) => [step.id, step.statementsRun, step.resumedAt])).toEqual([[M1, 3, 3], [M2, 1, undefined]]);
    expect(await runs(db)).toEqual([2, 5]);
    expect((await withTestMigrator(db.name, folder.dir, (m) => m.status())).dirty).toBeNull();
  });

  it('resumes with a fixed file when only the failed statement and later ones changed', async () => {
    const { folder, db } = await setup('fixfile');
    await withTestMigrator(db.name, folder.dir, (m) => m.migrate());
    writeFileSync(join(folder.dir, M1, 'up.sql'), FIVE.replace('INSERT INTO needed VALUES (3);', 'INSERT INTO runs VALUES (3);'));
    const fixed = await withTestMigrator(db.name, folder.dir, (m) => m.migrate());
    expect(fixed.outcome).toBe('done');
    expect(await runs(db)).toEqual([2, 3, 5]);
    // The ledger took the fixed file's checksum: the next run sees no mismatch.
    expect((await withTestMigrator(db.name, folder.dir, (m) => m.migrate())).outcome).toBe('noop');
  });

  it('refuses to resume when statements that already ran were edited', async () => {
    const { folder, db } = await setup('editdone');
    await withTestMigrator(db.name, folder.dir, (m) => m.migrate());
    writeFileSync(join(folder.dir, M1, 'up.sql'), FIVE.replace('VALUES (2)', 'VALUES (20)'));
    const before = await db.fingerprint();
    const report = await withTestMigrator(db.name, folder.dir, (m) => m.migrate());
    expect(report.outcome).toBe('blocked');
    expect(report.issues[0]).toMatchObject({ code: 'EDITED_DONE_STATEMENTS', migrationId: M1 });
    expect(await db.fingerprint()).toBe(before);
  });

  /**
   * The state an interruption leaves just before statement 1 of M1 (`CREATE TABLE runs`): its row running, none
   * done, and the pre-state of `runs` recorded as the engine records it (the signature the server computes).
   */
  async function interruptedBeforeStatementOne(db: TestDatabase, folder: { dir: string }) {
    await withTestMigrator(db.name, folder.dir, async (m) => m.ledger.prepare());
    // A CREATE TABLE's pre-state: whether its table exists (see DdlTargets.wholeObjects).
    const signature = signatureSql(db.name, [{ kind: 'table', name: 'runs' }], { wholeObjects: true });
    await db.query(`INSERT INTO ${DEFAULT_LEDGER_TABLE} (id, seq, checksum, state, direction, statements_done, statements_total, started_at, pre_index, pre_state) ` +
      `VALUES (?, 1, 'sha256:x', 'running', 'up', 0, 5, NOW(), 1, ${signature.sql})`, [M1, ...signature.values]);
  }

  it('after an interruption between a DDL statement and its progress, proves it done from its table, and runs it no more', async () => {
    const { folder, db } = await setup('crash');
    await interruptedBeforeStatementOne(db, folder);
    await db.query('CREATE TABLE runs (n int); CREATE TABLE needed (n int)');
    const status = await withTestMigrator(db.name, folder.dir, (m) => m.status());
    expect(status.dirty).toMatchObject({ id: M1, statement: 1, state: 'running' });
    expect(status.dirty?.error).toContain('interrupted');
    const report = await withTestMigrator(db.name, folder.dir, (m) => m.migrate());
    expect(report.outcome).toBe('done');
    expect(report.notes.join('\n')).toMatch(/statement 1 \(CREATE TABLE, .*up\.sql:1\) had taken effect before the interruption: `runs` changed/);
    expect(await runs(db)).toEqual([2, 5]);
    expect(await db.query("SELECT n FROM needed")).toEqual([{ n: 3 }]);
  });

  it('after an interruption before the DDL statement took effect, runs it; its own error is never taken as "already done"', async () => {
    const { folder, db } = await setup('crash_before');
    await interruptedBeforeStatementOne(db, folder);
    await db.query('CREATE TABLE needed (n int)');
    const report = await withTestMigrator(db.name, folder.dir, (m) => m.migrate());
    expect(report.outcome).toBe('done');
    expect(report.notes).toEqual([]);
    expect(await runs(db)).toEqual([2, 5]);
  });

  it('a failing statement of a fresh (not crashed) run is never taken as done', async () => {
    const folder = tempMigrations();
    folder.add(M1, 'CREATE TABLE dup (id int);');
    const db = await createTestDatabase('nodup');
    cleanups.push(() => db.drop(), () => folder.cleanup());
    await db.query('CREATE TABLE dup (id int)');
    const report = await withTestMigrator(db.name, folder.dir, (m) => m.migrate());
    expect(report.outcome).toBe('failed');
    expect(report.error?.message).toContain("Table 'dup' already exists");
  });
});

describe('a failing down migration', () => {
  it('is recorded and resumed by the next rollback', async () => {
    const folder = tempMigrations();
    folder.add(M1, 'CREATE TABLE a (id int);\nCREATE TABLE b (id int);', 'DROP TABLE b;\nDROP TABLE blocker_target;\nDROP TABLE a;');
    const db = await createTestDatabase('downfail');
    cleanups.push(() => db.drop(), () => folder.cleanup());
    await withTestMigrator(db.name, folder.dir, (m) => m.migrate());
    const failed = await withTestMigrator(db.name, folder.dir, (m) => m.rollback());
    expect(failed.outcome).toBe('failed');
    expect(failed.error).toMatchObject({ migrationId: M1, statement: 2 });
    expect(await db.tables()).toEqual([DEFAULT_LEDGER_TABLE, 'a']);
    const migrate = await withTestMigrator(db.name, folder.dir, (m) => m.migrate());
    expect(migrate.outcome).toBe('blocked');
    expect(migrate.issues[0]?.hint).toContain('rollback');
    await db.query('CREATE TABLE blocker_target (id int)');
    const resumed = await withTestMigrator(db.name, folder.dir, (m) => m.rollback());
    expect(resumed.outcome).toBe('done');
    expect(resumed.steps[0]).toMatchObject({ resumedAt: 2, statementsRun: 2 });
    expect(await db.tables()).toEqual([DEFAULT_LEDGER_TABLE]);
  });
});
