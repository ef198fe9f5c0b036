import { beforeEach, describe, expect, it } from 'vitest';
import { BATCH_BYTES } from '../../src/engine/batches.js';
import type { MigrateEvent } from '../../src/engine/executor.js';
import type { Migrator } from '../../src/engine/migrator.js';
import type { StepItem } from '../../src/engine/step-script.js';
import { createFakeServer, withFakeMigrator, type FakeServer } from '../support/fake-server.js';
import { memoryMigrations, type MemoryMigrations } from '../support/memory-fs.js';

// Consecutive migrations of DDL and data statements go to the server together, stepsPerRoundTrip at most;
// each keeps its own ledger row and writes, so the ledger records exactly what ran, as when each goes alone.
const id = (n: number) => `2026030${n}000000_m${n}`;
let server: FakeServer;
let folder: MemoryMigrations;
const run = <T>(body: (migrator: Migrator) => Promise<T>, options = {}) =>
  withFakeMigrator(server, folder.source, body, { stepsPerRoundTrip: 3, ...options });
/** Every item, those inside atomic items too, in the order they run. */
const leaves = (items: readonly StepItem[]): StepItem[] => items.flatMap((item) => ('atomic' in item ? leaves(item.atomic) : [item]));
/** The migrations of each round trip, by the ledger rows they begin. */
const migrationsPerRoundTrip = () => server.roundTrips.map((items) => leaves(items).flatMap((item) => ('ledgerWrite' in item && item.ledgerWrite.kind === 'begin' ? [item.ledgerWrite.id] : [])));
const rows = async () => (await server.ledger.list()).map((row) => [row.seq, row.id, row.state, row.statementsDone]);

beforeEach(() => {
  server = createFakeServer({ statementMs: 10 });
  folder = memoryMigrations();
});

describe('migrations sent together', () => {
  it('sends up to stepsPerRoundTrip in one round trip, each recorded applied with the duration the ledger measured', async () => {
    for (let n = 1; n <= 5; n++) folder.add(id(n), `CREATE TABLE t${n} (id int);${n % 2 === 0 ? `\nINSERT INTO t${n} VALUES (1);` : ''}`);
    const events: MigrateEvent[] = [];
    const report = await run((m) => m.migrate(), { onEvent: (event: MigrateEvent) => events.push(event) });
    expect(report.outcome).toBe('done');
    expect(migrationsPerRoundTrip()).toEqual([[id(1), id(2), id(3)], [id(4), id(5)]]);
    expect(report.steps.map((step) => [step.id, step.status, step.statementsRun, step.durationMs])).toEqual([
      [id(1), 'done', 1, 10], [id(2), 'done', 2, 20], [id(3), 'done', 1, 10], [id(4), 'done', 2, 20], [id(5), 'done', 1, 10]]);
    expect(await rows()).toEqual([[1, id(1), 'applied', 1], [2, id(2), 'applied', 2], [3, id(3), 'applied', 1], [4, id(4), 'applied', 2], [5, id(5), 'applied', 1]]);
    expect(events.filter((event) => event.type === 'step-start').map((event) => event.type === 'step-start' && [event.index, event.together])).toEqual([[1, 3], [4, 2]]);
    expect(events.filter((event) => event.type === 'step-done').map((event) => event.type === 'step-done' && [event.index, event.durationMs])).toEqual([[1, 10], [2, 20], [3, 10], [4, 20], [5, 10]]);
  });

  it('sends alone a migration that sets its session, calls a procedure or has its own transaction, and a resume', async () => {
    folder.add(id(1), 'CREATE TABLE a (id int);');
    folder.add(id(2), 'CREATE TABLE b (id int);');
    folder.add(id(3), 'SET @x = 1;\nCREATE TABLE c (id int);');
    folder.add(id(4), 'CREATE TABLE d (id int);');
    folder.add(id(5), 'CALL refresh();');
    folder.add(id(6), 'START TRANSACTION;\nINSERT INTO d VALUES (1);\nCOMMIT;');
    folder.add(id(7), 'CREATE TABLE g (id int);\nINSERT INTO nowhere VALUES (1);');
    folder.add(id(8), 'CREATE TABLE h (id int);');
    await run((m) => m.migrate());
    // The CALL ends its round trip (its results must be counted): its completion goes in the next one. 7 and 8
    // go together, and 7 fails: 8 never ran.
    expect(migrationsPerRoundTrip()).toEqual([[id(1), id(2)], [id(3)], [id(4)], [id(5)], [], [id(6)], [id(7), id(8)]]);
    expect((await rows()).slice(6)).toEqual([[7, id(7), 'failed', 1]]);
    server.tables.add('nowhere');
    await run((m) => m.migrate());
    // The resume of 7 (from statement 2, no new row) goes alone, then 8.
    expect(migrationsPerRoundTrip().slice(7)).toEqual([[], [id(8)]]);
    expect((await rows()).map(([, migration, state]) => [migration, state])).toEqual(Array.from({ length: 8 }, (_, i) => [id(i + 1), 'applied']));
  });

  it('a failure in the middle: those before it applied, it recorded where it stopped, the rest not run; the next run resumes it exactly', async () => {
    for (let n = 1; n <= 5; n++) folder.add(id(n), n === 2 ? 'CREATE TABLE t2 (id int);\nINSERT INTO needed VALUES (1);\nCREATE TABLE t2b (id int);' : `CREATE TABLE t${n} (id int);`);
    const report = await run((m) => m.migrate(), { stepsPerRoundTrip: 5 });
    expect(report.outcome).toBe('failed');
    expect(report.error).toMatchObject({ code: 'STATEMENT', migrationId: id(2), statement: 2, line: 2 });
    expect(report.steps.map((step) => [step.id, step.status, step.statementsRun])).toEqual([
      [id(1), 'done', 1], [id(2), 'failed', 1], [id(3), 'not-run', 0], [id(4), 'not-run', 0], [id(5), 'not-run', 0]]);
    expect(await rows()).toEqual([[1, id(1), 'applied', 1], [2, id(2), 'failed', 1]]);
    expect(server.executed).toEqual(['CREATE TABLE t1 (id int)', 'CREATE TABLE t2 (id int)']);
    server.tables.add('needed');
    const again = await run((m) => m.migrate(), { stepsPerRoundTrip: 5 });
    expect(again.outcome).toBe('done');
    expect(again.steps.map((step) => [step.id, step.statementsRun, step.resumedAt])).toEqual([[id(2), 2, 2], [id(3), 1, undefined], [id(4), 1, undefined], [id(5), 1, undefined]]);
    expect(server.executed).toEqual(['CREATE TABLE t1 (id int)', 'CREATE TABLE t2 (id int)', 'INSERT INTO needed VALUES (1)', 'CREATE TABLE t2b (id int)',
      'CREATE TABLE t3 (id int)', 'CREATE TABLE t4 (id int)', 'CREATE TABLE t5 (id int)']);
    expect((await rows()).map(([seq, migration, state]) => [seq, migration, state])).toEqual(Array.from({ length: 5 }, (_, i) => [i + 1, id(i + 1), 'applied']));
  });

  for (let dieAfter = 1; dieAfter <= 14; dieAfter++) {
    it(`a connection lost after ${dieAfter} items of the round trip: the next run finishes, every statement once`, async () => {
      for (let n = 1; n <= 4; n++) folder.add(id(n), `CREATE TABLE t${n} (id int);\nINSERT INTO t${n} VALUES (${n});`);
      const first = await run((m) => m.migrate(), { stepsPerRoundTrip: 4, dieAfter });
      expect(first.outcome).toBe('failed');
      expect(['CONNECTION_LOST', 'OUTCOME_UNKNOWN']).toContain(first.error?.code);
      const done = first.steps.filter((step) => step.status === 'done').length;
      expect((await rows()).slice(0, done).every(([, , state]) => state === 'applied')).toBe(true);
      const next = await run((m) => m.migrate(), { stepsPerRoundTrip: 4 });
      expect(next.outcome).toBe('done');
      for (let n = 1; n <= 4; n++) {
        expect(server.executed.filter((sql) => sql === `CREATE TABLE t${n} (id int)`)).toHaveLength(1);
        expect(server.executed.filter((sql) => sql === `INSERT INTO t${n} VALUES (${n})`)).toHaveLength(1);
      }
      expect((await rows()).map(([seq, migration, state, statementsDone]) => [seq, migration, state, statementsDone])).toEqual(Array.from({ length: 4 }, (_, i) => [i + 1, id(i + 1), 'applied', 2]));
    });
  }

  it('a stop requested while a round trip is on its way takes effect at the next stop point: recorded there, resumed there', async () => {
    for (let n = 1; n <= 3; n++) folder.add(id(n), `CREATE TABLE t${n} (id int);`);
    server.requestStop();
    const report = await run((m) => m.migrate());
    expect(report.error).toMatchObject({ code: 'INTERRUPTED', migrationId: id(1) });
    expect(report.steps.map((step) => [step.id, step.status])).toEqual([[id(1), 'failed'], [id(2), 'not-run'], [id(3), 'not-run']]);
    expect(server.executed).toEqual([]);
  });

  it('a stop that takes effect inside the round trip: those before applied, that one recorded before its statement, then resumed there', async () => {
    for (let n = 1; n <= 3; n++) folder.add(id(n), `CREATE TABLE t${n} (id int);`);
    // The three rows go first (they share their ledger writes), then each migration's stop point and statement,
    // the completions last: the third stop point (item 8) stops.
    server.requestStop({ afterItems: 7 });
    const report = await run((m) => m.migrate());
    expect(migrationsPerRoundTrip()).toEqual([[id(1), id(2), id(3)]]);
    expect(report.error).toMatchObject({ code: 'INTERRUPTED', migrationId: id(3) });
    expect(report.steps.map((step) => [step.id, step.status])).toEqual([[id(1), 'done'], [id(2), 'done'], [id(3), 'failed']]);
    expect(await rows()).toEqual([[1, id(1), 'applied', 1], [2, id(2), 'applied', 1], [3, id(3), 'failed', 0]]);
    expect((await server.ledger.list())[2]?.error).toBe('stopped on request before statement 1 of 1 (CREATE TABLE, services/first/migrations/20260303000000_m3/up.sql:1)');
    server.cancelStop();
    const again = await run((m) => m.migrate());
    expect(again.steps.map((step) => [step.id, step.status, step.resumedAt])).toEqual([[id(3), 'done', 1]]);
    expect(server.executed).toEqual(['CREATE TABLE t1 (id int)', 'CREATE TABLE t2 (id int)', 'CREATE TABLE t3 (id int)']);
  });

  it('a stop asked for between round trips: what waited is not sent, and the report says where it stopped', async () => {
    for (let n = 1; n <= 4; n++) folder.add(id(n), `CREATE TABLE t${n} (id int);`);
    const stop = new AbortController();
    const onEvent = (event: MigrateEvent) => {
      if (event.type === 'step-done') stop.abort();
    };
    const report = await run((m) => m.migrate(), { stepsPerRoundTrip: 2, signal: stop.signal, onEvent });
    expect(report.error).toMatchObject({ code: 'INTERRUPTED' });
    expect(report.error?.message).toBe(`Stopped on request after 2 of 4 migrations, before ${id(3)}; the rest were not run.`);
    expect(report.steps.map((step) => [step.id, step.status])).toEqual([[id(1), 'done'], [id(2), 'done'], [id(3), 'not-run'], [id(4), 'not-run']]);
    expect((await rows()).map(([, migration]) => migration)).toEqual([id(1), id(2)]);
  });

  it('a stop asked for during a round trip: a migration that goes alone after it is not sent', async () => {
    folder.add(id(1), 'CREATE TABLE t1 (id int);');
    folder.add(id(2), 'CREATE TABLE t2 (id int);');
    folder.add(id(3), 'SET @x = 1;\nCREATE TABLE t3 (id int);');
    const stop = new AbortController();
    const onEvent = (event: MigrateEvent) => {
      if (event.type === 'step-done') stop.abort();
    };
    const report = await run((m) => m.migrate(), { stepsPerRoundTrip: 4, signal: stop.signal, onEvent });
    expect(report.error?.message).toBe(`Stopped on request after 2 of 3 migrations, before ${id(3)}; the rest were not run.`);
    expect(migrationsPerRoundTrip()).toEqual([[id(1), id(2)]]);
    expect((await rows()).map(([, migration]) => migration)).toEqual([id(1), id(2)]);
  });

  it('sends no round trip after one that failed, and the next run goes on from the last position written', async () => {
    for (let n = 1; n <= 7; n++) folder.add(id(n), n === 3 ? 'CREATE TABLE t3 (id int);\nINSERT INTO nowhere VALUES (1);' : `CREATE TABLE t${n} (id int);`);
    const report = await run((m) => m.migrate(), { stepsPerRoundTrip: 2 });
    expect(report.outcome).toBe('failed');
    expect(report.error).toMatchObject({ migrationId: id(3), statement: 2 });
    expect(migrationsPerRoundTrip()).toEqual([[id(1), id(2)], [id(3), id(4)]]);
    expect(report.steps.map((step) => step.status)).toEqual(['done', 'done', 'failed', 'not-run', 'not-run', 'not-run', 'not-run']);
    expect((await rows()).map(([seq, migration, state]) => [seq, migration, state])).toEqual([[1, id(1), 'applied'], [2, id(2), 'applied'], [3, id(3), 'failed']]);
    server.tables.add('nowhere');
    const again = await run((m) => m.migrate(), { stepsPerRoundTrip: 2 });
    expect(again.outcome).toBe('done');
    // Positions handed to steps prepared but never sent were never written: the next run goes on from 4.
    expect((await rows()).map(([seq, migration]) => [seq, migration])).toEqual(Array.from({ length: 7 }, (_, i) => [i + 1, id(i + 1)]));
  });

  it('keeps each round trip under the byte cap', async () => {
    const blob = 'x'.repeat(150_000);
    for (let n = 1; n <= 6; n++) folder.add(id(n), `CREATE TABLE t${n} (id int, body text);\nINSERT INTO t${n} VALUES (1, '${blob}');`);
    const report = await run((m) => m.migrate(), { stepsPerRoundTrip: 6 });
    expect(report.outcome).toBe('done');
    expect(server.roundTrips.length).toBeGreaterThan(1);
    expect(server.roundTrips.length).toBeLessThan(6);
    // The fake sizes an item as its JSON.
    for (const items of server.roundTrips) expect(items.reduce((sum, item) => sum + JSON.stringify(item).length, 0)).toBeLessThanOrEqual(BATCH_BYTES);
    expect(migrationsPerRoundTrip().flat()).toEqual(Array.from({ length: 6 }, (_, i) => id(i + 1)));
  });
});

describe('migrations sent together share their ledger writes', () => {
  /** The kinds of the top-level items of round trip `n`: the writes of an atomic item in brackets. */
  const shape = (n: number) => server.roundTrips[n]!.map((item) => ('atomic' in item ? `[${item.atomic.map((inner) => ('ledgerWrite' in inner ? inner.ledgerWrite.kind : 'statement')).join(' ')}]`
    : 'ledgerWrite' in item ? item.ledgerWrite.kind : 'checkpoint' in item ? `stop${item.mark === undefined ? '' : `@${item.mark}`}` : 'statement'));

  it('rows first in one transaction, completions last in one, each row timed from its own stop point', async () => {
    for (let n = 1; n <= 3; n++) folder.add(id(n), `CREATE TABLE t${n} (id int);`);
    folder.add(id(4), 'CREATE TABLE t4 (id int);\nCREATE INDEX i4 ON t4 (id);');
    const report = await run((m) => m.migrate(), { stepsPerRoundTrip: 4 });
    expect(report.outcome).toBe('done');
    expect(shape(0)).toEqual(['[begin begin begin begin]', 'stop@t0', 'statement', 'stop@t1', 'statement', 'stop@t2', 'statement',
      'stop@t3', 'statement', 'progress', 'stop', 'statement', '[complete complete complete complete]']);
    const ledger = await server.ledger.list();
    expect(ledger.map((row) => [row.id, row.state, row.durationMs])).toEqual([[id(1), 'applied', 10], [id(2), 'applied', 10], [id(3), 'applied', 10], [id(4), 'applied', 20]]);
    // Each row starts when its migration did, not when the round trip did.
    expect(ledger.map((row) => row.startedAt.getTime() - ledger[0]!.startedAt.getTime())).toEqual([0, 10, 20, 30]);
    expect(report.steps.map((step) => step.durationMs)).toEqual([10, 10, 10, 20]);
  });

  it('each migration writes its own when two name the same table, a DDL names a view, one writes data, or the server has no atomic DDL', async () => {
    folder.add(id(1), 'CREATE TABLE a (id int);');
    folder.add(id(2), 'ALTER TABLE a ADD COLUMN b int;');
    await run((m) => m.migrate());
    expect(shape(0)[0]).toBe('begin');
    expect((await rows()).map(([, , state]) => state)).toEqual(['applied', 'applied']);
    folder.add(id(3), 'CREATE TABLE c (id int);');
    folder.add(id(4), 'CREATE VIEW v AS SELECT 1;');
    await run((m) => m.migrate());
    expect(shape(1)[0]).toBe('begin');
    folder.add(id(5), 'CREATE TABLE e (id int);');
    folder.add(id(6), 'CREATE TABLE f (id int);');
    await run((m) => m.migrate(), { inspector: { ...server.inspector, flavor: async () => ({ family: 'mysql', version: 50744 }) } });
    expect(shape(2)[0]).toBe('begin');
    // A data statement could write to a table whose DDL ran before it in the round trip (a TRUNCATE proven not
    // to have taken effect would run again after it).
    folder.add(id(7), 'TRUNCATE TABLE e;');
    folder.add(id(8), 'CREATE TABLE h (id int);\nINSERT INTO e VALUES (1);');
    await run((m) => m.migrate());
    expect(shape(3)[0]).toBe('begin');
    expect((await rows()).map(([, , state]) => state)).toEqual(Array.from({ length: 8 }, () => 'applied'));
  });

  it('a failure in a migration: those before it completed, its row failed, the rows of those after it removed', async () => {
    for (let n = 1; n <= 4; n++) folder.add(id(n), n === 2 ? 'CREATE TABLE t2 (id int);\nCREATE TABLE t2b (x nope);' : `CREATE TABLE t${n} (id int);`);
    server.failOn('nope');
    const report = await run((m) => m.migrate(), { stepsPerRoundTrip: 4 });
    expect(report.steps.map((step) => [step.id, step.status])).toEqual([[id(1), 'done'], [id(2), 'failed'], [id(3), 'not-run'], [id(4), 'not-run']]);
    expect(await rows()).toEqual([[1, id(1), 'applied', 1], [2, id(2), 'failed', 1]]);
    expect((await server.ledger.list())[0]?.durationMs).toBe(10);
    server.clearFailures();
    const again = await run((m) => m.migrate(), { stepsPerRoundTrip: 4 });
    expect(again.steps.map((step) => [step.id, step.statementsRun, step.resumedAt])).toEqual([[id(2), 1, 2], [id(3), 1, undefined], [id(4), 1, undefined]]);
    expect(server.executed).toEqual(['CREATE TABLE t1 (id int)', 'CREATE TABLE t2 (id int)', 'CREATE TABLE t2b (x nope)', 'CREATE TABLE t3 (id int)', 'CREATE TABLE t4 (id int)']);
  });

  it('a stop in the round trip: those before it completed, it recorded before its statement, the rows after it removed', async () => {
    for (let n = 1; n <= 4; n++) folder.add(id(n), `CREATE TABLE t${n} (id int);`);
    // Four rows, then stop and statement of each: the second stop point is item 6.
    server.requestStop({ afterItems: 5 });
    const report = await run((m) => m.migrate(), { stepsPerRoundTrip: 4 });
    expect(report.error).toMatchObject({ code: 'INTERRUPTED', migrationId: id(2) });
    expect(await rows()).toEqual([[1, id(1), 'applied', 1], [2, id(2), 'failed', 0]]);
    server.cancelStop();
    const again = await run((m) => m.migrate(), { stepsPerRoundTrip: 4 });
    expect(again.outcome).toBe('done');
    expect(server.executed).toEqual(['CREATE TABLE t1 (id int)', 'CREATE TABLE t2 (id int)', 'CREATE TABLE t3 (id int)', 'CREATE TABLE t4 (id int)']);
  });

  it('cut off in the middle: several rows stay running, and the next run proves which ran and takes each up in order', async () => {
    for (let n = 1; n <= 4; n++) folder.add(id(n), `CREATE TABLE t${n} (id int);`);
    // Four rows, then stop and statement of each: the connection dies before the third stop point (item 9).
    const first = await run((m) => m.migrate(), { stepsPerRoundTrip: 4, dieAfter: 8 });
    expect(first.error?.code).toBe('CONNECTION_LOST');
    expect(await rows()).toEqual([[1, id(1), 'running', 0], [2, id(2), 'running', 0], [3, id(3), 'running', 0], [4, id(4), 'running', 0]]);
    // The report counts the two that ran, and says the ledger does not show them applied yet.
    expect(first.steps.map((step) => [step.id, step.status])).toEqual([[id(1), 'done'], [id(2), 'done'], [id(3), 'failed'], [id(4), 'not-run']]);
    expect(first.notes).toContain(`2 migrations (${id(1)} to ${id(2)}) ran, but the round trip was cut off (connection lost, or a server not answering) before the ledger recorded them as applied: ` +
      'the ledger shows them in progress until the next run proves that each took effect and records it.');
    const status = await run((m) => m.status());
    expect(status.dirty?.id).toBe(id(1));
    // One issue for the round trip, not one per row.
    expect(status.issues.map((issue) => [issue.code, issue.migrationId])).toEqual([['DIRTY', id(1)]]);
    expect(status.issues[0]?.message).toBe(`4 migrations sent to the server together were interrupted (the process stopped): ${id(1)} to ${id(4)} are recorded in progress.`);
    const next = await run((m) => m.migrate(), { stepsPerRoundTrip: 4 });
    expect(next.steps.map((step) => [step.id, step.status, step.statementsRun])).toEqual([[id(1), 'done', 0], [id(2), 'done', 0], [id(3), 'done', 1], [id(4), 'done', 1]]);
    expect(next.notes.filter((note) => note.includes('had taken effect before the interruption'))).toHaveLength(2);
    expect(server.executed).toEqual(['CREATE TABLE t1 (id int)', 'CREATE TABLE t2 (id int)', 'CREATE TABLE t3 (id int)', 'CREATE TABLE t4 (id int)']);
    expect((await rows()).map(([, , state, done]) => [state, done])).toEqual(Array.from({ length: 4 }, () => ['applied', 1]));
  });

  for (let dieAfter = 1; dieAfter <= 13; dieAfter++) {
    it(`a connection lost after ${dieAfter} items of a round trip of DDL: the next run finishes, every statement once`, async () => {
      for (let n = 1; n <= 3; n++) folder.add(id(n), `CREATE TABLE t${n} (id int);${n === 2 ? '\nCREATE INDEX i2 ON t2 (id);' : ''}`);
      const first = await run((m) => m.migrate(), { stepsPerRoundTrip: 3, dieAfter });
      expect(first.outcome).toBe('failed');
      const next = await run((m) => m.migrate(), { stepsPerRoundTrip: 3 });
      expect(next.outcome).toBe('done');
      for (let n = 1; n <= 3; n++) expect(server.executed.filter((sql) => sql === `CREATE TABLE t${n} (id int)`)).toHaveLength(1);
      expect(server.executed.filter((sql) => sql.startsWith('CREATE INDEX'))).toHaveLength(1);
      expect((await rows()).map(([seq, migration, state, done]) => [seq, migration, state, done])).toEqual([[1, id(1), 'applied', 1], [2, id(2), 'applied', 2], [3, id(3), 'applied', 1]]);
    });
  }
});
