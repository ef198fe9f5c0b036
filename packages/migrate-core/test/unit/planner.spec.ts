import { describe, expect, it } from 'vitest';
import { plan, type PlanInput } from '../../src/engine/planner.js';
import { file, row } from './fixtures.js';

const A = '20260101000000_a';
const B = '20260102000000_b';
const C = '20260103000000_c';
const files = [file(A), file(B), file(C)];

function steps(input: PlanInput) {
  const result = plan(input);
  if (!result.ok) throw new Error(`blocked: ${result.issues.map((issue) => issue.message).join('; ')}`);
  return result.steps.map((step) => `${step.direction}:${step.migration.id}@${step.startAt}${step.afterCrash ? '!' : ''}`);
}

function issues(input: PlanInput) {
  const result = plan(input);
  if (result.ok) throw new Error(`not blocked: ${result.steps.length} steps`);
  return result.issues.map((issue) => `${issue.code}:${issue.migrationId ?? ''}`);
}

describe('plan: migrate', () => {
  it('applies every pending migration in id order', () => {
    expect(steps({ command: 'migrate', files, rows: [], target: { kind: 'latest' } })).toEqual([`up:${A}@1`, `up:${B}@1`, `up:${C}@1`]);
  });

  it('applies only what is not in the ledger (by id, not by timestamp)', () => {
    expect(steps({ command: 'migrate', files, rows: [row(A, 1)], target: { kind: 'latest' } })).toEqual([`up:${B}@1`, `up:${C}@1`]);
  });

  it('plans nothing when everything is applied', () => {
    expect(steps({ command: 'migrate', files, rows: [row(A, 1), row(B, 2), row(C, 3)], target: { kind: 'latest' } })).toEqual([]);
  });

  it('stops at --to', () => {
    expect(steps({ command: 'migrate', files, rows: [], target: { kind: 'to', id: B } })).toEqual([`up:${A}@1`, `up:${B}@1`]);
  });

  it('refuses an unknown --to with a suggestion', () => {
    const result = plan({ command: 'migrate', files, rows: [], target: { kind: 'to', id: '20260102000000' } });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.issues[0]?.code).toBe('UNKNOWN_TARGET');
      expect(result.issues[0]?.hint).toContain(B);
    }
  });

  it('refuses --to base for migrate', () => {
    expect(issues({ command: 'migrate', files, rows: [], target: { kind: 'base' } })).toEqual(['UNKNOWN_TARGET:']);
  });

  it('refuses a migration merged from an older branch, naming it', () => {
    const result = plan({ command: 'migrate', files, rows: [row(A, 1), row(C, 2)], target: { kind: 'latest' } });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.issues).toHaveLength(1);
      expect(result.issues[0]).toMatchObject({ code: 'OUT_OF_ORDER', migrationId: B });
      expect(result.issues[0]?.message).toContain(C);
      expect(result.issues[0]?.hint).toContain('--allow-out-of-order');
    }
  });

  it('applies the out-of-order migration when allowed (never skips it)', () => {
    expect(steps({ command: 'migrate', files, rows: [row(A, 1), row(C, 2)], target: { kind: 'latest' }, allowOutOfOrder: true })).toEqual([`up:${B}@1`]);
  });

  it('blocks on an edited applied migration', () => {
    const edited = [file(A, { checksum: 'sha256:changed' }), file(B), file(C)];
    expect(issues({ command: 'migrate', files: edited, rows: [row(A, 1)], target: { kind: 'latest' } })).toEqual([`CHECKSUM_MISMATCH:${A}`]);
  });

  it('blocks when an applied migration has no folder', () => {
    expect(issues({ command: 'migrate', files: [file(B)], rows: [row(A, 1)], target: { kind: 'latest' } })).toEqual([`MISSING_FILE:${A}`]);
  });

  it('resumes a failed migration at its failed statement before anything else', () => {
    const rows = [row(A, 1), row(B, 2, { state: 'failed', statementsDone: 2, statementsTotal: 5, error: 'boom' })];
    expect(steps({ command: 'migrate', files, rows, target: { kind: 'latest' } })).toEqual([`up:${B}@3`, `up:${C}@1`]);
  });

  it('resumes an interrupted (running) migration flagged as after a crash', () => {
    const rows = [row(A, 1, { state: 'running', statementsDone: 0, statementsTotal: 3 })];
    expect(steps({ command: 'migrate', files, rows, target: { kind: 'to', id: A } })).toEqual([`up:${A}@1!`]);
  });

  it('accepts an edited file for the failed migration (fixing it is how one resumes)', () => {
    const edited = [file(A, { checksum: 'sha256:fixed' }), file(B), file(C)];
    const rows = [row(A, 1, { state: 'failed', statementsDone: 1, statementsTotal: 2 })];
    expect(steps({ command: 'migrate', files: edited, rows, target: { kind: 'latest' } })).toEqual([`up:${A}@2`, `up:${B}@1`, `up:${C}@1`]);
  });

  it('refuses migrate while a rollback is half done', () => {
    const rows = [row(A, 1), row(B, 2, { state: 'failed', direction: 'down', statementsDone: 1, statementsTotal: 2 })];
    const result = plan({ command: 'migrate', files, rows, target: { kind: 'latest' } });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.issues.map((issue) => issue.code)).toEqual(['DIRTY']);
      expect(result.issues[0]?.hint).toContain('rollback');
    }
  });

  it('counts the resume as one of --steps', () => {
    const rows = [row(A, 1, { state: 'failed', statementsDone: 1, statementsTotal: 2 })];
    expect(steps({ command: 'migrate', files, rows, target: { kind: 'steps', n: 2 } })).toEqual([`up:${A}@2`, `up:${B}@1`]);
  });
});

describe('plan: rollback', () => {
  const applied = [row(A, 1), row(B, 2), row(C, 3)];

  it('rolls back the last applied one by default', () => {
    expect(steps({ command: 'rollback', files, rows: applied, target: { kind: 'steps', n: 1 } })).toEqual([`down:${C}@1`]);
  });

  it('rolls back N steps in reverse order of application', () => {
    expect(steps({ command: 'rollback', files, rows: applied, target: { kind: 'steps', n: 2 } })).toEqual([`down:${C}@1`, `down:${B}@1`]);
  });

  it('follows the order of application, not of ids, after an out-of-order apply', () => {
    const rows = [row(A, 1), row(C, 2), row(B, 3)];
    expect(steps({ command: 'rollback', files, rows, target: { kind: 'steps', n: 1 } })).toEqual([`down:${B}@1`]);
  });

  it('rolls back to an id, keeping it', () => {
    expect(steps({ command: 'rollback', files, rows: applied, target: { kind: 'to', id: A } })).toEqual([`down:${C}@1`, `down:${B}@1`]);
  });

  it('rolls back everything with --to base', () => {
    expect(steps({ command: 'rollback', files, rows: applied, target: { kind: 'base' } })).toEqual([`down:${C}@1`, `down:${B}@1`, `down:${A}@1`]);
  });

  it('plans nothing past the end', () => {
    expect(steps({ command: 'rollback', files, rows: [row(A, 1)], target: { kind: 'steps', n: 5 } })).toEqual([`down:${A}@1`]);
    expect(steps({ command: 'rollback', files, rows: [], target: { kind: 'steps', n: 1 } })).toEqual([]);
  });

  it('refuses --to a migration that is not applied', () => {
    const result = plan({ command: 'rollback', files, rows: [row(A, 1)], target: { kind: 'to', id: C } });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.issues[0]?.code).toBe('UNKNOWN_TARGET');
      expect(result.issues[0]?.message).toContain('not applied');
    }
  });

  it('refuses to roll back a migration without down.sql, before running anything', () => {
    const noDown = [file(A), file(B, { down: false }), file(C)];
    expect(issues({ command: 'rollback', files: noDown, rows: applied, target: { kind: 'steps', n: 2 } })).toEqual([`NO_DOWN:${B}`]);
  });

  it('resumes a failed rollback first', () => {
    const rows = [row(A, 1), row(B, 2, { state: 'failed', direction: 'down', statementsDone: 1, statementsTotal: 3 })];
    expect(steps({ command: 'rollback', files, rows, target: { kind: 'steps', n: 2 } })).toEqual([`down:${B}@2`, `down:${A}@1`]);
  });

  it('refuses rollback while a migrate is half done', () => {
    const rows = [row(A, 1), row(B, 2, { state: 'failed', statementsDone: 1, statementsTotal: 3 })];
    expect(issues({ command: 'rollback', files, rows, target: { kind: 'steps', n: 1 } })).toEqual([`DIRTY:${B}`]);
  });

  it('reports every dirty row when there are several and one is a rollback, or the command is a rollback', () => {
    const rollback = [row(A, 1, { state: 'running', direction: 'down' }), row(B, 2, { state: 'running' })];
    expect(issues({ command: 'migrate', files, rows: rollback, target: { kind: 'latest' } })).toEqual([`DIRTY:${A}`, `DIRTY:${B}`]);
    const rows = [row(A, 1, { state: 'failed' }), row(B, 2, { state: 'running' })];
    expect(issues({ command: 'rollback', files, rows, target: { kind: 'steps', n: 1 } })).toEqual([`DIRTY:${A}`, `DIRTY:${B}`]);
  });

  it('takes up, in order, the rows of migrations sent together that an interruption left unfinished', () => {
    // The rows a shared round trip begins together (src/engine/shared-ledger.ts): after the last applied one, at most one failed.
    const D = '20260104000000_d';
    const rows = [row(A, 1), row(C, 3, { state: 'running', statementsDone: 0 }), row(B, 2, { state: 'running', statementsDone: 1, statementsTotal: 2 })];
    expect(steps({ command: 'migrate', files: [...files, file(D)], rows, target: { kind: 'latest' } })).toEqual([`up:${B}@2!`, `up:${C}@1!`, `up:${D}@1`]);
    const failed = [row(A, 1, { state: 'running', statementsDone: 0 }), row(B, 2, { state: 'failed', statementsDone: 1, statementsTotal: 2 }), row(C, 3, { state: 'running', statementsDone: 0 })];
    expect(steps({ command: 'migrate', files, rows: failed, target: { kind: 'latest' } })).toEqual([`up:${A}@1!`, `up:${B}@2`, `up:${C}@1!`]);
    // One of them resolved as applied by hand, two settled by hand (each then failed): the rest still taken up in order.
    const byHand = [row(A, 1, { state: 'failed', statementsDone: 1, statementsTotal: 2 }), row(B, 2), row(C, 3, { state: 'failed', statementsDone: 0 })];
    expect(steps({ command: 'migrate', files, rows: byHand, target: { kind: 'latest' } })).toEqual([`up:${A}@2`, `up:${C}@1`]);
  });
});
