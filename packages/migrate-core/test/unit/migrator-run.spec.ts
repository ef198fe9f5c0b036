import { relative } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Migrator } from '../../src/engine/migrator.js';
import { createFakeServer, withFakeMigrator, type FakeServer } from '../support/fake-server.js';
import { AUDIT, memoryMigrations, ORDERS, threeMigrations, USERS, type MemoryMigrations } from '../support/memory-fs.js';

const [A, B, C] = [USERS, ORDERS, AUDIT];

let server: FakeServer;
let folder: MemoryMigrations;
const run = <T>(body: (migrator: Migrator) => Promise<T>, options = {}) => withFakeMigrator(server, folder.source, body, options);
const rows = async () => (await server.ledger.list()).map((row) => `${row.seq}:${row.id}:${row.state}`);

beforeEach(() => {
  server = createFakeServer({ statementMs: 10 });
  folder = threeMigrations();
});

describe('migrate', () => {
  it('applies every migration in one round trip each, and times them with the clock', async () => {
    const report = await run((m) => m.migrate());
    expect(report).toMatchObject({ command: 'migrate', database: 'fake', ledgerTable: '_migrate_core_ledger', outcome: 'done', issues: [], notes: [] });
    expect(report.steps.map((step) => [step.id, step.status, step.statementsRun, step.statementsTotal, step.durationMs])).toEqual([
      [A, 'done', 1, 1, 10], [B, 'done', 2, 2, 20], [C, 'done', 1, 1, 10],
    ]);
    expect(report.durationMs).toBe(40);
    expect(server.executed).toEqual(['CREATE TABLE users (id int)', 'CREATE TABLE orders (id int)', 'INSERT INTO orders VALUES (1)', 'CREATE TABLE audit (id int)']);
    expect(server.roundTrips).toHaveLength(3);
    const ledger = await server.ledger.list();
    expect(ledger.map((row) => [row.seq, row.id, row.state, row.statementsDone, row.durationMs, row.appliedBy])).toEqual([
      [1, A, 'applied', 1, 10, 'test'], [2, B, 'applied', 2, 20, 'test'], [3, C, 'applied', 1, 10, 'test'],
    ]);
    expect(ledger[1]?.finishedAt?.toISOString()).toBe('2026-01-01T00:00:00.030Z');
  });

  it('does nothing when up to date', async () => {
    await run((m) => m.migrate());
    const trips = server.roundTrips.length;
    expect(await run((m) => m.migrate())).toMatchObject({ outcome: 'noop', steps: [], durationMs: 0 });
    expect(server.roundTrips).toHaveLength(trips);
  });

  it('goes --to an id and no further, then --steps N', async () => {
    expect((await run((m) => m.migrate({ target: { kind: 'to', id: A } }))).steps.map((step) => step.id)).toEqual([A]);
    expect((await run((m) => m.migrate({ target: { kind: 'steps', n: 1 } }))).steps.map((step) => step.id)).toEqual([B]);
    expect(await rows()).toEqual([`1:${A}:applied`, `2:${B}:applied`]);
    expect([...server.tables].sort()).toEqual(['orders', 'users']);
  });

  it('refuses a migration merged from an older branch unless allowed; rollback follows the order of application', async () => {
    folder = memoryMigrations();
    folder.add(A, 'CREATE TABLE users (id int);', 'DROP TABLE users;');
    folder.add(C, 'CREATE TABLE audit (id int);', 'DROP TABLE audit;');
    await run((m) => m.migrate());
    folder.add(B, 'CREATE TABLE orders (id int);', 'DROP TABLE orders;');
    const refused = await run((m) => m.migrate());
    expect(refused.outcome).toBe('blocked');
    expect(refused.issues[0]).toMatchObject({ code: 'OUT_OF_ORDER', migrationId: B });
    expect(server.tables.has('orders')).toBe(false);
    expect((await run((m) => m.migrate({ allowOutOfOrder: true }))).steps.map((step) => step.id)).toEqual([B]);
    expect(await rows()).toEqual([`1:${A}:applied`, `2:${C}:applied`, `3:${B}:applied`]);
    expect((await run((m) => m.rollback())).steps.map((step) => step.id)).toEqual([B]);
  });
});

describe('rollback', () => {
  beforeEach(async () => {
    await run((m) => m.migrate());
  });

  it('undoes one step by default, then --steps N', async () => {
    const one = await run((m) => m.rollback());
    expect(one.steps.map((step) => [step.id, step.direction, step.status, step.durationMs])).toEqual([[C, 'down', 'done', 10]]);
    expect(await rows()).toEqual([`1:${A}:applied`, `2:${B}:applied`]);
    expect((await run((m) => m.rollback({ target: { kind: 'steps', n: 2 } }))).steps.map((step) => step.id)).toEqual([B, A]);
    expect(await rows()).toEqual([]);
    expect(server.tables.size).toBe(0);
  });

  it('goes --to an id, then --to base', async () => {
    expect((await run((m) => m.rollback({ target: { kind: 'to', id: A } }))).steps.map((step) => step.id)).toEqual([C, B]);
    expect(await rows()).toEqual([`1:${A}:applied`]);
    expect((await run((m) => m.rollback({ target: { kind: 'base' } }))).steps.map((step) => step.id)).toEqual([A]);
    expect(await rows()).toEqual([]);
  });
});

describe('status, stamp and resolve', () => {
  it('reports status: current, applied with times, pending, no lock holder', async () => {
    await run((m) => m.migrate({ target: { kind: 'to', id: B } }));
    const status = await run((m) => m.status());
    expect(status).toMatchObject({ database: 'fake', current: B, pending: [{ id: C }], dirty: null, issues: [], lockedBy: null });
    expect(status.applied).toEqual([
      { id: A, checksum: expect.stringMatching(/^sha256v2:/), appliedAt: '2026-01-01T00:00:00.010Z', durationMs: 10 },
      { id: B, checksum: expect.stringMatching(/^sha256v2:/), appliedAt: '2026-01-01T00:00:00.030Z', durationMs: 20 },
    ]);
  });

  it('stamps without running anything, at the clock\'s time', async () => {
    const report = await run((m) => m.stamp(B));
    expect(report.steps.map((step) => [step.id, step.status, step.statementsRun, step.statementsTotal])).toEqual([[A, 'done', 0, 1], [B, 'done', 0, 2]]);
    expect(server.executed).toEqual([]);
    expect(await rows()).toEqual([`1:${A}:applied`, `2:${B}:applied`]);
    expect((await server.ledger.list())[0]?.startedAt.toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect((await run((m) => m.stamp(B))).outcome).toBe('noop');
    expect((await run((m) => m.stamp('20990101000000_nope'))).issues[0]).toMatchObject({ code: 'UNKNOWN_TARGET' });
  });

  it('resolves by hand: applied keeps the row\'s place, rolled-back removes it, once', async () => {
    await run((m) => m.migrate({ target: { kind: 'to', id: B } }));
    expect((await run((m) => m.resolve(C, 'applied'))).outcome).toBe('done');
    expect((await run((m) => m.resolve(A, 'applied'))).outcome).toBe('done');
    expect(await rows()).toEqual([`1:${A}:applied`, `2:${B}:applied`, `3:${C}:applied`]);
    expect((await run((m) => m.resolve(B, 'rolled-back'))).steps).toMatchObject([{ id: B, direction: 'down', status: 'done' }]);
    const again = await run((m) => m.resolve(B, 'rolled-back'));
    expect(again.outcome).toBe('noop');
    expect(again.notes.join()).toContain('not in the ledger of `fake`');
    expect((await run((m) => m.resolve('20990101000000_nope', 'applied'))).outcome).toBe('blocked');
    expect(server.executed).toHaveLength(3);
  });

  it('blocks on an edited applied migration, naming its file relative to the workspace root', async () => {
    await run((m) => m.migrate());
    folder.add(A, 'CREATE TABLE users (id bigint);');
    const report = await run((m) => m.migrate());
    expect(report.outcome).toBe('blocked');
    const file = `${relative('/ws', folder.dir)}/${A}/up.sql`;
    expect(report.issues[0]).toMatchObject({ code: 'CHECKSUM_MISMATCH', severity: 'error', migrationId: A, file });
    expect(report.issues[0]?.message).toMatch(new RegExp(`^${file} was edited after it was applied`));
  });
});
