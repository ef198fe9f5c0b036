import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, serverUrl, sql, uniqueName, type TestDatabase } from '../../../../test/support/db.js';
import { parseDatabaseUrl } from '../../src/config/database-url.js';
import { settingsOf } from '../../src/config/load.js';
import { ERRNO } from '../../src/db/server-errors.js';
import { MigrateError } from '../../src/errors.js';
import { sessionFor } from './support.js';

const dbs: TestDatabase[] = [];
afterAll(async () => {
  for (const db of dbs) await db.drop();
});
const settings = (database: string) => {
  const parsed = parseDatabaseUrl('TEST_DATABASE_URL', serverUrl());
  if (!parsed.ok) throw new Error(parsed.problem);
  return settingsOf(parsed.url, database, 'test server');
};

describe('a session reused for another database', () => {
  it('starts clean, as a new connection would: its database, no variables, no temporary tables, no locks', async () => {
    const [a, b] = [await createTestDatabase('reuse_a'), await createTestDatabase('reuse_b')];
    dbs.push(a, b);
    const first = await sessionFor(a.name);
    await first.query("SELECT GET_LOCK('reuse-test', 0) AS `got`, @leak := 1 AS `set`");
    await first.query('SET foreign_key_checks = 0');
    await first.query('CREATE TEMPORARY TABLE scratch (i int)');
    const id = await first.connectionId();
    const second = await first.reuseFor!(settings(b.name));
    try {
      expect(second.database).toBe(b.name);
      expect(await second.connectionId()).toBe(id);
      expect(await second.query('SELECT DATABASE() AS `db`, @leak AS `leak`, @@foreign_key_checks AS `fk`')).toEqual([{ db: b.name, leak: null, fk: 1 }]);
      await expect(second.query('SELECT * FROM scratch')).rejects.toMatchObject({ errno: ERRNO.ER_NO_SUCH_TABLE });
      expect(await sql(serverUrl(), "SELECT IS_USED_LOCK('reuse-test') AS `holder`")).toEqual([{ holder: null }]);
    } finally {
      await second.close();
    }
  });

  it('reports a missing database as a new session would, and creates it when asked', async () => {
    const a = await createTestDatabase('reuse_c');
    dbs.push(a);
    const missing = uniqueName('reuse_missing');
    const session = await sessionFor(a.name);
    const error = await session.reuseFor!(settings(missing)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrateError);
    expect(error).toMatchObject({ code: 'NO_DATABASE', message: expect.stringContaining(`Database \`${missing}\` does not exist`) });
    const created = await session.reuseFor!(settings(missing), { createDatabase: true });
    try {
      expect(await created.query('SELECT DATABASE() AS `db`')).toEqual([{ db: missing }]);
    } finally {
      await created.close();
      await sql(serverUrl(), `DROP DATABASE IF EXISTS \`${missing}\``);
    }
  });
});
