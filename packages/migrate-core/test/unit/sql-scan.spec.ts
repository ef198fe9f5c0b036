import { describe, expect, it } from 'vitest';
import { SqlLexError } from '../../src/sql/errors.js';
import type { SqlStatement } from '../../src/sql/model.js';
import { scanStatements, statementsOf, type ScanOptions } from '../../src/sql/scan.js';

const statements = (text: string, options: ScanOptions = {}) => statementsOf(scanStatements(text, options));
const sqls = (text: string, options: ScanOptions = {}) => statements(text, options).map((s) => s.sql);
const shape = (s: SqlStatement) => [s.sql, s.compound];

describe('statement boundaries without DELIMITER, as the server parses them', () => {
  it.each([
    ['nested BEGIN blocks and labels',
      'CREATE PROCEDURE p() BEGIN DECLARE x INT; lbl: BEGIN SELECT 1; END lbl; END; SELECT 2;',
      [['CREATE PROCEDURE p() BEGIN DECLARE x INT; lbl: BEGIN SELECT 1; END lbl; END', true], ['SELECT 2', false]]],
    ['a CASE statement holding a CASE expression',
      'CREATE PROCEDURE p(a INT) BEGIN CASE a WHEN 1 THEN SELECT CASE WHEN a THEN 1 END; ELSE SELECT 2; END CASE; END; SELECT 3',
      [['CREATE PROCEDURE p(a INT) BEGIN CASE a WHEN 1 THEN SELECT CASE WHEN a THEN 1 END; ELSE SELECT 2; END CASE; END', true], ['SELECT 3', false]]],
    ['LOOP, REPEAT and WHILE with labels',
      'CREATE PROCEDURE p() BEGIN l: LOOP LEAVE l; END LOOP l; REPEAT SET @a = 1; UNTIL 1 END REPEAT; w: WHILE 0 DO SET @b = 1; END WHILE w; END; SELECT 1',
      [['CREATE PROCEDURE p() BEGIN l: LOOP LEAVE l; END LOOP l; REPEAT SET @a = 1; UNTIL 1 END REPEAT; w: WHILE 0 DO SET @b = 1; END WHILE w; END', true], ['SELECT 1', false]]],
    ['a handler whose body is a BEGIN block',
      'CREATE PROCEDURE p() BEGIN DECLARE EXIT HANDLER FOR SQLEXCEPTION BEGIN ROLLBACK; END; SELECT 1; END; SELECT 2',
      [['CREATE PROCEDURE p() BEGIN DECLARE EXIT HANDLER FOR SQLEXCEPTION BEGIN ROLLBACK; END; SELECT 1; END', true], ['SELECT 2', false]]],
    ['a handler for several conditions whose body is an IF',
      "CREATE PROCEDURE p() BEGIN DECLARE CONTINUE HANDLER FOR SQLSTATE VALUE '23000', 1062, NOT FOUND IF 1 THEN SELECT 1; END IF; SELECT 2; END; SELECT 3",
      [["CREATE PROCEDURE p() BEGIN DECLARE CONTINUE HANDLER FOR SQLSTATE VALUE '23000', 1062, NOT FOUND IF 1 THEN SELECT 1; END IF; SELECT 2; END", true], ['SELECT 3', false]]],
    ['single-statement bodies',
      'CREATE FUNCTION f() RETURNS INT RETURN 1; CREATE TRIGGER t BEFORE INSERT ON x FOR EACH ROW SET NEW.a = 1; SELECT 1',
      [['CREATE FUNCTION f() RETURNS INT RETURN 1', false], ['CREATE TRIGGER t BEFORE INSERT ON x FOR EACH ROW SET NEW.a = 1', false], ['SELECT 1', false]]],
    ['IF() and REPEAT() are functions, IF EXISTS a clause',
      "CREATE PROCEDURE p() SELECT IF(1,2,3), REPEAT('x', 3); DROP TABLE IF EXISTS t; CREATE FUNCTION g(a INT) RETURNS INT RETURN IF(a > 0, 1, 0); SELECT 4",
      [["CREATE PROCEDURE p() SELECT IF(1,2,3), REPEAT('x', 3)", false], ['DROP TABLE IF EXISTS t', false], ['CREATE FUNCTION g(a INT) RETURNS INT RETURN IF(a > 0, 1, 0)', false], ['SELECT 4', false]]],
    ['END inside strings, comments and identifiers',
      "CREATE PROCEDURE p() BEGIN SELECT 'END;', `end;`; /* END; */ -- END;\n SELECT \"END\"; END; SELECT 2",
      [["CREATE PROCEDURE p() BEGIN SELECT 'END;', `end;`; /* END; */ -- END;\n SELECT \"END\"; END", true], ['SELECT 2', false]]],
    ['a procedure whose body is an IF, with IF NOT EXISTS before its name',
      'CREATE PROCEDURE IF NOT EXISTS p() IF 1 THEN SELECT 1; ELSE IF 2 THEN SELECT 2; END IF; END IF; SELECT 3',
      [['CREATE PROCEDURE IF NOT EXISTS p() IF 1 THEN SELECT 1; ELSE IF 2 THEN SELECT 2; END IF; END IF', true], ['SELECT 3', false]]],
    ['DO inside a WHILE body is a statement, not the WHILE\'s DO',
      'CREATE PROCEDURE p() WHILE 0 DO DO IF(1, 2, 3); END WHILE; SELECT 1',
      [['CREATE PROCEDURE p() WHILE 0 DO DO IF(1, 2, 3); END WHILE', true], ['SELECT 1', false]]],
    ['a MariaDB aggregate function',
      'CREATE AGGREGATE FUNCTION agg(x INT) RETURNS INT BEGIN DECLARE s INT DEFAULT 0; DECLARE CONTINUE HANDLER FOR NOT FOUND RETURN s; LOOP FETCH GROUP NEXT ROW; SET s = s + x; END LOOP; END; SELECT 1',
      [['CREATE AGGREGATE FUNCTION agg(x INT) RETURNS INT BEGIN DECLARE s INT DEFAULT 0; DECLARE CONTINUE HANDLER FOR NOT FOUND RETURN s; LOOP FETCH GROUP NEXT ROW; SET s = s + x; END LOOP; END', true], ['SELECT 1', false]]],
    ['definers, characteristics, FOLLOWS, ALTER EVENT ... DO',
      "CREATE DEFINER=`u`@`%` PROCEDURE p() SQL SECURITY INVOKER COMMENT 'c;' BEGIN SELECT 1; END; CREATE DEFINER='u'@'h' TRIGGER t AFTER INSERT ON x FOR EACH ROW FOLLOWS s BEGIN SET @a = 1; END; ALTER EVENT e DO BEGIN SELECT 1; END; SELECT 2",
      [["CREATE DEFINER=`u`@`%` PROCEDURE p() SQL SECURITY INVOKER COMMENT 'c;' BEGIN SELECT 1; END", true], ["CREATE DEFINER='u'@'h' TRIGGER t AFTER INSERT ON x FOR EACH ROW FOLLOWS s BEGIN SET @a = 1; END", true], ['ALTER EVENT e DO BEGIN SELECT 1; END', true], ['SELECT 2', false]]],
    ['BEGIN NOT ATOMIC, and BEGIN [WORK] as transactions',
      'BEGIN NOT ATOMIC DECLARE a INT; SET a = 1; END; BEGIN; SELECT 1; BEGIN WORK; COMMIT',
      [['BEGIN NOT ATOMIC DECLARE a INT; SET a = 1; END', true], ['BEGIN', false], ['SELECT 1', false], ['BEGIN WORK', false], ['COMMIT', false]]],
    ['a CASE expression in a plain statement',
      "SELECT CASE WHEN a THEN 'x;' ELSE 'y' END AS c, `end` FROM t; SELECT 2",
      [["SELECT CASE WHEN a THEN 'x;' ELSE 'y' END AS c, `end` FROM t", false], ['SELECT 2', false]]],
    ['a `;` inside an executable comment',
      '/*!40101 SET @a = 1; SET @b = 2 */; SELECT 1',
      [['/*!40101 SET @a = 1; SET @b = 2 */', false], ['SELECT 1', false]]],
  ])('%s', (_name, text, expected) => {
    expect(statements(text).map(shape)).toEqual(expected);
  });

  it('an unclosed block is an error at its opening, never a statement running to the end', () => {
    expect(() => scanStatements('SELECT 1;\nCREATE PROCEDURE p()\n  BEGIN SELECT 1;', { file: 'up.sql' })).toThrow(SqlLexError);
    expect(() => scanStatements('SELECT 1;\nCREATE PROCEDURE p()\n  BEGIN SELECT 1;', { file: 'up.sql' })).toThrow('up.sql:3:3: BEGIN is never closed by END');
    expect(() => scanStatements('CREATE PROCEDURE p() BEGIN LOOP SELECT 1; END; END;')).toThrow('line 1, column 28: LOOP is never closed by END LOOP');
  });
});

describe('DELIMITER', () => {
  it.each([['$$'], ['//'], [';;'], ['GO']])('%s ends statements until DELIMITER ; and is excluded from sql', (delimiter) => {
    const text = `DELIMITER ${delimiter}\nCREATE PROCEDURE p() BEGIN SELECT 1; END${delimiter}\nSELECT 2${delimiter}\nDELIMITER ;\nSELECT 3;`;
    expect(statements(text).map((s) => [s.sql, s.delimiter])).toEqual([
      ['CREATE PROCEDURE p() BEGIN SELECT 1; END', delimiter], ['SELECT 2', delimiter], ['SELECT 3', ';'],
    ]);
  });

  it('counts only at a statement start, and is not part of any statement', () => {
    expect(sqls('SELECT 1\nDELIMITER $$\n;\nSELECT 2;')).toEqual(['SELECT 1\nDELIMITER $$', 'SELECT 2']);
    expect(scanStatements('-- x\ndelimiter //\nSELECT 1//').map((item) => [item.class, item.raw])).toEqual([
      ['noop', '-- x\ndelimiter //\n'], ['data', 'SELECT 1//'],
    ]);
  });

  it('a custom delimiter ends the statement whatever the blocks, as in the mysql client', () => {
    expect(sqls('DELIMITER $$\nCREATE PROCEDURE p() BEGIN SELECT 1; $$\nSELECT 2$$')).toEqual(['CREATE PROCEDURE p() BEGIN SELECT 1;', 'SELECT 2']);
  });
});

describe('items', () => {
  it('gives each statement its raw text with the delimiter, its sql without it, its position and index', () => {
    const items = scanStatements('-- head\r\nSELECT 1 /* tail */ ;\r\n\r\n  UPDATE t SET a = 1');
    expect(items.map((item) => [item.class, item.raw, item.start])).toEqual([
      ['noop', '-- head\r\n', { offset: 0, line: 1, col: 1 }],
      ['data', 'SELECT 1 /* tail */ ;', { offset: 9, line: 2, col: 1 }],
      ['noop', '\r\n\r\n  ', { offset: 30, line: 2, col: 22 }],
      ['data', 'UPDATE t SET a = 1', { offset: 36, line: 4, col: 3 }],
    ]);
    expect(statementsOf(items).map((s) => [s.index, s.sql])).toEqual([[1, 'SELECT 1'], [2, 'UPDATE t SET a = 1']]);
  });

  it('keeps CR and LF inside statements as the file has them', () => {
    const [insert] = statements("INSERT INTO t VALUES ('a\r\nb',\r\n 'c\rd');\r\n");
    expect(insert!.sql).toBe("INSERT INTO t VALUES ('a\r\nb',\r\n 'c\rd')");
  });

  it("takes drizzle-kit's breakpoints as separators, with or without a `;`", () => {
    expect(statements('CREATE TABLE a (id int);\n--> statement-breakpoint\nCREATE TABLE b (id int)\n--> statement-breakpoint\nDROP TABLE c')
      .map((s) => [s.sql, s.delimiter])).toEqual([['CREATE TABLE a (id int)', ';'], ['CREATE TABLE b (id int)', '--> statement-breakpoint'], ['DROP TABLE c', '']]);
  });

  it('collects directives from comment lines between the previous statement and this one', () => {
    const text = '-- migrate-core: allow-data-loss\n\n--   migrate-core:  second one  \nDROP TABLE a; -- migrate-core: same line, not a directive\nDROP TABLE b;\n/* x */ -- migrate-core: after a comment\nDROP TABLE c;';
    expect(statements(text).map((s) => s.directives)).toEqual([['allow-data-loss', 'second one'], [], ['after a comment']]);
  });

  it('turns empty statements, comment-only files and executable comments not run here into noop items', () => {
    expect(scanStatements(';;\n-- only comments\n/* and */').map((item) => item.class)).toEqual(['noop']);
    expect(scanStatements('/*M!100100 SET @a = 1 */;\nSELECT 1;', { flavor: { family: 'mysql', version: 80036 } }).map((item) => [item.class, item.raw])).toEqual([
      ['noop', '/*M!100100 SET @a = 1 */;\n'], ['data', 'SELECT 1;'],
    ]);
  });

  it('names the file in errors', () => {
    expect(() => scanStatements("SELECT 1;\nSELECT 'x", { file: 'services/a/up.sql' })).toThrow("services/a/up.sql:2:8: unterminated string: this ' is never closed");
  });
});

describe('lossless on generated files', () => {
  const pieces = [
    "INSERT INTO t VALUES ('a;b', \"c\\\"d\", 'e''f');", 'CREATE PROCEDURE p() BEGIN IF 1 THEN SELECT 1; END IF; END;',
    '/*!40101 SET NAMES utf8mb4 */;', '/*M!100100 SET @a = 1 */;', '-- migrate-core: allow-data-loss', '# hash',
    '/* block; */', 'BEGIN NOT ATOMIC SELECT 1; END;', 'SELECT CASE WHEN 1 THEN 2 END;', ';', '--> statement-breakpoint',
    'DELIMITER $$\nCREATE FUNCTION f() RETURNS INT BEGIN RETURN 1; END$$\nDELIMITER ;', 'SELECT 1', "SELECT 'multi\r\nline';",
  ];
  const separators = ['', ' ', '\n', '\r\n', '\r', '\n\n', '\t', ' -- c\n', '/* c */'];
  it('gives every file back exactly, on both flavors', () => {
    let seed = 7;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let round = 0; round < 400; round++) {
      let text = separators[next(separators.length)]!;
      for (let k = next(8); k >= 0; k--) text += pieces[next(pieces.length)]! + '\n' + separators[next(separators.length)]!;
      for (const flavor of [{ family: 'mariadb', version: 101100 }, { family: 'mysql', version: 80036 }] as const) {
        expect(scanStatements(text, { flavor }).map((item) => item.raw).join('')).toBe(text);
      }
    }
  });
});
