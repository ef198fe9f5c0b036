import { describe, expect, expectTypeOf, it } from 'vitest';
import type { CheckProblem } from '../../src/check/problems.js';
import type { LintFinding } from '../../src/check/lint/lint.js';
import type { ErrorReport } from '../../src/engine/report.js';
import { findingOf, MigrateError, StatementError, type Issue } from '../../src/errors.js';
import { hintLine, renderFinding, renderFindings, whereOf, type Finding } from '../../src/findings.js';
import { difference, EXISTS, type Difference } from '../../src/schema/canonical/difference.js';

const paint = { error: (t: string) => `<r>${t}</r>`, warning: (t: string) => `<y>${t}</y>`, next: (t: string) => `<c>${t}</c>` };

describe('one finding type', () => {
  it('is what issues, check problems, lint warnings, drift differences, run errors and MigrateErrors are', () => {
    expectTypeOf<Issue>().toExtend<Finding>();
    expectTypeOf<CheckProblem>().toExtend<Finding>();
    expectTypeOf<LintFinding>().toExtend<Finding>();
    expectTypeOf<Difference>().toExtend<Finding>();
    expectTypeOf<ErrorReport>().toEqualTypeOf<Finding>();
    expectTypeOf<MigrateError>().toExtend<Finding>();
    expect(difference('column', 'users', 'note', undefined, 'text NULL')).toEqual({
      code: 'DRIFT', severity: 'error', kind: 'column', table: 'users', name: 'note', actual: 'text NULL',
      message: '+ column users.note text NULL (in database, not in migrations)',
    });
  });

  it('gives any error as a plain finding: a MigrateError with its hint and where, a server error by its name', () => {
    const failed = new StatementError({
      migrationId: '20260101000000_a', file: 'services/a/migrations/20260101000000_a/up.sql', statementIndex: 2, statementCount: 3, line: 7,
      sql: 'ALTER TABLE t ADD x int', serverMessage: 'boom', hint: 'Fix it.',
    });
    expect(findingOf(failed)).toEqual({
      code: 'STATEMENT', severity: 'error', message: failed.message, hint: 'Fix it.',
      migrationId: '20260101000000_a', file: 'services/a/migrations/20260101000000_a/up.sql', line: 7, statement: 2,
    });
    expect(findingOf(new MigrateError('CONFIG', 'bad'))).toEqual({ code: 'CONFIG', severity: 'error', message: 'bad' });
    expect(findingOf(Object.assign(new Error('x'), { code: 'ER_NO_SUCH_TABLE', sqlMessage: "Table 't' doesn't exist" })))
      .toEqual({ code: 'ER_NO_SUCH_TABLE', severity: 'error', message: "Table 't' doesn't exist" });
    expect(findingOf('odd')).toEqual({ code: 'ERROR', severity: 'error', message: 'odd' });
    expect(whereOf({ migrationId: 'a', file: undefined, line: 3 })).toEqual({ migrationId: 'a', line: 3 });
  });
});

describe('renderFinding: the one way the CLI prints a finding', () => {
  it('marks the severity, names the code, and puts the hint on its own line', () => {
    const issue: Issue = { code: 'DIRTY', severity: 'error', message: 'x: migrate failed at statement 2 of 3.', hint: 'Fix the cause.' };
    expect(renderFinding(issue)).toEqual(['  ✗ [DIRTY] x: migrate failed at statement 2 of 3.', '    next: Fix the cause.']);
    expect(renderFinding({ ...issue, severity: 'warning' }, { paint, label: 'safer:' })).toEqual([
      '  <y>!</y> [DIRTY] x: migrate failed at statement 2 of 3.', '    <c>safer:</c> Fix the cause.']);
    expect(renderFinding({ code: 'IN_PROGRESS', severity: 'info', message: 'running' }, { indent: '' })).toEqual(['· [IN_PROGRESS] running']);
  });

  it('prints a list in order, and a hint line alone', () => {
    const list: Finding[] = [{ code: 'A', severity: 'error', message: 'a', hint: 'do a' }, { code: 'B', severity: 'error', message: 'b' }];
    expect(renderFindings(list, { paint, label: 'fix:' })).toEqual(['  <r>✗</r> [A] a', '    <c>fix:</c> do a', '  <r>✗</r> [B] b']);
    expect(hintLine('run it', { paint, indent: '' })).toBe('<c>next:</c> run it');
  });
});
