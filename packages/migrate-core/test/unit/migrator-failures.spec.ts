import { beforeEach, describe, expect, it } from 'vitest';
import type { Migrator } from '../../src/engine/migrator.js';
import type { RunReport } from '../../src/engine/report.js';
import { createFakeServer, withFakeMigrator, type FakeServer } from '../support/fake-server.js';
import { memoryMigrations, type MemoryMigrations } from '../support/memory-fs.js';

const M = '20260201000000_three_statements';
const N = '20260202000000_after';
const THREE = 'CREATE TABLE runs (n int);\nINSERT INTO needed VALUES (2);\nCREATE TABLE third (id int);';

let server: FakeServer;
let folder: MemoryMigrations;
const run = <T>(body: (migrator: Migrator) => Promise<T>, options = {}) => withFakeMigrator(server, folder.source, body, options);
const times = (sql: string) => server.executed.filter((executed) => executed === sql).length;

beforeEach(() => {
  server = createFakeServer({ statementMs: 10 });
  folder = memoryMigrations();
  folder.add(M, THREE, 'DROP TABLE third;\nDROP TABLE runs;');
  folder.add(N, 'CREATE TABLE after_table (id int);', 'DROP TABLE after_table;');
});

describe('a migration whose statement 2 of 3 fails', () => {
  let first: RunReport;
  beforeEach(async () => {
    first = await run((m) => m.migrate());
  });

  it('records the row failed at 2 with the error, reports the statement, and runs nothing after it', async () => {
    const [row, ...others] = await server.ledger.list();
    expect(others).toEqual([]);
    expect(row).toMatchObject({ id: M, state: 'failed', direction: 'up', statementsDone: 1, statementsTotal: 3 });
    expect(row?.error).toMatch(/^statement 2 \(line 2\): .*needed' doesn't exist/);
    expect(server.executed).toEqual(['CREATE TABLE runs (n int)']);
    const status = await run((m) => m.status());
    expect(status.dirty).toMatchObject({ id: M, statement: 2, statements: 3, state: 'failed', direction: 'up' });
    expect(status.issues.map((issue) => issue.code)).toEqual(['DIRTY']);
  });

  it('reports the failure with file, line and the way on, and the later steps as not run', async () => {
    expect(first.outcome).toBe('failed');
    expect(first.error).toMatchObject({ code: 'STATEMENT', migrationId: M, statement: 2, line: 2, file: `services/first/migrations/${M}/up.sql` });
    expect(first.error?.message).toContain("ER_NO_SUCH_TABLE (1146): Table 'fake.needed' doesn't exist");
    expect(first.error?.hint).toContain('resumes at statement 2');
    expect(first.steps.map((step) => [step.id, step.status, step.statementsRun, step.durationMs])).toEqual([[M, 'failed', 1, 10], [N, 'not-run', 0, null]]);
    const again = await run((m) => m.migrate());
    expect(again.steps.map((step) => [step.id, step.status, step.statementsRun, step.resumedAt])).toEqual([[M, 'failed', 0, 2], [N, 'not-run', 0, undefined]]);
    expect(server.executed).toHaveLength(1);
  });

  it('resumes at statement 2 once the cause is fixed: statement 1 is not run again', async () => {
    server.tables.add('needed');
    const report = await run((m) => m.migrate());
    expect(report.outcome).toBe('done');
    expect(report.steps.map((step) => [step.id, step.statementsRun, step.resumedAt, step.durationMs])).toEqual([[M, 2, 2, 20], [N, 1, undefined, 10]]);
    expect(times('CREATE TABLE runs (n int)')).toBe(1);
    expect(server.executed).toEqual(['CREATE TABLE runs (n int)', 'INSERT INTO needed VALUES (2)', 'CREATE TABLE third (id int)', 'CREATE TABLE after_table (id int)']);
    expect((await server.ledger.list()).map((row) => [row.id, row.state, row.statementsDone, row.error])).toEqual([[M, 'applied', 3, null], [N, 'applied', 1, null]]);
  });

  it('resumes with a fixed file when only statement 2 and later changed, and records the new checksum', async () => {
    folder.add(M, THREE.replace('INSERT INTO needed', 'INSERT INTO runs'));
    expect((await run((m) => m.migrate())).outcome).toBe('done');
    expect(times('CREATE TABLE runs (n int)')).toBe(1);
    expect(times('INSERT INTO runs VALUES (2)')).toBe(1);
    expect((await run((m) => m.migrate())).outcome).toBe('noop');
  });

  it('blocks when a statement that already ran was edited, and runs nothing', async () => {
    folder.add(M, THREE.replace('runs (n int)', 'runs (n bigint)'));
    const report = await run((m) => m.migrate());
    expect(report.outcome).toBe('blocked');
    expect(report.issues[0]).toMatchObject({ code: 'EDITED_DONE_STATEMENTS', migrationId: M });
    expect(server.executed).toHaveLength(1);
    expect((await server.ledger.list())[0]).toMatchObject({ state: 'failed', statementsDone: 1 });
  });

  it('refuses a rollback while the migrate is unfinished', async () => {
    const report = await run((m) => m.rollback());
    expect(report.outcome).toBe('blocked');
    expect(report.issues[0]).toMatchObject({ code: 'DIRTY', migrationId: M });
    expect(report.issues[0]?.hint).toContain('`migrate-core migrate`');
  });
});

describe('an interrupted migration (the process died; the row stays running)', () => {
  // Items of M's one round trip: begin (with statement 1's pre-state), stop point, statement 1, progress 1, stop
  // point, [statement 2, progress 2], stop point, statement 3, completion.
  it('after dying between a DDL statement and its progress, proves that statement done from its table\'s signature', async () => {
    server.tables.add('needed');
    const died = await run((m) => m.migrate(), { dieAfter: 3 });
    expect(died.outcome).toBe('failed');
    expect(died.error?.code).toBe('CONNECTION_LOST');
    expect(died.error?.message).toContain('may still be running the statements it had received');
    expect(await server.ledger.list()).toMatchObject([{ id: M, state: 'running', statementsDone: 0, preIndex: 1 }]);
    const status = await run((m) => m.status());
    expect(status.dirty).toMatchObject({ id: M, statement: 1, state: 'running' });
    expect(status.dirty?.error).toContain('interrupted');
    expect(status.lockedBy).toBeNull();

    const trips = server.roundTrips.length;
    const resumed = await run((m) => m.migrate());
    expect(resumed.outcome).toBe('done');
    expect(resumed.notes.join('\n')).toMatch(/statement 1 \(CREATE TABLE, .*:1\) had taken effect before the interruption: `runs` changed, and the server runs CREATE TABLE whole or not at all/);
    // The resume write (recording statement 1 done) and the rest in one round trip, then N.
    expect(server.roundTrips.slice(trips).map((items) => items.length)).toEqual([6, 4]);
    expect(times('CREATE TABLE runs (n int)')).toBe(1);
    expect(times('INSERT INTO needed VALUES (2)')).toBe(1);
  });

  it('after dying before a DDL statement ran, proves it did not take effect and runs it', async () => {
    server.tables.add('needed');
    await run((m) => m.migrate(), { dieAfter: 2 });
    expect(server.executed).toEqual([]);
    const resumed = await run((m) => m.migrate());
    expect(resumed.outcome).toBe('done');
    expect(resumed.notes).toEqual([]);
    expect(times('CREATE TABLE runs (n int)')).toBe(1);
  });

  it('after dying inside a data statement\'s transaction, runs that statement again, once', async () => {
    server.tables.add('needed');
    await run((m) => m.migrate(), { dieAfter: 6 });
    expect(server.executed).toEqual(['CREATE TABLE runs (n int)']);
    expect(await server.ledger.list()).toMatchObject([{ id: M, state: 'running', statementsDone: 1 }]);
    const resumed = await run((m) => m.migrate());
    expect(resumed.steps[0]).toMatchObject({ id: M, resumedAt: 2, statementsRun: 2 });
    expect(resumed.notes).toEqual([]);
    expect(times('INSERT INTO needed VALUES (2)')).toBe(1);
  });

  it('never takes the error of a statement in a fresh run as "already done"', async () => {
    server.tables.add('runs');
    const report = await run((m) => m.migrate());
    expect(report.outcome).toBe('failed');
    expect(report.error?.message).toContain("Table 'runs' already exists");
  });
});

describe('a failing down migration', () => {
  it('is recorded at its statement and resumed by the next rollback', async () => {
    server.tables.add('needed');
    await run((m) => m.migrate({ target: { kind: 'to', id: M } }));
    server.failOn('DROP TABLE runs');
    const failed = await run((m) => m.rollback());
    expect(failed.error).toMatchObject({ migrationId: M, statement: 2 });
    expect(await server.ledger.list()).toMatchObject([{ id: M, state: 'failed', direction: 'down', statementsDone: 1 }]);
    expect((await run((m) => m.migrate())).issues[0]?.hint).toContain('`migrate-core rollback`');
    server.clearFailures();
    const resumed = await run((m) => m.rollback());
    expect(resumed.steps[0]).toMatchObject({ resumedAt: 2, statementsRun: 1 });
    expect(await server.ledger.list()).toEqual([]);
    expect(times('DROP TABLE third')).toBe(1);
  });
});
