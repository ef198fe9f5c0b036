import { describe, expect, it } from 'vitest';
import { SqlLexError } from '../../src/sql/errors.js';
import type { Flavor } from '../../src/sql/flavor.js';
import { Lexer, tokenize, type LexOptions } from '../../src/sql/lexer.js';

const kinds = (text: string, options: LexOptions = {}) => tokenize(text, options).filter((t) => t.kind !== 'space').map((t) => [t.kind, t.text]);
const MYSQL: Flavor = { family: 'mysql', version: 80036 };
const MARIADB: Flavor = { family: 'mariadb', version: 101100 };

describe('lexer', () => {
  it.each([
    ["'it''s'", [['string', "'it''s'"]]],
    ["'it\\'s'", [['string', "'it\\'s'"]]],
    ["'a\\\\''b' c", [['string', "'a\\\\''b'"], ['word', 'c']]],
    ["'\\'' x '\\\\'", [['string', "'\\''"], ['word', 'x'], ['string', "'\\\\'"]]],
    ['"say ""hi"""', [['string', '"say ""hi"""']]],
    ['`a``b`', [['quoted-ident', '`a``b`']]],
    ['`a\\`', [['quoted-ident', '`a\\`']]],
    ['-- note', [['line-comment', '-- note']]],
    ['--\tnote', [['line-comment', '--\tnote']]],
    ['--', [['line-comment', '--']]],
    ['1--1', [['number', '1'], ['symbol', '-'], ['symbol', '-'], ['number', '1']]],
    ['# note', [['line-comment', '# note']]],
    ['/* a\nb */', [['block-comment', '/* a\nb */']]],
    ['/*+ BKA(t) */', [['hint', '/*+ BKA(t) */']]],
    ['--> statement-breakpoint', [['breakpoint', '--> statement-breakpoint']]],
    ['@x := @@session.sql_mode', [['variable', '@x'], ['symbol', ':='], ['variable', '@@session.sql_mode']]],
    ["@'quoted'", [['symbol', '@'], ['string', "'quoted'"]]],
    ['caf\u00e9_1 $x', [['word', 'caf\u00e9_1'], ['word', '$x']]],
    ['12ab 007 x9 9\u00e9 \u00e91', [['word', '12ab'], ['number', '007'], ['word', 'x9'], ['word', '9\u00e9'], ['word', '\u00e91']]],
    ['a\v\fb\t\r\nc', [['word', 'a'], ['word', 'b'], ['word', 'c']]],
    ['x:=1 a:b*/', [['word', 'x'], ['symbol', ':='], ['number', '1'], ['word', 'a'], ['symbol', ':'], ['word', 'b'], ['symbol', '*'], ['symbol', '/']]],
  ])('%j', (text, expected) => {
    expect(kinds(text)).toEqual(expected);
  });

  it('ends a word where a delimiter made of word characters starts, and nowhere else', () => {
    const read = (text: string, delimiter: string) => {
      const lexer = new Lexer(text);
      const tokens: string[] = [];
      while (!lexer.atEnd) tokens.push(`${lexer.next(delimiter).kind}:${lexer.position.offset}`);
      return tokens;
    };
    expect(read('END$$ x', '$$')).toEqual(['word:3', 'delimiter:5', 'space:6', 'word:7']);
    expect(read('a$b$$', '$$')).toEqual(['word:3', 'delimiter:5']);
    expect(read('END// x', '//')).toEqual(['word:3', 'delimiter:5', 'space:6', 'word:7']);
    expect(read('ENDGO', 'GO')).toEqual(['word:3', 'delimiter:5']);
  });

  it('knows NO_BACKSLASH_ESCAPES and ANSI_QUOTES', () => {
    expect(kinds("'C:\\' x", { backslashEscapes: false })).toEqual([['string', "'C:\\'"], ['word', 'x']]);
    expect(kinds('"a b"', { ansiQuotes: true })).toEqual([['quoted-ident', '"a b"']]);
    expect(kinds('"a\\" "b"', { ansiQuotes: true })).toEqual([['quoted-ident', '"a\\"'], ['quoted-ident', '"b"']]);
  });

  it('gives each token its offset, line and column; CR, LF and CRLF each end a line', () => {
    const tokens = tokenize("a\r\nb\rc\nd 'x\r\ny' e").filter((t) => t.kind !== 'space');
    expect(tokens.map((t) => [t.text, t.offset, t.line, t.col])).toEqual([
      ['a', 0, 1, 1], ['b', 3, 2, 1], ['c', 5, 3, 1], ['d', 7, 4, 1], ["'x\r\ny'", 9, 4, 3], ['e', 16, 5, 4],
    ]);
  });

  it('reads executable comments as code, with their version, when the server runs them', () => {
    const tokens = tokenize('/*!50003 CREATE*/ /*M!100100 x */', { flavor: MARIADB }).filter((t) => t.kind !== 'space');
    expect(tokens.map((t) => [t.kind, t.text, t.comment?.version ?? null, t.comment?.mariadbOnly ?? null])).toEqual([
      ['exec-open', '/*!50003', 50003, false], ['word', 'CREATE', null, null], ['exec-close', '*/', null, null],
      ['exec-open', '/*M!100100', 100100, true], ['word', 'x', null, null], ['exec-close', '*/', null, null],
    ]);
  });

  it.each([
    ['/*M!100100 x */', MYSQL, 'exec-skipped'],
    ['/*M! x */', MYSQL, 'exec-skipped'],
    ['/*M!100100 x */', MARIADB, 'exec-open'],
    ['/*M!101101 x */', MARIADB, 'exec-skipped'],
    ['/*!80000 x */', MARIADB, 'exec-skipped'],
    ['/*!80000 x */', MYSQL, 'exec-open'],
    ['/*!80037 x */', MYSQL, 'exec-skipped'],
    ['/*!50699 x */', MARIADB, 'exec-open'],
    ['/*!50700 x */', MARIADB, 'exec-skipped'],
    ['/*M!50700 x */', MARIADB, 'exec-open'],
    ['/*! x */', MYSQL, 'exec-open'],
  ] as const)('%s on %j: %s', (text, flavor, kind) => {
    expect(tokenize(text, { flavor })[0]!.kind).toBe(kind);
  });

  it('reads up to 6 version digits on MariaDB and 5 on MySQL; fewer than 5 digits are content', () => {
    expect(tokenize('/*!100100 x */', { flavor: MARIADB })[0]!.comment?.version).toBe(100100);
    expect(tokenize('/*!100100 x */', { flavor: { family: 'mysql', version: 999999 } })[0]!.comment?.version).toBe(10010);
    const short = tokenize('/*!123 x */', { flavor: MARIADB });
    expect(short[0]!.comment?.version).toBeUndefined();
    expect(short[1]).toMatchObject({ kind: 'number', text: '123' });
  });

  it.each([
    ["SELECT 'abc", 'UNTERMINATED_STRING', 1, 8],
    ["SELECT 'a\\'", 'UNTERMINATED_STRING', 1, 8],
    ["SELECT 'a\\", 'UNTERMINATED_STRING', 1, 8],
    ['SELECT 1,\n  "abc', 'UNTERMINATED_STRING', 2, 3],
    ['CREATE TABLE `t (id int)', 'UNTERMINATED_IDENTIFIER', 1, 14],
    ['SELECT 1 /* open', 'UNTERMINATED_COMMENT', 1, 10],
    ['SELECT 1 /*+ open', 'UNTERMINATED_COMMENT', 1, 10],
    ['\r\n\r\n  /*!40101 SET x = 1', 'UNTERMINATED_COMMENT', 3, 3],
  ])('%j: %s at %i:%i', (text, problem, line, col) => {
    const error = (() => {
      try {
        tokenize(text);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(SqlLexError);
    expect(error).toMatchObject({ problem, line, col, code: 'SOURCE' });
    expect((error as Error).message).toMatch(new RegExp(`^line ${line}, column ${col}: unterminated`));
  });
});
