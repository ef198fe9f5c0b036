import { describe, expect, it } from 'vitest';
import { POLICY } from '../../src/sql/policy.js';
import { refusals } from '../../src/sql/refusals.js';
import { scanStatements } from '../../src/sql/scan.js';
import { unitsOf } from '../../src/sql/units.js';

const unitsIn = (text: string) => {
  const { units, findings } = unitsOf(scanStatements(text));
  return {
    units: units.map((unit) => [unit.kind, unit.statements.map((s) => s.index), ...(unit.kind === 'transaction' ? [unit.closed] : [])]),
    findings: findings.map((f) => [f.code, f.line, f.index]),
  };
};

describe('execution units', () => {
  it.each([
    ['statements run one by one', 'CREATE TABLE a (id int);\nINSERT INTO a VALUES (1);',
      { units: [['statement', [1]], ['statement', [2]]], findings: [] }],
    ["the migration's own block is one unit, START and COMMIT included", 'CREATE TABLE a (id int);\nSTART TRANSACTION;\nINSERT INTO a VALUES (1);\nSAVEPOINT s;\nUPDATE a SET id = 2;\nROLLBACK TO SAVEPOINT s;\nCOMMIT;\nSELECT 1;',
      { units: [['statement', [1]], ['transaction', [2, 3, 4, 5, 6, 7], true], ['statement', [8]]], findings: [] }],
    ['BEGIN ... ROLLBACK, and a temporary table inside (it does not commit)', 'BEGIN WORK;\nCREATE TEMPORARY TABLE t (id int);\nDELETE FROM a;\nDROP TEMPORARY TABLE t;\nROLLBACK;',
      { units: [['transaction', [1, 2, 3, 4, 5], true]], findings: [] }],
    ['a block that is never closed', 'START TRANSACTION;\nINSERT INTO a VALUES (1);',
      { units: [['transaction', [1, 2], false]], findings: [['UNCLOSED_TRANSACTION', 1, 1]] }],
    ['a COMMIT without a start', 'INSERT INTO a VALUES (1);\nCOMMIT;',
      { units: [['statement', [1]], ['statement', [2]]], findings: [['COMMIT_WITHOUT_START', 2, 2]] }],
    ['DDL inside a block commits it implicitly', 'START TRANSACTION;\nINSERT INTO a VALUES (1);\nALTER TABLE a ADD b int;\nCOMMIT;',
      { units: [['transaction', [1, 2, 3, 4], true]], findings: [['DDL_IN_TRANSACTION', 3, 3]] }],
    ['a START inside a block', 'BEGIN;\nINSERT INTO a VALUES (1);\nSTART TRANSACTION;\nCOMMIT;',
      { units: [['transaction', [1, 2, 3, 4], true]], findings: [['NESTED_START', 3, 3]] }],
    ['a savepoint outside any block', 'SAVEPOINT s;',
      { units: [['statement', [1]]], findings: [['SAVEPOINT_OUTSIDE_TRANSACTION', 1, 1]] }],
    ['BEGIN NOT ATOMIC and a procedure with START TRANSACTION inside are single statements', 'BEGIN NOT ATOMIC START TRANSACTION; SELECT 1; COMMIT; END;\nCREATE PROCEDURE p() BEGIN START TRANSACTION; COMMIT; END;',
      { units: [['statement', [1]], ['statement', [2]]], findings: [] }],
  ])('%s', (_name, text, expected) => {
    expect(unitsIn(text)).toEqual(expected);
  });

  it('says where and why in each finding', () => {
    const { findings } = unitsOf(scanStatements('START TRANSACTION;\n\nDROP TABLE a;\nCOMMIT;'));
    expect(findings[0]!.message).toBe('DROP TABLE at line 3 commits implicitly, which breaks the transaction started at line 1; move it out of the block');
  });
});

describe('policy', () => {
  it('has one row per class, saying how it runs and whether it may run again', () => {
    expect(Object.fromEntries(Object.entries(POLICY).map(([cls, row]) => [cls, [row.runs, row.rerun]]))).toEqual({
      'data': ['with-progress', 'never'],
      'ddl': ['alone', 'when-proven'],
      'transaction': ['in-unit', 'never'],
      'unknown-effect': ['alone', 'never'],
      'session': ['refused', 'never'],
      'session-safe': ['alone', 'replayed'],
      'noop': ['skipped', 'never'],
    });
  });
});

describe('refusals', () => {
  it('lists every session statement with its file, line, excerpt and what to do instead', () => {
    const items = scanStatements('CREATE TABLE a (id int);\nUSE   other;\nSET FOREIGN_KEY_CHECKS = 0;\nLOCK TABLES a WRITE;\nSET wait_timeout = 1;', { database: 'shop' });
    const found = refusals(items, { file: 'services/shop/migrations/20260101000000_x/up.sql' });
    expect(found.map((r) => [r.line, r.index, r.keyword, r.excerpt])).toEqual([
      [2, 2, 'USE', 'USE other'], [4, 4, 'LOCK TABLES', 'LOCK TABLES a WRITE'], [5, 5, 'SET wait_timeout', 'SET wait_timeout = 1'],
    ]);
    expect(found[0]).toMatchObject({
      file: 'services/shop/migrations/20260101000000_x/up.sql',
      message: "services/shop/migrations/20260101000000_x/up.sql:2: statement 2 (USE) would change the engine's own session; nothing of this file runs",
      hint: "remove `USE other`: a migration runs in its service's own database; to change another database, give that database its own service",
    });
    expect(found[2]!.hint).toMatch(/^remove `SET wait_timeout`: the engine cannot reset it after the migration; it resets foreign_key_checks, unique_checks, sql_mode/);
  });

  it('has a hint written for every kind of session statement the classifier produces', () => {
    const text = ['USE o', 'CREATE DATABASE o', 'DROP DATABASE o', 'ALTER DATABASE o READ ONLY = 1', 'SET autocommit = 0', 'SET TRANSACTION READ ONLY',
      'SET completion_type = 1', 'SET NAMES latin1', 'SET sql_log_bin = 0', 'SET GLOBAL x = 1', 'SET ROLE r', 'LOCK TABLES t READ', 'UNLOCK TABLES',
      'FLUSH TABLES WITH READ LOCK', 'LOCK INSTANCE FOR BACKUP', 'UNLOCK INSTANCE', 'BACKUP STAGE START', "XA START 'x'", 'COMMIT AND CHAIN',
      'ROLLBACK AND CHAIN', 'COMMIT RELEASE', 'ROLLBACK RELEASE', 'KILL 1', 'SHUTDOWN', 'RESTART', 'DO RELEASE_LOCK(\'x\')'].join(';\n');
    const found = refusals(scanStatements(text), { file: 'up.sql' });
    expect(found).toHaveLength(26);
    for (const refusal of found) expect(refusal.hint, refusal.keyword).not.toMatch(/cannot reset it after the migration/);
  });
});
