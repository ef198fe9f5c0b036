import { describe, expect, it } from 'vitest';
import { BATCH_BYTES } from '../../src/engine/batches.js';
import { createFakeServer, withFakeMigrator } from '../support/fake-server.js';
import { memoryMigrations } from '../support/memory-fs.js';

const ID = '20260301000000_large';

describe('round trips of a step', () => {
  it('splits a step bigger than the cap, keeps each round trip under it, and runs every statement once', async () => {
    const server = createFakeServer();
    const folder = memoryMigrations();
    const blob = 'x'.repeat(200_000);
    const inserts = Array.from({ length: 6 }, (_, i) => `INSERT INTO blobs VALUES (${i + 1}, '${blob}');`);
    folder.add(ID, ['CREATE TABLE blobs (id int, body text);', ...inserts].join('\n'));
    const report = await withFakeMigrator(server, folder.source, (m) => m.migrate());
    expect(report.outcome).toBe('done');
    expect(server.roundTrips.length).toBeGreaterThan(2);
    // The fake sizes an item as its JSON.
    for (const items of server.roundTrips) expect(items.reduce((sum, item) => sum + JSON.stringify(item).length, 0)).toBeLessThanOrEqual(BATCH_BYTES);
    expect(server.executed).toHaveLength(7);
    expect(await server.ledger.list()).toMatchObject([{ id: ID, state: 'applied', statementsDone: 7 }]);
  });

  it('locates a failure in a later round trip by the statements the ledger records as done', async () => {
    const server = createFakeServer();
    const folder = memoryMigrations();
    const blob = 'x'.repeat(300_000);
    folder.add(ID, `CREATE TABLE blobs (id int, body text);\nINSERT INTO blobs VALUES (1, '${blob}');\nINSERT INTO blobs VALUES (2, '${blob}');\nINSERT INTO nowhere VALUES (3);`);
    const report = await withFakeMigrator(server, folder.source, (m) => m.migrate());
    expect(server.roundTrips.length).toBeGreaterThan(1);
    expect(report.error).toMatchObject({ statement: 4, line: 4 });
    expect(await server.ledger.list()).toMatchObject([{ state: 'failed', statementsDone: 3 }]);
  });
});
