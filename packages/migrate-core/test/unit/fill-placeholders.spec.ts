import { escape as mysql2Escape, format as mysql2Format, type SqlValue } from 'mysql2';
import { describe, expect, it } from 'vitest';
import { fillPlaceholders } from '../../src/db/fill-placeholders.js';
import { ledgerSql, rawSql, SERVER_NOW } from '../../src/ledger/ledger-sql.js';
import type { LedgerWrite } from '../../src/ledger/ledger.js';

const format = (sql: string, values: unknown[]) => mysql2Format(sql, values as SqlValue[]);
const escape = (value: unknown) => mysql2Escape(value as SqlValue);
let calls = 0;
let texts: string[] = [];
const counted = (sql: string, values: unknown[]) => {
  calls++;
  texts.push(sql);
  return format(sql, values);
};
/** What fillPlaceholders gives, and how many times it called format. */
const fill = (sql: string, values: unknown[]) => {
  calls = 0;
  texts = [];
  const text = fillPlaceholders(sql, values, counted, escape);
  return { text, calls };
};

const VALUES: unknown[][] = [
  ['plain', 1, null], ["it's \\ a 'quote'", -2.5, 'x'], ['?', '??', 0], ['', -0, 1e21],
  ['\u00e9\u{1F600}\n\r\t\u001a"\u0000', 2 ** 53, 'NULL'], [rawSql('UTC_TIMESTAMP(3)'), SERVER_NOW, '`'],
];

// The ledger's writes, as the engine sends them: the texts this fills without format.
function ledgerWrites(): { sql: string; values: readonly unknown[] }[] {
  const sql = ledgerSql('_migrate_core_ledger', "sh`op'?");
  const pre = { index: 1, objects: [{ kind: 'table' as const, name: "t'?1" }, { kind: 'view' as const, name: 'v`2' }], wholeObjects: false };
  const writes: LedgerWrite[] = [
    { kind: 'begin', direction: 'up', id: '20260101000001_t', seq: 1, checksum: 'sha256v2:1', total: 2, by: "o'neil@host?", pre },
    { kind: 'begin', direction: 'down', id: '20260101000001_t', seq: 1, checksum: 'sha256v2:1', total: 2, by: 'x', pre: { ...pre, wholeObjects: true } },
    { kind: 'resume', id: '20260101000001_t', total: 3, by: 'y\\', done: { done: 1, doneChecksum: 'sha256v2:d' }, pre },
    { kind: 'progress', id: '20260101000001_t', done: 2, doneChecksum: 'sha256v2:e', pre },
    { kind: 'complete', direction: 'up', id: '20260101000001_t', checksum: 'sha256v2:1', done: 2, doneChecksum: 'sha256v2:f' },
    { kind: 'complete', direction: 'up', id: '20260101000002_t', checksum: 'sha256v2:2', done: 1, doneChecksum: 'sha256v2:g', span: { from: 't0', to: 't1' } },
    { kind: 'fail', id: '20260101000001_t', error: "boom 'here' ? \\n", keepPre: true },
    { kind: 'settle', id: '20260101000001_t', done: 1, doneChecksum: 'sha256v2:h', note: 'n?' },
    { kind: 'resolve', as: 'applied', id: '20260101000003_t', seq: 3, checksum: 'sha256v2:3', total: 4, at: new Date(Date.UTC(2026, 0, 2)), by: 'z' },
  ] as LedgerWrite[];
  return writes.map((write) => sql.write(write));
}

describe('fillPlaceholders: mysql2 format, placeholders of simple texts found by jumping from quote to quote', () => {
  it('gives what format gives for every write of the ledger, and fills the simple ones itself', () => {
    let filledHere = 0;
    for (const command of ledgerWrites()) {
      const { text, calls: made } = fill(command.sql, [...command.values]);
      expect(text).toBe(format(command.sql, [...command.values]));
      // format called for the raw values alone (SERVER_NOW, marks: '?'), never for the whole text.
      if (texts.every((sql) => sql === '?')) filledHere++;
      expect(made).toBe(texts.length);
    }
    // All but `resolve --applied`, whose time is a Date (left to format).
    expect(filledHere).toBe(8);
  });

  it.each([
    'SELECT ?, ?, ?',
    "SELECT '?' AS q, ? AS a, `col?` AS b, ?",
    "INSERT INTO t (a, b, c) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE a = 'x?y'",
    "SELECT 'it''s ?', ?, ?, `a``?b`, ?",
    'SELECT ? FROM t WHERE a = ? AND b = ? AND c = ?',
    'SELECT ?',
    "SELECT '?",
    "SELECT ?, '?' -- ?\n, ?, ?",
    'SELECT ?, ?? FROM t, ?',
    'SELECT "?", ?, ?, ?',
    "SELECT '\\'?', ?, ?, ?",
    'SELECT /* ? */ ?, ?, ?',
    'SELECT ? # ?\n, ?, ?',
    'SELECT 1',
  ])('gives what format gives: %s', (sql) => {
    for (const row of VALUES) for (const values of [row, row.slice(0, 1), [...row, 'extra']]) expect(fill(sql, values).text).toBe(format(sql, values));
  });

  it('leaves to format a text it does not read, or a value it does not write; fills the others alone', () => {
    for (const sql of ['SELECT "?", ?', "SELECT '\\'', ?", 'SELECT ? -- c', 'SELECT ?, ??', "SELECT '?", 'SELECT ? /* c */']) expect([sql, fill(sql, ['a']).calls]).toEqual([sql, 1]);
    expect(fill('UPDATE t SET ?', [{ a: 1 }])).toEqual({ text: format('UPDATE t SET ?', [{ a: 1 }]), calls: 1 });
    expect(fill("SELECT ?, '?', `?`, ?", ['a', 2])).toEqual({ text: "SELECT 'a', '?', `?`, 2", calls: 0 });
    expect(fill('SELECT ?, ?', [rawSql('NOW()'), null])).toEqual({ text: 'SELECT NOW(), NULL', calls: 1 });
  });

  it('agrees with format on random texts of quotes, placeholders and names', () => {
    const pieces = ['?', '??', "'", '`', '"', ' ', 'a', ',', "''", '``', '\\', '-- ', '#', '/*', '*/', '\n', '\u00e9'];
    let seed = 7;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let i = 0; i < 5000; i++) {
      let sql = '';
      for (let j = 0, n = 1 + next(12); j < n; j++) sql += pieces[next(pieces.length)];
      const values = VALUES[next(VALUES.length)]!.slice(0, next(4));
      expect([sql, fill(sql, values).text]).toEqual([sql, format(sql, values)]);
    }
  });
});
