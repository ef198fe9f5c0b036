import { describe, expect, it } from 'vitest';
import { scanStatements, statementsOf } from '../../src/sql/scan.js';

/** The DDL facts of the only statement in `sql`, written compactly: `kind name` per target, plus flags. */
function targetsOf(sql: string): string[] {
  const [statement] = statementsOf(scanStatements(sql));
  const ddl = statement?.ddl;
  if (ddl === undefined) return ['(not ddl)'];
  return [
    ...ddl.targets.map((t) => `${t.kind} ${t.schema === undefined ? '' : `${t.schema}.`}${t.name}`),
    ...(ddl.orReplace ? ['or replace'] : []),
    ...(ddl.withSelect ? ['with select'] : []),
  ];
}

describe('the objects a DDL statement names', () => {
  it.each([
    ['CREATE TABLE t (id int)', ['table t']],
    ['CREATE TABLE IF NOT EXISTS `shop`.`orders` (id int)', ['table shop.orders']],
    ['CREATE OR REPLACE TABLE t (id int)', ['table t', 'or replace']],
    ['CREATE TABLE t AS SELECT 1 AS x', ['table t', 'with select']],
    ['CREATE TABLE t (id int) SELECT 1 AS id', ['table t', 'with select']],
    ['CREATE TABLE t (g int GENERATED ALWAYS AS (1) VIRTUAL)', ['table t']],
    ['CREATE TABLE t LIKE s', ['table t']],
    ['CREATE TEMPORARY TABLE tmp (id int)', []],
    ['ALTER TABLE t ADD COLUMN c int', ['table t']],
    ['ALTER ONLINE TABLE t ADD INDEX (c)', ['table t']],
    ['ALTER TABLE t RENAME TO u', ['table t', 'table u']],
    ['ALTER TABLE t ADD c int, RENAME AS `u`', ['table t', 'table u']],
    ['ALTER TABLE t RENAME COLUMN a TO b', ['table t']],
    ['ALTER TABLE t RENAME INDEX a TO b', ['table t']],
    ['DROP TABLE a', ['table a']],
    ['DROP TABLE IF EXISTS a, b, shop.c CASCADE', ['table a', 'table b', 'table shop.c']],
    ['RENAME TABLE a TO b, c TO d', ['table a', 'table b', 'table c', 'table d']],
    ['TRUNCATE TABLE t', ['table t']],
    ['TRUNCATE t', ['table t']],
    ['CREATE UNIQUE INDEX i ON t (c)', ['table t']],
    ['CREATE INDEX i USING BTREE ON shop.t (c)', ['table shop.t']],
    ['DROP INDEX i ON t', ['table t']],
    ['CREATE OR REPLACE ALGORITHM=MERGE VIEW v AS SELECT 1', ['view v', 'or replace']],
    ['DROP VIEW IF EXISTS v1, v2', ['view v1', 'view v2']],
    ['CREATE DEFINER = `u`@`%` TRIGGER tr BEFORE INSERT ON t FOR EACH ROW SET NEW.a = 1', ['trigger tr']],
    ['DROP TRIGGER IF EXISTS shop.tr', ['trigger shop.tr']],
    ['CREATE PROCEDURE p() BEGIN SELECT 1; END', ['procedure p']],
    ['DROP FUNCTION IF EXISTS f', ['function f']],
    ['CREATE EVENT e ON SCHEDULE EVERY 1 DAY DO DELETE FROM t', ['event e']],
    ['CREATE SEQUENCE s', ['table s']],
    ['ALTER DATABASE CHARACTER SET utf8mb4', ['database ']],
    ['GRANT SELECT ON t TO u', []],
    ['CREATE USER u', []],
    ['ANALYZE TABLE t', []],
    ['INSERT INTO t VALUES (1)', ['(not ddl)']],
  ])('%s', (sql, expected) => {
    expect(targetsOf(sql)).toEqual(expected);
  });
});

describe('statements whose proof needs only whether their objects exist', () => {
  const whole = (sql: string) => statementsOf(scanStatements(sql))[0]?.ddl?.wholeObjects;
  it.each([
    ['CREATE TABLE t (id int)', true], ['CREATE TABLE IF NOT EXISTS t (id int)', true], ['DROP TABLE a, b', true], ['RENAME TABLE a TO b', true],
    ['CREATE VIEW v AS SELECT 1', true], ['DROP PROCEDURE p', true], ['CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW SET NEW.a = 1', true],
    ['CREATE OR REPLACE VIEW v AS SELECT 1', false], ['ALTER TABLE t ADD c int', false], ['CREATE INDEX i ON t (c)', false],
    ['DROP INDEX i ON t', false], ['TRUNCATE TABLE t', false], ['ALTER DATABASE CHARACTER SET utf8mb4', false],
  ])('%s: %s', (sql, expected) => {
    expect(whole(sql)).toBe(expected);
  });
});
