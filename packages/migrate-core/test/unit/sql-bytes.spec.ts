import { describe, expect, it } from 'vitest';
import { checksumOf } from '../../src/checksum.js';
import { MigrateError } from '../../src/errors.js';
import { canonicalSql, fileChecksumV2, prefixChecksumsV2, verifyFileChecksum } from '../../src/sql/checksum.js';
import { decodeSqlFile } from '../../src/sql/decode.js';
import { SqlDecodeError } from '../../src/sql/errors.js';
import { scanStatements, statementsOf } from '../../src/sql/scan.js';

const bytes = (text: string) => new TextEncoder().encode(text);
const v2 = (text: string) => fileChecksumV2(bytes(text), 'up.sql');

describe('decodeSqlFile', () => {
  it('decodes strict UTF-8 and drops a byte-order mark', () => {
    expect(decodeSqlFile(bytes('\uFEFFSELECT \'café\';'), 'up.sql')).toBe("SELECT 'café';");
  });

  it.each([
    ['a Latin-1 byte', [...bytes('-- x\nSELECT \'caf'), 0xe9, ...bytes("';")], 2, 12, 'e9'],
    ['a truncated sequence', [...bytes('SELECT 1;\r\nSELECT \'€'), 0xe2, 0x82, ...bytes("';")], 2, 10, 'e2 82'],
    ['an overlong encoding', [0xc0, 0xaf], 1, 1, 'c0'],
    ['a surrogate', [...bytes('ab'), 0xed, 0xa0, 0x80], 1, 3, 'ed'],
    ['a byte after a BOM', [0xef, 0xbb, 0xbf, ...bytes('é'), 0xff], 1, 2, 'ff'],
  ])('%s is an error naming the file, line, column and bytes', (_name, input, line, col, hex) => {
    const error = (() => {
      try {
        decodeSqlFile(Uint8Array.from(input), 'services/a/up.sql');
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(SqlDecodeError);
    expect(error).toBeInstanceOf(MigrateError);
    expect(error).toMatchObject({ file: 'services/a/up.sql', line, col, bytes: hex, message: `services/a/up.sql:${line}:${col}: not valid UTF-8 (bytes ${hex})` });
  });
});

describe('checksum v2', () => {
  const base = "CREATE TABLE t (\n  id int, -- the key\n  note text DEFAULT 'a  b'\n);\nINSERT INTO t VALUES (1, 'x\r\ny');\n";

  it('is algorithm-prefixed and versioned', () => {
    expect(v2(base)).toMatch(/^sha256v2:[0-9a-f]{64}$/);
  });

  it.each([
    ['re-indented', "CREATE TABLE t (\n    id int, -- the key\n\tnote text DEFAULT 'a  b'\n  );\n  INSERT INTO t VALUES (1, 'x\r\ny');"],
    ['with trailing spaces and blank lines', "\n\nCREATE TABLE t (  \n  id int, -- the key   \n  note text DEFAULT 'a  b'\n);\n\n\nINSERT INTO t VALUES (1, 'x\r\ny');   \n"],
    ['checked out with CRLF outside literals', base.replace(/\n/g, '\r\n').replace("'x\r\r\ny'", "'x\r\ny'")],
    ['with a BOM', `\uFEFF${base}`],
    ['with directive lines', `-- migrate-core: allow-data-loss\n${base.replace('INSERT', '-- migrate-core: allow-data-loss\n  -- migrate-core: another\nINSERT')}`],
  ])('does not change when the file is %s', (_name, variant) => {
    expect(v2(variant)).toBe(v2(base));
  });

  it.each([
    ['a literal', base.replace("'a  b'", "'a b'")],
    ['a CR inside a literal', base.replace("'x\r\ny'", "'x\ny'")],
    ['a keyword', base.replace('int,', 'bigint,')],
    ["a keyword's case", base.replace('INSERT', 'insert')],
    ['a comment', base.replace('the key', 'the primary key')],
    ['a directive-looking comment after code on its line', base.replace(');', '); -- migrate-core: allow-data-loss')],
    ['a quoted identifier', base.replace('TABLE t', 'TABLE `t`')],
  ])('changes with %s', (_name, variant) => {
    expect(v2(variant)).not.toBe(v2(base));
  });

  it('reads executable comments as code whatever the server, so their content counts like any SQL', () => {
    expect(v2('/*M!100100 SET @a = 1 */;')).toBe(v2('/*M!100100   SET @a = 1\n*/;'));
    expect(v2("/*!80000 SET @a = 'x' */;")).not.toBe(v2("/*!80000 SET @a = 'x ' */;"));
    expect(canonicalSql('/*!50003   CREATE*/  /* a\n   comment */ x')).toBe('/*!50003 CREATE*/ /* a comment */ x');
  });

  it('names the file when the file cannot be read', () => {
    expect(() => fileChecksumV2(bytes("SELECT 'open"), 'up.sql')).toThrow("up.sql:1:8: unterminated string: this ' is never closed");
    expect(() => fileChecksumV2(Uint8Array.from([0xff]), 'up.sql')).toThrow('up.sql:1:1: not valid UTF-8 (bytes ff)');
  });
});

describe('verifyFileChecksum', () => {
  it('verifies the first format exactly as checksum.ts computes it', () => {
    const body = 'CREATE TABLE t (id int);\r\n';
    const stored = checksumOf(body);
    expect(stored).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(verifyFileChecksum(stored, bytes(body), 'up.sql')).toBe(true);
    expect(verifyFileChecksum(stored, bytes(`\uFEFF${body.replace('\r\n', '\n')}  \n`), 'up.sql')).toBe(true);
    expect(verifyFileChecksum(stored, bytes('CREATE TABLE t (id  int);'), 'up.sql')).toBe(false);
  });

  it('keeps the first format byte for byte: invalid UTF-8 reads as U+FFFD there, as Node read it', () => {
    const latin1 = Uint8Array.from([...bytes("SELECT 'caf"), 0xe9, ...bytes("';")]);
    expect(verifyFileChecksum(checksumOf("SELECT 'caf\uFFFD';"), latin1, 'up.sql')).toBe(true);
  });

  it('verifies v2 by v2', () => {
    const stored = v2('SELECT 1;');
    expect(verifyFileChecksum(stored, bytes('  SELECT 1 ;'.replace(' ;', ';')), 'up.sql')).toBe(true);
    expect(verifyFileChecksum(stored, bytes('SELECT 2;'), 'up.sql')).toBe(false);
  });

  it('refuses a format it does not know, instead of calling the file edited', () => {
    expect(() => verifyFileChecksum('sha512v9:abc', bytes('SELECT 1;'), 'up.sql')).toThrow(/format this version does not know/);
  });
});

describe('prefixChecksumsV2', () => {
  const statementsIn = (text: string) => statementsOf(scanStatements(text));
  it('has one element per prefix, the first for no statement', () => {
    const prefixes = prefixChecksumsV2(statementsIn('SELECT 1; SELECT 2; SELECT 3;'));
    expect(prefixes).toHaveLength(4);
    expect(new Set(prefixes).size).toBe(4);
    expect(prefixes.every((p) => p.startsWith('sha256v2:'))).toBe(true);
  });

  it('keeps the elements of unchanged statements when a later one changes, or the layout does', () => {
    const a = prefixChecksumsV2(statementsIn('SELECT 1;\nSELECT 2;\nSELECT 3;'));
    const b = prefixChecksumsV2(statementsIn('-- migrate-core: allow-data-loss\r\nSELECT   1;\r\nSELECT 2;\r\nSELECT 33;'));
    expect(b.slice(0, 3)).toEqual(a.slice(0, 3));
    expect(b[3]).not.toBe(a[3]);
  });

  it('counts statement boundaries', () => {
    expect(prefixChecksumsV2([{ sql: 'SELECT 1' }, { sql: 'SELECT 2' }])[2]).not.toBe(prefixChecksumsV2([{ sql: 'SELECT 1 SELECT' }, { sql: '2' }])[2]);
  });
});
