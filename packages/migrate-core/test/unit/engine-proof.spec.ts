import { describe, expect, it } from 'vitest';
import { proveOutcome, type Inspector } from '../../src/engine/proof.js';
import { defaultStatementPolicy, hasAtomicDdl } from '../../src/engine/statement-policy.js';
import type { LedgerRow } from '../../src/model.js';
import type { Flavor } from '../../src/sql/flavor.js';
import { splitStatements } from '../../src/statements.js';

const MARIADB_10_5: Flavor = { family: 'mariadb', version: 100511 };
const MARIADB_10_11: Flavor = { family: 'mariadb', version: 101106 };
const MYSQL_8_0_20: Flavor = { family: 'mysql', version: 80020 };
const MYSQL_8_0_36: Flavor = { family: 'mysql', version: 80036 };
const MYSQL_8_4: Flavor = { family: 'mysql', version: 80400 };

const statement = (sql: string) => splitStatements(sql)[0]!;

describe('which statements a server runs atomically (MySQL and MariaDB spellings)', () => {
  it('has atomic DDL from MariaDB 10.6 and MySQL 8.0', () => {
    expect([MARIADB_10_5, MARIADB_10_11, MYSQL_8_0_20, MYSQL_8_4].map(hasAtomicDdl)).toEqual([false, true, true, true]);
  });

  it.each([
    ['CREATE TABLE t (id int)', [false, true, true, true]],
    ['ALTER TABLE t ADD c int', [false, true, true, true]],
    ['DROP TABLE a', [false, true, true, true]],
    // MariaDB drops several tables one by one; MySQL 8 all or none.
    ['DROP TABLE a, b', [false, false, true, true]],
    // CREATE ... SELECT: crash-safe on MariaDB, atomic on MySQL from 8.0.21.
    ['CREATE TABLE t AS SELECT 1 AS x', [false, false, false, true]],
    ['CREATE OR REPLACE TABLE t (id int)', [false, false, true, true]],
    ['RENAME TABLE a TO b, c TO d', [false, true, true, true]],
    ['CREATE INDEX i ON t (c)', [false, true, true, true]],
    ['CREATE PROCEDURE p() BEGIN SELECT 1; END', [false, true, true, true]],
    ['GRANT SELECT ON t TO u', [false, false, false, false]],
    ['CREATE TEMPORARY TABLE tmp (id int)', [false, false, false, false]],
  ])('%s: MariaDB 10.5, 10.11, MySQL 8.0.20, 8.0.36', (sql, expected) => {
    expect([MARIADB_10_5, MARIADB_10_11, MYSQL_8_0_20, MYSQL_8_0_36].map((flavor) => defaultStatementPolicy.atomic(statement(sql), flavor))).toEqual(expected);
  });

  it('records a pre-state before DDL and statements of unknown effect only', () => {
    const needs = (sql: string) => defaultStatementPolicy.needsPreState(statement(sql));
    expect(['CREATE TABLE t (id int)', 'CALL p()', 'BEGIN NOT ATOMIC SELECT 1; END', 'GRANT SELECT ON t TO u'].map(needs)).toEqual([true, true, true, true]);
    expect(['INSERT INTO t VALUES (1)', 'SET foreign_key_checks = 0', 'START TRANSACTION', 'CREATE TEMPORARY TABLE x (id int)'].map(needs)).toEqual([false, false, false, false]);
  });
});

describe('the verdict after an interruption', () => {
  const row = (preIndex: number | null, preState: string | null = 'before'): LedgerRow => ({
    id: 'm', seq: 1, checksum: 'sha256v2:x', state: 'running', direction: 'up', statementsDone: 0, statementsTotal: 1, doneChecksum: null,
    startedAt: new Date(0), finishedAt: null, durationMs: null, error: null, appliedBy: null, preIndex, preState,
  });
  const inspector = (now: string | null, flavor = MARIADB_10_11): Inspector => ({ flavor: async () => flavor, signature: async () => now });
  const verdict = async (sql: string, r: LedgerRow, i: Inspector) => (await proveOutcome(r, statement(sql), defaultStatementPolicy, i)).kind;

  it.each([
    ['no pre-state recorded: it never started', 'ALTER TABLE t ADD c int', row(null), inspector('after'), 'run'],
    ['its objects as before: it did not take effect', 'ALTER TABLE t ADD c int', row(1), inspector('before'), 'run'],
    ['its objects changed, atomic here: it took effect', 'ALTER TABLE t ADD c int', row(1), inspector('after'), 'done'],
    ['its objects changed, no atomic DDL here: unknown', 'ALTER TABLE t ADD c int', row(1), inspector('after', MARIADB_10_5), 'unknown'],
    ['several tables dropped one by one (MariaDB): unknown', 'DROP TABLE a, b', row(1), inspector('after'), 'unknown'],
    ['several tables dropped at once (MySQL 8): done', 'DROP TABLE a, b', row(1), inspector('after', MYSQL_8_4), 'done'],
    ['no signature recorded: unknown', 'ALTER TABLE t ADD c int', row(1, null), inspector('after'), 'unknown'],
    ['a CALL that may have started: unknown', 'CALL p()', row(1, null), inspector(null), 'unknown'],
    ['a CALL that never started: run', 'CALL p()', row(null, null), inspector(null), 'run'],
    ['a statement whose second run changes nothing: run', 'ANALYZE TABLE t', row(1, null), inspector(null), 'run'],
    ['DDL that names nothing comparable: unknown', 'CREATE USER u', row(1, null), inspector(null), 'unknown'],
    // Rows swapped, structures as before: a second run would swap them back.
    ['EXCHANGE PARTITION with its objects as before: unknown', 'ALTER TABLE t EXCHANGE PARTITION p0 WITH TABLE t0', row(1), inspector('before'), 'unknown'],
    ['EXCHANGE PARTITION with its objects changed, atomic here: done', 'alter table t exchange  partition p0 with table t0', row(1), inspector('after'), 'done'],
  ])('%s', async (_name, sql, r, i, expected) => {
    expect(await verdict(sql, r, i)).toBe(expected);
  });

  it('computes the signature now in the format of the recorded one', async () => {
    const asked: unknown[] = [];
    const recording = (now: string): Inspector => ({ flavor: async () => MARIADB_10_11, signature: async (_objects, options) => (asked.push(options?.format), now) });
    const earlier = 'ab'.repeat(32);
    expect(await verdict('ALTER TABLE t COALESCE PARTITION 2', row(1, earlier), recording(earlier))).toBe('run');
    expect(await verdict('ALTER TABLE t COALESCE PARTITION 2', row(1, 'v2:before'), recording('v2:after'))).toBe('done');
    expect(asked).toEqual([1, 2]);
  });

  it('a signature of a format this version does not know (a later one recorded it): unknown, never compared', async () => {
    const never: Inspector = { flavor: async () => MARIADB_10_11, signature: async () => { throw new Error('not computed'); } };
    const result = await proveOutcome(row(1, 'v9:before'), statement('ALTER TABLE t ADD c int'), defaultStatementPolicy, never);
    expect(result).toMatchObject({ kind: 'unknown', why: expect.stringContaining('later version') });
  });
});
