import { expect } from 'vitest';
import type { CliResult } from '../../support/cli.js';

/** Where an interruption left a migration, as its ledger row and the tables show afterwards. */
export interface Cut {
  /** The migration left unfinished; undefined when none was (the interruption fell between migrations). */
  readonly id: string | undefined;
  /** Its ledger row's `statements_done`. */
  readonly done: number;
  /** Statement done + 1 is a DDL statement: not transactional, so an engine may be unable to prove its outcome. */
  readonly nextIsDdl: boolean;
  /** That DDL statement had taken effect: only its progress write was lost. */
  readonly nextTookEffect: boolean;
}

/** The parts of `migrate --json` and `status --json` these checks read. */
interface RunDocument {
  outcome: string;
  steps: Array<{ id: string; status: string; resumedAt?: number }>;
  issues: Array<{ code: string; migrationId?: string; message: string }>;
  notes: string[];
}
interface StatusDocument {
  dirty: null | { id: string; statement: number };
}

const outputOf = (result: CliResult) => `exit ${result.code}\n${result.stdout}\n${result.stderr}`;

/** `status --json` after an interruption names the unfinished migration and the statement it stopped at. */
export function expectStatusReports(result: CliResult, cut: Cut): void {
  expect([0, 3], outputOf(result)).toContain(result.code);
  const document = JSON.parse(result.stdout) as StatusDocument;
  if (cut.id === undefined) expect(document.dirty, outputOf(result)).toBeNull();
  else expect(document.dirty, outputOf(result)).toMatchObject({ id: cut.id, statement: cut.done + 1 });
}

/**
 * What must hold for the `migrate --json` run after an interruption, under any recovery rules. Either it
 * resumes the unfinished migration exactly at the first statement its ledger does not record (none before is
 * re-run), or, only when that statement is DDL, it stops with exit 3 and a DIRTY or outcome-unknown issue
 * naming the migration and the statement. Returns which; a stopped run must have changed nothing (the caller
 * compares the effects before and after).
 */
export function expectSafeRecovery(result: CliResult, cut: Cut): 'resumed' | 'stopped' {
  const output = outputOf(result);
  const document = JSON.parse(result.stdout) as RunDocument;
  if (result.code === 3) {
    expect(cut.id, output).toBeDefined();
    expect(cut.nextIsDdl, `only a DDL statement's outcome can be unknown (data statements commit with their progress)\n${output}`).toBe(true);
    expect(document.outcome, output).toBe('blocked');
    const issue = document.issues.find((candidate) => candidate.migrationId === cut.id);
    expect(issue?.code, output).toMatch(/DIRTY|UNKNOWN/);
    expect(issue?.message, output).toContain(`statement ${cut.done + 1}`);
    return 'stopped';
  }
  expect(result.code, output).toBe(0);
  expect(['done', 'noop'], output).toContain(document.outcome);
  if (cut.id === undefined) expect(document.steps.filter((step) => step.resumedAt !== undefined), output).toEqual([]);
  else expect(document.steps[0], output).toMatchObject({ id: cut.id, status: 'done', resumedAt: cut.done + 1 });
  return 'resumed';
}

/**
 * The engine's recovery by proof (src/engine/proof.ts), asserted on top of the safe ones above: the run after any
 * interruption resumes. A DDL statement that had taken effect when its progress write was lost is proven done
 * (the signature of its objects changed, and the server runs it whole or not at all) and not run again, with a
 * note; one that had not is run. A statement that cannot be proven either way would stop as "outcome unknown":
 * this function is the one to adjust when the rules change.
 */
export function expectProvenRecovery(result: CliResult, cut: Cut): void {
  expect(result.code, outputOf(result)).toBe(0);
  const notes = (JSON.parse(result.stdout) as RunDocument).notes.join('\n');
  if (cut.nextTookEffect) expect(notes).toMatch(new RegExp(`statement ${cut.done + 1} \\([^)]*\\) had taken effect before the interruption`));
  else expect(notes).not.toContain('had taken effect');
}
