import { escape as mysql2Escape, format as mysql2Format, type SqlValue } from 'mysql2';
import { describe, expect, it } from 'vitest';
import { cachedFormat } from '../../src/db/format-cache.js';
import { ledgerSql, rawSql, SERVER_NOW } from '../../src/ledger/ledger-sql.js';

const format = (sql: string, values: unknown[]) => mysql2Format(sql, values as SqlValue[]);
const escape = (value: unknown) => mysql2Escape(value as SqlValue);

describe('cachedFormat: mysql2 format, each text split at its placeholders once', () => {
  const values: unknown[][] = [
    ['plain', 1, null], ['', 0, -0], [1e21, 0.1, Number.NaN], ['\u00e9\u{1F600}\n\r\t\u001a"', 2 ** 53, 'NULL'], ["it's \\ a 'quote'", -2.5, true], ['?', '??', 0], [new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 6)), Buffer.from('ab'), [1, 'x']],
    [rawSql('UTC_TIMESTAMP(3)'), SERVER_NOW, '\u0000'],
  ];
  it.each([
    'SELECT ?, ?, ?',
    "SELECT '?' AS q, ? AS a, `col?` AS b, ? /* ? */, ? -- ?\n",
    "INSERT INTO t (a, b, c) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE a = 'x?y'",
  ])('gives what format gives, every time: %s', (sql) => {
    const cached = cachedFormat(format, escape);
    for (const row of values) for (let again = 0; again < 2; again++) expect(cached(sql, row)).toBe(format(sql, row));
  });

  it('gives what format gives for the ledger writes the engine repeats, a pre-state signature included', () => {
    const sql = ledgerSql('_migrate_core_ledger', 'shop');
    const cached = cachedFormat(format, escape);
    for (let n = 1; n <= 3; n++) {
      const write = sql.write({ kind: 'begin', direction: 'up', id: `2026010100000${n}_t`, seq: n, checksum: `sha256v2:${n}`, total: 1, by: "o'neil@host",
        pre: { index: 1, objects: [{ kind: 'table', name: `t'${n}` }], wholeObjects: true } });
      expect(cached(write.sql, [...write.values])).toBe(format(write.sql, [...write.values]));
    }
  });

  it('falls back to format for a text it cannot split, or a count of values other than its placeholders', () => {
    const cached = cachedFormat(format, escape);
    expect(cached('SELECT ?, ?', ['a'])).toBe(format('SELECT ?, ?', ['a']));
    expect(cached('SELECT ?, ?', ['a', 'b'])).toBe(format('SELECT ?, ?', ['a', 'b']));
    expect(cached('SELECT ?, ?', ['a', 'b', 'c'])).toBe(format('SELECT ?, ?', ['a', 'b', 'c']));
    expect(cached('SELECT ??, ?', ['t', 'b'])).toBe(format('SELECT ??, ?', ['t', 'b']));
    expect(cached('SELECT \u0000?', ['a'])).toBe(format('SELECT \u0000?', ['a']));
  });
});
