import { describe, expect, it } from 'vitest';
import type { StatementClass } from '../../src/sql/model.js';
import { scanStatements, statementsOf, type ScanOptions } from '../../src/sql/scan.js';

const classOf = (sql: string, options: ScanOptions = {}) => {
  const [statement, ...rest] = statementsOf(scanStatements(sql, options));
  expect(rest).toEqual([]);
  return statement === undefined ? ['noop'] : [statement.class, statement.keyword, ...(statement.subject === undefined ? [] : [statement.subject])];
};

type Row = [sql: string, cls: StatementClass, keyword: string, subject?: string];

const table = (rows: Row[]) => it.each(rows)('%s', (sql, cls, keyword, subject) => {
  expect(classOf(sql, { database: 'shop' })).toEqual(subject === undefined ? [cls, keyword] : [cls, keyword, subject]);
});

describe('data: reads and writes rows, inside a transaction', () => table([
  ["SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'refused'", 'data', 'SIGNAL'],
  ['RESIGNAL', 'data', 'RESIGNAL'],
  ['GET DIAGNOSTICS @n = NUMBER', 'data', 'GET DIAGNOSTICS'],
  ['INSERT INTO t VALUES (1)', 'data', 'INSERT'],
  ['insert ignore into t select * from u', 'data', 'INSERT'],
  ['UPDATE t SET a = 1', 'data', 'UPDATE'],
  ['DELETE FROM t', 'data', 'DELETE'],
  ['REPLACE INTO t VALUES (1)', 'data', 'REPLACE'],
  ["LOAD DATA INFILE '/tmp/x' INTO TABLE t", 'data', 'LOAD DATA'],
  ["LOAD XML LOCAL INFILE 'x' INTO TABLE t", 'data', 'LOAD XML'],
  ['SELECT a INTO @x FROM t', 'data', 'SELECT'],
  ['SELECT 1', 'data', 'SELECT'],
  ['(SELECT 1) UNION (SELECT 2)', 'data', 'SELECT'],
  ['WITH d AS (SELECT id FROM t) DELETE FROM t WHERE id IN (SELECT id FROM d)', 'data', 'WITH'],
  ['WITH RECURSIVE r AS (SELECT 1) SELECT * FROM r', 'data', 'WITH'],
  ['DO SLEEP(0)', 'data', 'DO'],
  ['VALUES (1), (2)', 'data', 'VALUES'],
  ['TABLE t', 'data', 'TABLE'],
  ['SHOW TABLES', 'data', 'SHOW'],
  ['DESC t', 'data', 'DESCRIBE'],
  ['EXPLAIN SELECT 1', 'data', 'EXPLAIN'],
  ['CHECKSUM TABLE t', 'data', 'CHECKSUM TABLE'],
  ['SET STATEMENT max_statement_time = 1 FOR UPDATE t SET a = 1', 'data', 'UPDATE'],
]));

describe('ddl: commits implicitly', () => table([
  ['CREATE TABLE t (id int)', 'ddl', 'CREATE TABLE'],
  ['CREATE OR REPLACE TABLE t (id int)', 'ddl', 'CREATE TABLE'],
  ['CREATE TABLE IF NOT EXISTS t (id int)', 'ddl', 'CREATE TABLE'],
  ['CREATE TEMPORARY TABLE t (id int)', 'ddl', 'CREATE TEMPORARY TABLE'],
  ['ALTER TABLE t ADD b int', 'ddl', 'ALTER TABLE'],
  ['ALTER ONLINE TABLE t ADD b int', 'ddl', 'ALTER TABLE'],
  ['DROP TABLE t', 'ddl', 'DROP TABLE'],
  ['DROP TEMPORARY TABLE IF EXISTS t', 'ddl', 'DROP TEMPORARY TABLE'],
  ['RENAME TABLE a TO b', 'ddl', 'RENAME TABLE'],
  ['TRUNCATE t', 'ddl', 'TRUNCATE TABLE'],
  ['CREATE UNIQUE INDEX i ON t (a)', 'ddl', 'CREATE INDEX'],
  ['CREATE SPATIAL INDEX i ON t (g)', 'ddl', 'CREATE INDEX'],
  ['DROP INDEX i ON t', 'ddl', 'DROP INDEX'],
  ['CREATE ALGORITHM=MERGE DEFINER=`a`@`%` SQL SECURITY INVOKER VIEW v AS SELECT 1', 'ddl', 'CREATE VIEW'],
  ['CREATE OR REPLACE VIEW v AS SELECT 1', 'ddl', 'CREATE VIEW'],
  ['CREATE DEFINER=root@localhost PROCEDURE p() BEGIN SELECT 1; END', 'ddl', 'CREATE PROCEDURE'],
  ['CREATE FUNCTION f() RETURNS INT RETURN 1', 'ddl', 'CREATE FUNCTION'],
  ['CREATE AGGREGATE FUNCTION f(x INT) RETURNS INT BEGIN RETURN 1; END', 'ddl', 'CREATE FUNCTION'],
  ['CREATE TRIGGER t BEFORE INSERT ON x FOR EACH ROW SET NEW.a = 1', 'ddl', 'CREATE TRIGGER'],
  ['CREATE EVENT e ON SCHEDULE EVERY 1 DAY DO DELETE FROM t', 'ddl', 'CREATE EVENT'],
  ['/*!50003 CREATE*/ /*!50017 DEFINER=`root`@`localhost`*/ /*!50003 TRIGGER t BEFORE INSERT ON x FOR EACH ROW BEGIN SET NEW.a = 1; END */', 'ddl', 'CREATE TRIGGER'],
  ['DROP PROCEDURE IF EXISTS p', 'ddl', 'DROP PROCEDURE'],
  ['CREATE SEQUENCE s', 'ddl', 'CREATE SEQUENCE'],
  ["CREATE USER 'u'@'%'", 'ddl', 'CREATE USER'],
  ["GRANT SELECT ON shop.* TO 'u'@'%'", 'ddl', 'GRANT'],
  ["REVOKE SELECT ON shop.* FROM 'u'@'%'", 'ddl', 'REVOKE'],
  ["SET PASSWORD FOR 'u'@'%' = PASSWORD('x')", 'ddl', 'SET PASSWORD'],
  ['ANALYZE TABLE t', 'ddl', 'ANALYZE TABLE'],
  ['OPTIMIZE NO_WRITE_TO_BINLOG TABLE t', 'ddl', 'OPTIMIZE TABLE'],
  ['REPAIR TABLE t', 'ddl', 'REPAIR TABLE'],
  ['CHECK TABLE t', 'ddl', 'CHECK TABLE'],
  ['FLUSH PRIVILEGES', 'ddl', 'FLUSH'],
  ['ALTER DATABASE CHARACTER SET utf8mb4', 'ddl', 'ALTER DATABASE'],
  ['ALTER DATABASE shop CHARACTER SET utf8mb4', 'ddl', 'ALTER DATABASE', 'shop'],
  ['ALTER SCHEMA `shop` COLLATE utf8mb4_bin', 'ddl', 'ALTER DATABASE', 'shop'],
]));

describe('transaction: the migration\'s own transaction control', () => table([
  ['START TRANSACTION', 'transaction', 'START TRANSACTION'],
  ['START TRANSACTION WITH CONSISTENT SNAPSHOT', 'transaction', 'START TRANSACTION'],
  ['BEGIN', 'transaction', 'BEGIN'],
  ['BEGIN WORK', 'transaction', 'BEGIN'],
  ['COMMIT', 'transaction', 'COMMIT'],
  ['COMMIT WORK AND NO CHAIN NO RELEASE', 'transaction', 'COMMIT'],
  ['ROLLBACK', 'transaction', 'ROLLBACK'],
  ['ROLLBACK WORK TO SAVEPOINT s', 'transaction', 'ROLLBACK TO SAVEPOINT'],
  ['SAVEPOINT s', 'transaction', 'SAVEPOINT'],
  ['RELEASE SAVEPOINT s', 'transaction', 'RELEASE SAVEPOINT'],
]));

describe('unknown-effect: never re-run automatically', () => table([
  ['CALL p(1)', 'unknown-effect', 'CALL', 'p'],
  ['CALL `shop`.`p`()', 'unknown-effect', 'CALL', 'shop.p'],
  ['BEGIN NOT ATOMIC SELECT 1; END', 'unknown-effect', 'BEGIN NOT ATOMIC'],
  ['IF 1 THEN SELECT 1; END IF', 'unknown-effect', 'compound statement'],
  ['CASE WHEN 1 THEN SELECT 1; END CASE', 'unknown-effect', 'compound statement'],
  ['WHILE 0 DO SELECT 1; END WHILE', 'unknown-effect', 'compound statement'],
  ['REPEAT SELECT 1; UNTIL 1 END REPEAT', 'unknown-effect', 'compound statement'],
  ["PREPARE s FROM 'SELECT 1'", 'unknown-effect', 'PREPARE'],
  ['EXECUTE s', 'unknown-effect', 'EXECUTE'],
  ["EXECUTE IMMEDIATE 'SELECT 1'", 'unknown-effect', 'EXECUTE'],
  ['DEALLOCATE PREPARE s', 'unknown-effect', 'DEALLOCATE PREPARE'],
  ['DROP PREPARE s', 'unknown-effect', 'DEALLOCATE PREPARE'],
  ['HANDLER t OPEN', 'unknown-effect', 'HANDLER'],
  ['START SLAVE', 'unknown-effect', 'START SLAVE'],
  ['FROBNICATE everything', 'unknown-effect', 'FROBNICATE'],
  ['CREATE WIDGET w', 'unknown-effect', 'CREATE WIDGET'],
]));

describe("session: would break the engine's own session, refused", () => table([
  ['USE other', 'session', 'USE', 'other'],
  ['use `other db`', 'session', 'USE', 'other db'],
  ['SET autocommit = 0', 'session', 'SET autocommit', 'autocommit'],
  ['SET @@autocommit := 1', 'session', 'SET autocommit', 'autocommit'],
  ['SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED', 'session', 'SET TRANSACTION'],
  ['SET GLOBAL TRANSACTION READ ONLY', 'session', 'SET TRANSACTION'],
  ['SET TRANSACTION ISOLATION LEVEL SERIALIZABLE', 'session', 'SET TRANSACTION'],
  ['SET tx_isolation = \'READ-COMMITTED\'', 'session', 'SET TRANSACTION', 'tx_isolation'],
  ['SET completion_type = 2', 'session', 'SET completion_type', 'completion_type'],
  ['LOCK TABLES t WRITE', 'session', 'LOCK TABLES'],
  ['LOCK TABLE t READ', 'session', 'LOCK TABLES'],
  ['UNLOCK TABLES', 'session', 'UNLOCK TABLES'],
  ['LOCK INSTANCE FOR BACKUP', 'session', 'LOCK INSTANCE'],
  ['BACKUP STAGE START', 'session', 'BACKUP STAGE'],
  ['FLUSH TABLES WITH READ LOCK', 'session', 'FLUSH TABLES WITH READ LOCK'],
  ['FLUSH TABLES t FOR EXPORT', 'session', 'FLUSH TABLES WITH READ LOCK'],
  ["XA START 'x'", 'session', 'XA'],
  ['SET sql_log_bin = 0', 'session', 'SET sql_log_bin', 'sql_log_bin'],
  ['SET NAMES utf8mb4', 'session', 'SET NAMES'],
  ['SET CHARACTER SET utf8mb4', 'session', 'SET NAMES'],
  ['SET CHARSET latin1', 'session', 'SET NAMES'],
  ['SET character_set_client = utf8', 'session', 'SET NAMES', 'character_set_client'],
  ['SET collation_connection = utf8mb4_bin', 'session', 'SET NAMES', 'collation_connection'],
  ['CREATE DATABASE other', 'session', 'CREATE DATABASE', 'other'],
  ['CREATE SCHEMA IF NOT EXISTS other', 'session', 'CREATE DATABASE', 'other'],
  ['CREATE DATABASE shop', 'session', 'CREATE DATABASE', 'shop'],
  ['DROP DATABASE IF EXISTS other', 'session', 'DROP DATABASE', 'other'],
  ['ALTER DATABASE other CHARACTER SET utf8mb4', 'session', 'ALTER DATABASE', 'other'],
  ['KILL 7', 'session', 'KILL'],
  ['KILL QUERY 7', 'session', 'KILL'],
  ['SHUTDOWN', 'session', 'SHUTDOWN'],
  ['SET GLOBAL max_connections = 10', 'session', 'SET GLOBAL', 'max_connections'],
  ['SET @@GLOBAL.sql_mode = \'\'', 'session', 'SET GLOBAL', 'sql_mode'],
  ['SET PERSIST max_connections = 10', 'session', 'SET GLOBAL', 'max_connections'],
  ['SET GLOBAL a = 1, b = 2', 'session', 'SET GLOBAL', 'a'],
  ['SET SESSION foreign_key_checks = 0, GLOBAL sql_mode = \'\'', 'session', 'SET GLOBAL', 'sql_mode'],
  ['SET ROLE admin', 'session', 'SET ROLE'],
  ['SET wait_timeout = 1', 'session', 'SET wait_timeout', 'wait_timeout'],
  ['SET timestamp = 1', 'session', 'SET timestamp', 'timestamp'],
  ['SELECT RELEASE_LOCK(\'x\')', 'session', 'RELEASE_LOCK', 'RELEASE_LOCK'],
  ['DO RELEASE_ALL_LOCKS()', 'session', 'RELEASE_LOCK', 'RELEASE_ALL_LOCKS'],
  ['BEGIN NOT ATOMIC DO RELEASE_ALL_LOCKS(); END', 'session', 'RELEASE_LOCK', 'RELEASE_ALL_LOCKS'],
  ['COMMIT AND CHAIN', 'session', 'COMMIT AND CHAIN'],
  ['COMMIT RELEASE', 'session', 'COMMIT RELEASE'],
  ['ROLLBACK AND CHAIN', 'session', 'ROLLBACK AND CHAIN'],
  ['SET STATEMENT sql_log_bin = 0 FOR DELETE FROM t', 'session', 'SET sql_log_bin', 'sql_log_bin'],
]));

describe('session-safe: session variables the engine resets afterwards', () => table([
  ['SET FOREIGN_KEY_CHECKS = 0', 'session-safe', 'SET foreign_key_checks', 'foreign_key_checks'],
  ['SET unique_checks = 0, foreign_key_checks = 0', 'session-safe', 'SET unique_checks', 'unique_checks'],
  ["SET sql_mode = 'ANSI_QUOTES'", 'session-safe', 'SET sql_mode', 'sql_mode'],
  ["SET SESSION sql_mode = CONCAT(@@sql_mode, ',STRICT_ALL_TABLES')", 'session-safe', 'SET sql_mode', 'sql_mode'],
  ["SET @@session.time_zone = '+00:00'", 'session-safe', 'SET time_zone', 'time_zone'],
  ['SET LOCAL sql_notes = 0', 'session-safe', 'SET sql_notes', 'sql_notes'],
  ['SET max_statement_time = 10', 'session-safe', 'SET max_statement_time', 'max_statement_time'],
  ['SET max_execution_time = 1000', 'session-safe', 'SET max_execution_time', 'max_execution_time'],
  ['SET @x = 1', 'session-safe', 'SET @variable', '@x'],
  ["SET @'quoted' = 1", 'session-safe', 'SET @variable'],
  ['SET @OLD_FOREIGN_KEY_CHECKS = @@FOREIGN_KEY_CHECKS, FOREIGN_KEY_CHECKS = 0', 'session-safe', 'SET foreign_key_checks', 'foreign_key_checks'],
  ['/*!40101 SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE=\'NO_AUTO_VALUE_ON_ZERO\' */', 'session-safe', 'SET sql_mode', 'sql_mode'],
]));

describe('noop and flavors', () => {
  it('an executable comment the server does not run is a noop, one it runs is code', () => {
    const mysql = { flavor: { family: 'mysql', version: 80036 } } as const;
    expect(classOf('/*M!100100 USE other */', mysql)).toEqual(['noop']);
    expect(classOf('/*M!100100 USE other */')).toEqual(['session', 'USE', 'other']);
    expect(classOf('/*!80000 SET SESSION information_schema_stats_expiry = 0 */')).toEqual(['noop']);
    expect(classOf('/*!80000 SET SESSION information_schema_stats_expiry = 0 */', mysql)).toEqual(['session-safe', 'SET information_schema_stats_expiry', 'information_schema_stats_expiry']);
  });

  it('an ALTER DATABASE with a name is refused when the own database is not known', () => {
    const [statement] = statementsOf(scanStatements('ALTER DATABASE shop CHARACTER SET utf8mb4'));
    expect(statement!.class).toBe('session');
  });
});
