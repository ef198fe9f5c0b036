import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/db.js';
import { DEFAULT_LEDGER_TABLE } from '../../src/ledger/ledger-sql.js';
import { tempMigrations, withTestMigrator, type TempMigrations } from './support.js';

const A = '20260101000000_create_users';
const B = '20260102000000_add_email';
const C = '20260103000000_create_orders';

describe('migrate, rollback, status, stamp, resolve on a real server', () => {
  let folder: TempMigrations;
  let db: TestDatabase;

  beforeAll(async () => {
    folder = tempMigrations();
    folder.add(A, 'CREATE TABLE users (id int AUTO_INCREMENT PRIMARY KEY, name text);', 'DROP TABLE users;');
    folder.add(B, 'ALTER TABLE users ADD email varchar(255);\nCREATE INDEX users_email_idx ON users (email);',
      'DROP INDEX users_email_idx ON users;\nALTER TABLE users DROP COLUMN email;');
    folder.add(C, "CREATE TABLE orders (id int PRIMARY KEY, user_id int NOT NULL);\nINSERT INTO orders VALUES (1, 1);", 'DROP TABLE orders;');
    db = await createTestDatabase('basics');
  });
  afterAll(async () => {
    await db.drop();
    folder.cleanup();
  });

  it('applies every migration, records each in the ledger and reports the steps', async () => {
    const report = await withTestMigrator(db.name, folder.dir, (m) => m.migrate());
    expect(report.outcome).toBe('done');
    expect(report.steps.map((step) => [step.id, step.status, step.statementsRun, step.statementsTotal])).toEqual([
      [A, 'done', 1, 1], [B, 'done', 2, 2], [C, 'done', 2, 2],
    ]);
    expect(await db.tables()).toEqual([DEFAULT_LEDGER_TABLE, 'orders', 'users']);
    const rows = await db.query<Array<Record<string, unknown>>>(`SELECT id, seq, state, direction, statements_done, statements_total, checksum FROM ${DEFAULT_LEDGER_TABLE} ORDER BY seq`);
    expect(rows.map((row) => [row.id, row.seq, row.state, row.direction, row.statements_done, row.statements_total])).toEqual([
      [A, 1, 'applied', 'up', 1, 1], [B, 2, 'applied', 'up', 2, 2], [C, 3, 'applied', 'up', 2, 2],
    ]);
    expect(String(rows[0]?.checksum)).toMatch(/^sha256v2:[0-9a-f]{64}$/);
  });

  it('is a no-op when up to date', async () => {
    const report = await withTestMigrator(db.name, folder.dir, (m) => m.migrate());
    expect(report.outcome).toBe('noop');
    expect(report.steps).toEqual([]);
  });

  it('reports status as the contract says', async () => {
    const status = await withTestMigrator(db.name, folder.dir, (m) => m.status());
    expect(status).toMatchObject({ database: db.name, ledgerTable: DEFAULT_LEDGER_TABLE, current: C, pending: [], dirty: null, issues: [], lockedBy: null });
    expect(status.applied.map((row) => row.id)).toEqual([A, B, C]);
    expect(status.applied[0]?.appliedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('rolls back one step by default, then --steps N, then to an id, then to base', async () => {
    let report = await withTestMigrator(db.name, folder.dir, (m) => m.rollback());
    expect(report.steps.map((step) => [step.id, step.direction, step.status])).toEqual([[C, 'down', 'done']]);
    expect(await db.tables()).toEqual([DEFAULT_LEDGER_TABLE, 'users']);

    await withTestMigrator(db.name, folder.dir, (m) => m.migrate());
    report = await withTestMigrator(db.name, folder.dir, (m) => m.rollback({ target: { kind: 'steps', n: 2 } }));
    expect(report.steps.map((step) => step.id)).toEqual([C, B]);
    const columns = await db.query<Array<{ c: string }>>("SELECT COLUMN_NAME AS c FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'users' ORDER BY ORDINAL_POSITION");
    expect(columns.map((column) => column.c)).toEqual(['id', 'name']);

    await withTestMigrator(db.name, folder.dir, (m) => m.migrate());
    report = await withTestMigrator(db.name, folder.dir, (m) => m.rollback({ target: { kind: 'to', id: A } }));
    expect(report.steps.map((step) => step.id)).toEqual([C, B]);

    report = await withTestMigrator(db.name, folder.dir, (m) => m.rollback({ target: { kind: 'base' } }));
    expect(report.steps.map((step) => step.id)).toEqual([A]);
    expect(await db.tables()).toEqual([DEFAULT_LEDGER_TABLE]);
    expect(await db.query(`SELECT * FROM ${DEFAULT_LEDGER_TABLE}`)).toEqual([]);
  });

  it('migrates --to an id and no further', async () => {
    const report = await withTestMigrator(db.name, folder.dir, (m) => m.migrate({ target: { kind: 'to', id: B } }));
    expect(report.steps.map((step) => step.id)).toEqual([A, B]);
    const status = await withTestMigrator(db.name, folder.dir, (m) => m.status());
    expect(status.current).toBe(B);
    expect(status.pending).toEqual([{ id: C }]);
  });

  it('stamps without running, and resolve adds or removes a row by hand', async () => {
    let report = await withTestMigrator(db.name, folder.dir, (m) => m.stamp(C));
    expect(report.outcome).toBe('done');
    expect(report.steps.map((step) => step.id)).toEqual([C]);
    expect(await db.tables()).toEqual([DEFAULT_LEDGER_TABLE, 'users']);

    report = await withTestMigrator(db.name, folder.dir, (m) => m.resolve(C, 'rolled-back'));
    expect(report.outcome).toBe('done');
    report = await withTestMigrator(db.name, folder.dir, (m) => m.resolve(C, 'rolled-back'));
    expect(report.outcome).toBe('noop');
    expect(report.notes.join()).toContain('not in the ledger');
    report = await withTestMigrator(db.name, folder.dir, (m) => m.resolve(C, 'applied'));
    expect(report.outcome).toBe('done');
    expect((await withTestMigrator(db.name, folder.dir, (m) => m.status())).current).toBe(C);
  });

  it('blocks on an edited applied migration, naming the file, and resolve --applied accepts the edit', async () => {
    writeFileSync(join(folder.dir, A, 'up.sql'), 'CREATE TABLE users (id bigint AUTO_INCREMENT PRIMARY KEY, name text);');
    const report = await withTestMigrator(db.name, folder.dir, (m) => m.migrate());
    expect(report.outcome).toBe('blocked');
    expect(report.issues[0]).toMatchObject({ code: 'CHECKSUM_MISMATCH', migrationId: A });
    expect(report.issues[0]?.message).toContain(join(folder.dir, A, 'up.sql'));
    const status = await withTestMigrator(db.name, folder.dir, (m) => m.status());
    expect(status.issues.map((issue) => issue.code)).toEqual(['CHECKSUM_MISMATCH']);

    await withTestMigrator(db.name, folder.dir, (m) => m.resolve(A, 'applied'));
    expect((await withTestMigrator(db.name, folder.dir, (m) => m.migrate())).outcome).toBe('noop');
  });

  it('refuses a migration merged from an older branch unless allowed, then applies it', async () => {
    const late = '20260101120000_add_phone';
    folder.add(late, 'ALTER TABLE users ADD phone varchar(32);', 'ALTER TABLE users DROP COLUMN phone;');
    let report = await withTestMigrator(db.name, folder.dir, (m) => m.migrate());
    expect(report.outcome).toBe('blocked');
    expect(report.issues[0]).toMatchObject({ code: 'OUT_OF_ORDER', migrationId: late });
    expect(report.issues[0]?.hint).toContain('--allow-out-of-order');
    report = await withTestMigrator(db.name, folder.dir, (m) => m.migrate({ allowOutOfOrder: true }));
    expect(report.steps.map((step) => step.id)).toEqual([late]);
    // Rolled back first: the order of application wins over id order.
    report = await withTestMigrator(db.name, folder.dir, (m) => m.rollback());
    expect(report.steps.map((step) => step.id)).toEqual([late]);
  });

  it('refuses a rollback whose migration has no down, changing nothing', async () => {
    const noDown = '20260104000000_no_down';
    folder.add(noDown, 'CREATE TABLE audit (id int);');
    await withTestMigrator(db.name, folder.dir, (m) => m.migrate({ allowOutOfOrder: true }));
    const before = await db.fingerprint();
    const report = await withTestMigrator(db.name, folder.dir, (m) => m.rollback({ target: { kind: 'steps', n: 2 } }));
    expect(report.outcome).toBe('blocked');
    expect(report.issues[0]).toMatchObject({ code: 'NO_DOWN', migrationId: noDown });
    expect(await db.fingerprint()).toBe(before);
  });
});
