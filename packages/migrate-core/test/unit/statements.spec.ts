import { describe, expect, it } from 'vitest';
import { splitStatements } from '../../src/statements.js';

const sqls = (text: string) => splitStatements(text).map((statement) => statement.sql);

describe('splitStatements', () => {
  it('splits on semicolons and keeps the line each statement starts on', () => {
    const result = splitStatements('-- header\nCREATE TABLE a (id int);\n\nALTER TABLE a\n  ADD b int;\n');
    expect(result.map((s) => [s.index, s.line, s.sql])).toEqual([
      [1, 2, 'CREATE TABLE a (id int)'],
      [2, 4, 'ALTER TABLE a\n  ADD b int'],
    ]);
  });

  it('ignores semicolons in strings, identifiers and comments', () => {
    expect(sqls("INSERT INTO t VALUES ('a;b', \"c;d\", 'it''s; ok', 'it\\'s; ok');\nCREATE TABLE `x;y` (id int); -- trailing; comment\n/* block; */ SELECT 1;"))
      .toEqual(["INSERT INTO t VALUES ('a;b', \"c;d\", 'it''s; ok', 'it\\'s; ok')", 'CREATE TABLE `x;y` (id int)', 'SELECT 1']);
  });

  it("accepts drizzle-kit's statement breakpoints", () => {
    expect(sqls('CREATE TABLE a (id int);\n--> statement-breakpoint\nCREATE TABLE b (id int);')).toEqual(['CREATE TABLE a (id int)', 'CREATE TABLE b (id int)']);
    expect(sqls('CREATE TABLE a (id int)\n--> statement-breakpoint\nCREATE TABLE b (id int)')).toEqual(['CREATE TABLE a (id int)', 'CREATE TABLE b (id int)']);
  });

  it('understands DELIMITER blocks for procedures and triggers', () => {
    const text = 'DELIMITER $$\nCREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2; END$$\nDELIMITER ;\nCALL p();\n';
    expect(sqls(text)).toEqual(['CREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2; END', 'CALL p()']);
  });

  it('drops comment-only chunks and keeps a last statement without a semicolon', () => {
    expect(sqls('-- only a comment\n# another\n/* and a block */\nSELECT 1')).toEqual(['SELECT 1']);
    expect(sqls('-- nothing here\n')).toEqual([]);
  });

  it('classifies data statements so they can commit with their progress', () => {
    expect(splitStatements("INSERT INTO t VALUES (1);\nupdate t set a = 1;\nDELETE FROM t;\nCREATE TABLE x (id int);\nALTER TABLE x ADD y int;")
      .map((s) => s.kind)).toEqual(['dml', 'dml', 'dml', 'ddl', 'ddl']);
  });

  it('collects migrate-core directives written just above a statement', () => {
    const result = splitStatements('-- migrate-core: allow-data-loss\nALTER TABLE t DROP COLUMN c;\nDROP TABLE u;');
    expect(result.map((s) => s.directives)).toEqual([['allow-data-loss'], []]);
  });

  it('keeps MySQL versioned comments as part of the statement', () => {
    expect(sqls('/*!40101 SET NAMES utf8mb4 */;\nSELECT 1;')).toEqual(['/*!40101 SET NAMES utf8mb4 */', 'SELECT 1']);
  });

  it('counts lines inside multi-line strings and comments', () => {
    const result = splitStatements("INSERT INTO t VALUES ('a\nb\nc');\n/* x\ny */\nSELECT 2;");
    expect(result.map((s) => s.line)).toEqual([1, 6]);
  });

  it('treats CRLF like LF', () => {
    expect(splitStatements('SELECT 1;\r\nSELECT 2;\r\n').map((s) => [s.sql, s.line])).toEqual([['SELECT 1', 1], ['SELECT 2', 2]]);
  });

  it('keeps a procedure written without DELIMITER whole, and a transaction block apart', () => {
    const result = splitStatements('CREATE PROCEDURE p() BEGIN IF 1 THEN SELECT 1; END IF; END;\nSTART TRANSACTION;\nINSERT INTO t VALUES (1);\nCOMMIT;\nCALL p();');
    expect(result.map((s) => [s.sql, s.kind, s.class])).toEqual([
      ['CREATE PROCEDURE p() BEGIN IF 1 THEN SELECT 1; END IF; END', 'ddl', 'ddl'],
      ['START TRANSACTION', 'ddl', 'transaction'],
      ['INSERT INTO t VALUES (1)', 'dml', 'data'],
      ['COMMIT', 'ddl', 'transaction'],
      ['CALL p()', 'ddl', 'unknown-effect'],
    ]);
  });

  it('keeps a CR inside a string literal of a CRLF file', () => {
    expect(splitStatements("INSERT INTO t VALUES ('a\r\nb');\r\n")[0]!.sql).toBe("INSERT INTO t VALUES ('a\r\nb')");
  });

  it('refuses an unterminated string instead of running to the end of the file', () => {
    expect(() => splitStatements("SELECT 1;\nINSERT INTO t VALUES ('x);\nSELECT 2;", { file: 'up.sql' })).toThrow("up.sql:2:23: unterminated string");
  });
});
