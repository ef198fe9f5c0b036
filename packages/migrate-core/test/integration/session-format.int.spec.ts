import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/db.js';
import { rawSql } from '../../src/ledger/ledger-sql.js';
import { sessionFor } from './support.js';

const dbs: TestDatabase[] = [];
afterAll(async () => {
  for (const db of dbs) await db.drop();
});

// A text without values goes to the server as written (mysql2 would scan it for `?` only to return it unchanged);
// with values, placeholders are filled as mysql2 fills them, a text used many times included.
describe('a session sending SQL', () => {
  it('sends a text without values as written, and fills placeholders as mysql2 does', async () => {
    const db = await createTestDatabase('format');
    dbs.push(db);
    const session = await sessionFor(db.name);
    try {
      expect(await session.query("SELECT '?' AS `q`, '??' AS `qq` -- ?\n")).toEqual([{ q: '?', qq: '??' }]);
      await session.script(["CREATE TABLE t (a text, b double, c text)", "INSERT INTO t VALUES ('?', 1, '/* ? */')"]);
      const insert = 'INSERT INTO t (a, b, c) VALUES (?, ?, ?)';
      const rows: unknown[][] = [["it's \\ '?'", -2.5, null], ['\u00e9\u{1F600}\n\r\t\u001a"', 1e21, '??'], ['', 0, 'x']];
      for (const row of rows) await session.script([session.format(insert, row)]);
      await session.script([session.format('INSERT INTO t (a, b, c) VALUES (?, ?, ?)', [rawSql("CONCAT('r', '?')"), 3, 'y'])]);
      expect(await session.query('SELECT a, b, c FROM t')).toEqual([
        { a: '?', b: 1, c: '/* ? */' },
        ...rows.map(([a, b, c]) => ({ a, b, c })),
        { a: 'r?', b: 3, c: 'y' },
      ]);
      expect(await session.query('SELECT ? AS `v`, ? AS `w`', ['?', 7])).toEqual([{ v: '?', w: 7 }]);
    } finally {
      await session.close();
    }
  });
});
