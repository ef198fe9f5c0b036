import { beforeEach, describe, expect, it } from 'vitest';
import type { Migrator } from '../../src/engine/migrator.js';
import { createFakeServer, withFakeMigrator, type FakeServer } from '../support/fake-server.js';
import { memoryMigrations, type MemoryMigrations } from '../support/memory-fs.js';

const A = '20260301000000_a';
const B = '20260302000000_b';
const C = '20260303000000_c';

let server: FakeServer;
let folder: MemoryMigrations;
const run = <T>(body: (migrator: Migrator) => Promise<T>, options = {}) => withFakeMigrator(server, folder.source, body, options);

beforeEach(() => {
  server = createFakeServer();
  folder = memoryMigrations();
});

describe('statements refused before anything runs', () => {
  it('blocks the whole run when a later migration holds one: the earlier migrations do not run either', async () => {
    folder.add(A, 'CREATE TABLE a (id int);');
    folder.add(B, 'CREATE TABLE b (id int);');
    folder.add(C, 'INSERT INTO a VALUES (1);\nUSE elsewhere;\nSTART TRANSACTION;\nINSERT INTO a VALUES (2);');
    const report = await run((m) => m.migrate());
    expect(report.outcome).toBe('blocked');
    expect(report.issues.map((issue) => [issue.code, issue.migrationId, issue.message.split(':\n')[0]])).toEqual([
      ['REFUSED_STATEMENT', C, `services/first/migrations/${C}/up.sql:2: statement 2 (USE) would change the engine's own session; nothing of this file runs`],
      ['REFUSED_STATEMENT', C, `services/first/migrations/${C}/up.sql:3: statement 3: START TRANSACTION at line 3 is never ended by COMMIT or ROLLBACK; nothing of this file runs.`],
    ]);
    expect(report.issues[0]?.hint).toContain("a migration runs in its service's own database");
    expect(server.executed).toEqual([]);
    expect(await server.ledger.list()).toEqual([]);
  });
});

describe('the round trips of a step', () => {
  it('end after a statement whose results cannot be counted (a CALL), the next one starting with the check of its database; a stop point before each statement', async () => {
    folder.add(A, 'CREATE TABLE a (id int);\nCALL p();\nINSERT INTO a VALUES (1);');
    await run((m) => m.migrate());
    const kinds = server.roundTrips.map((items) => items.map((item) => Object.keys(item)[0]));
    expect(kinds).toEqual([
      ['ledgerWrite', 'checkpoint', 'statement', 'ledgerWrite', 'checkpoint', 'statement'],
      ['databaseCheck', 'ledgerWrite', 'checkpoint', 'atomic'],
    ]);
  });

  it('set back the session variables the migration set, after its last write; and set them again when it resumes', async () => {
    folder.add(A, 'SET foreign_key_checks = 0, @marker = 1;\nCREATE TABLE a (id int);\nINSERT INTO missing VALUES (1);');
    expect((await run((m) => m.migrate())).outcome).toBe('failed');
    expect(server.resets).toEqual([]);
    server.tables.add('missing');
    expect((await run((m) => m.migrate())).outcome).toBe('done');
    const resumed = server.roundTrips.at(-1)!;
    expect(resumed.map((item) => Object.keys(item)[0])).toEqual(['ledgerWrite', 'statement', 'checkpoint', 'atomic', 'resetSession']);
    expect(server.executed.filter((sql) => sql.startsWith('SET'))).toEqual(['SET foreign_key_checks = 0, @marker = 1', 'SET foreign_key_checks = 0, @marker = 1']);
    expect(server.resets).toEqual(['foreign_key_checks', '@marker']);
  });
});

describe('a stop requested during a run', () => {
  it('takes effect at the next stop point: the ledger records exactly the statements before it, and the next run resumes there', async () => {
    folder.add(A, 'CREATE TABLE a (id int);');
    folder.add(B, 'CREATE TABLE b (id int);');
    server.requestStop();
    const report = await run((m) => m.migrate());
    expect(report.outcome).toBe('failed');
    expect(report.error).toMatchObject({ code: 'INTERRUPTED', migrationId: A, statement: 1 });
    expect(report.error?.hint).toContain('resumes at statement 1');
    expect(await server.ledger.list()).toMatchObject([{ id: A, state: 'failed', statementsDone: 0, preIndex: null, error: expect.stringContaining('stopped on request before statement 1') }]);
    expect(server.executed).toEqual([]);
    // Status says it was stopped, and that running migrate continues: there is no cause to fix.
    const status = await run((m) => m.status());
    expect(status.issues).toMatchObject([{ code: 'DIRTY', migrationId: A, message: expect.stringContaining(`${A}: migrate was stopped on request before statement 1 of 1`) }]);
    expect(status.issues[0]?.hint).toMatch(/^Run `migrate-core migrate` to continue: it resumes at statement 1 of 1/);
    expect(status.issues[0]?.hint).not.toContain('Fix the cause');
  });

  it('between migrations, stops before the next one starts', async () => {
    folder.add(A, 'CREATE TABLE a (id int);');
    folder.add(B, 'CREATE TABLE b (id int);');
    const controller = new AbortController();
    const report = await run((m) => m.migrate(), { signal: controller.signal, onEvent: (event: { type: string }) => {
      if (event.type === 'step-done') controller.abort('SIGINT');
    } });
    expect(report.error).toMatchObject({ code: 'INTERRUPTED' });
    expect(report.error?.message).toContain(`Stopped on request after 1 of 2 migrations, before ${B}`);
    expect((await server.ledger.list()).map((row) => row.id)).toEqual([A]);
  });
});

describe('resolve --statement-done and --statement-not-done', () => {
  beforeEach(() => {
    folder.add(A, 'CREATE TABLE a (id int);\nCALL fill();\nINSERT INTO a VALUES (1);');
  });

  it('decide a CALL whose outcome is unknown: done goes on after it, not done runs it again', async () => {
    // The connection dies right after the CALL: items begin, stop point, CREATE, progress, stop point, CALL.
    await run((m) => m.migrate(), { dieAfter: 6 });
    expect(server.executed).toEqual(['CREATE TABLE a (id int)', 'CALL fill()']);
    const blocked = await run((m) => m.migrate());
    expect(blocked.outcome).toBe('blocked');
    expect(blocked.issues[0]).toMatchObject({ code: 'OUTCOME_UNKNOWN', migrationId: A });
    expect(blocked.issues[0]?.message).toContain('statement 2 of 3 (CALL, services/first/migrations/20260301000000_a/up.sql:2) is unknown');
    const status = await run((m) => m.status());
    expect(status.dirty).toMatchObject({ id: A, statement: 2, outcome: 'unknown' });
    expect(status.issues.map((issue) => issue.code)).toEqual(['OUTCOME_UNKNOWN']);

    const notDone = await run((m) => m.resolve(A, 'statement-not-done'));
    expect(notDone.notes[0]).toContain('statement 2 (CALL, services/first/migrations/20260301000000_a/up.sql:2) recorded as not done by hand');
    expect((await run((m) => m.migrate())).outcome).toBe('done');
    expect(server.executed.filter((sql) => sql === 'CALL fill()')).toHaveLength(2);
  });

  it('--statement-done records it done without running it', async () => {
    await run((m) => m.migrate(), { dieAfter: 6 });
    expect((await run((m) => m.resolve(A, 'statement-done'))).outcome).toBe('done');
    expect((await run((m) => m.migrate())).outcome).toBe('done');
    expect(server.executed).toEqual(['CREATE TABLE a (id int)', 'CALL fill()', 'INSERT INTO a VALUES (1)']);
  });

  it('do nothing when no statement is in doubt', async () => {
    expect((await run((m) => m.migrate())).outcome).toBe('done');
    const report = await run((m) => m.resolve(A, 'statement-done'));
    expect(report.outcome).toBe('noop');
    expect(report.notes[0]).toContain('no statement is in doubt');
  });
});
