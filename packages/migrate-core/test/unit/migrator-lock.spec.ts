import { beforeEach, describe, expect, it } from 'vitest';
import type { MigrateEvent } from '../../src/engine/executor.js';
import type { Migrator } from '../../src/engine/migrator.js';
import { LockTimeoutError } from '../../src/errors.js';
import type { MigrationSource } from '../../src/repository/source.js';
import { createFakeServer, withFakeMigrator, type FakeServer } from '../support/fake-server.js';
import { AUDIT, ORDERS, threeMigrations, USERS, type MemoryMigrations } from '../support/memory-fs.js';

const [A, B, C] = [USERS, ORDERS, AUDIT];

let server: FakeServer;
let folder: MemoryMigrations;
const run = <T>(body: (migrator: Migrator) => Promise<T>, options = {}, source: MigrationSource = folder.source) =>
  withFakeMigrator(server, source, body, options);

beforeEach(() => {
  server = createFakeServer();
  folder = threeMigrations();
});

describe('the lock around a run', () => {
  it('is busy: after one wait event, LockTimeoutError naming the holder; nothing read or run', async () => {
    const other = server.connect();
    await other.lock.acquire(0);
    const events: MigrateEvent[] = [];
    const attempt = run((m) => m.migrate(), { onEvent: (event: MigrateEvent) => events.push(event) });
    await expect(attempt).rejects.toThrow(LockTimeoutError);
    await expect(attempt).rejects.toThrow(`held by server connection ${other.lock.connectionId}`);
    expect(events).toEqual([{ type: 'lock-wait', database: 'fake', holder: other.lock.connectionId, timeoutSeconds: 0 }]);
    expect(server.roundTrips).toEqual([]);
    await expect(server.ledger.list()).resolves.toEqual([]);
  });

  it('is waited for, within the timeout, and the run goes on once the holder lets go', async () => {
    const other = server.connect();
    const release = await other.lock.acquire(0);
    const report = await run((m) => m.migrate(), { lockTimeoutSeconds: 30, onEvent: (event: MigrateEvent) => event.type === 'lock-wait' && void release() });
    expect(report.outcome).toBe('done');
  });

  it('is released when the run throws', async () => {
    const broken: MigrationSource = { ...folder.source, load: async () => { throw new Error('the disk went away'); } };
    const other = server.connect();
    await withFakeMigrator(server, broken, async (m) => {
      await expect(m.migrate()).rejects.toThrow('the disk went away');
      // Still on the same connection: the migrator let go itself.
      expect(await other.lock.holder()).toBeNull();
    });
    await other.lock.acquire(0);
  });

  it('is reported by status while another run holds it, with the migration in progress', async () => {
    const runner = server.connect();
    await runner.lock.acquire(0);
    await runner.ledger.prepare();
    await runner.ledger.begin({ direction: 'up', id: A, seq: 1, checksum: 'sha256:x', total: 1, by: 'other' });
    const status = await run((m) => m.status());
    expect(status.lockedBy).toBe(runner.lock.connectionId);
    expect(status.dirty).toMatchObject({ id: A, error: 'in progress', state: 'running' });
    expect(status.issues.map((issue) => issue.code)).toEqual(['IN_PROGRESS']);
  });
});

describe('a stop on request', () => {
  it('finishes the current migration, runs no other, and the next run goes on', async () => {
    const controller = new AbortController();
    const stopAfterFirst = (event: MigrateEvent) => event.type === 'step-done' && controller.abort();
    const stopped = await run((m) => m.migrate(), { signal: controller.signal, onEvent: stopAfterFirst });
    expect(stopped.outcome).toBe('failed');
    expect(stopped.error).toMatchObject({ code: 'INTERRUPTED', hint: 'Run `migrate-core migrate` again to continue.' });
    expect(stopped.steps.map((step) => [step.id, step.status])).toEqual([[A, 'done'], [B, 'not-run'], [C, 'not-run']]);
    expect((await server.ledger.list()).map((row) => row.id)).toEqual([A]);
    expect((await run((m) => m.migrate())).steps.map((step) => step.id)).toEqual([B, C]);
  });
});
