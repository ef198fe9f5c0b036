// One shape for everything a command finds and reports: the issues that block migrate and status, the errors of a
// run or of a fleet's database, check's problems and lint warnings, drift's differences. Each is a Finding (or
// extends it with fields of its own), so that JSON consumers read the same fields everywhere and the CLI prints
// every one of them the same way (renderFinding).
import type { MigrationId } from './model.js';

/** `error` blocks (exit 1 or 3), `warning` is shown and passes, `info` is worth knowing. */
export type Severity = 'error' | 'warning' | 'info';

export interface Finding<Code extends string = string> {
  /** What kind of finding: `CHECKSUM_MISMATCH`, `DATA_LOSS`, `DRIFT`, a lint code, a server error's name, ... */
  readonly code: Code;
  readonly severity: Severity;
  /** One readable sentence (a few lines at most) that says what and where. */
  readonly message: string;
  /** What to do next: the command to run, exactly as printed, or what to change. */
  readonly hint?: string;
  /** Where, when it is known: the migration, */
  readonly migrationId?: MigrationId;
  /** its file, relative to the workspace root, */
  readonly file?: string;
  /** the 1-based line in that file where the statement starts, */
  readonly line?: number;
  /** and the 1-based statement of the file. */
  readonly statement?: number;
}

/** Where a finding is: the location fields of a Finding. */
export type Where = Pick<Finding, 'migrationId' | 'file' | 'line' | 'statement'>;

/** The location fields of `finding` that are set (for a finding made from another). */
export function whereOf(finding: Where): Where {
  const { migrationId, file, line, statement } = finding;
  return {
    ...(migrationId === undefined ? {} : { migrationId }), ...(file === undefined ? {} : { file }),
    ...(line === undefined ? {} : { line }), ...(statement === undefined ? {} : { statement }),
  };
}

type Paint = (text: string) => string;

/** The colours a finding is printed in: a subset of the CLI's style. */
export interface FindingPaint {
  readonly error: Paint;
  readonly warning: Paint;
  readonly next: Paint;
}

const plain: Paint = (text) => text;
const PLAIN_PAINT: FindingPaint = { error: plain, warning: plain, next: plain };

export interface FindingLook {
  readonly paint?: FindingPaint;
  /** The label of the hint's line. @default 'next:' */
  readonly label?: string;
  /** Before the first line; the hint's line is indented two more. @default '  ' */
  readonly indent?: string;
}

/** How a severity is marked: `✗` error, `!` warning, `·` info. */
function markOf(severity: Severity, paint: FindingPaint): string {
  if (severity === 'error') return paint.error('✗');
  return severity === 'warning' ? paint.warning('!') : '·';
}

/** The line that says what to do next: `<indent>next: <hint>`. */
export function hintLine(hint: string, look: FindingLook = {}): string {
  const paint = look.paint ?? PLAIN_PAINT;
  return `${look.indent ?? '  '}${paint.next(look.label ?? 'next:')} ${hint}`;
}

/**
 * A finding as the CLI prints it: `  ✗ [CODE] message`, then `    next: hint` when it has one.
 *
 * @example
 * renderFinding({ code: 'DIRTY', severity: 'error', message: 'x: migrate failed at statement 2 of 3.', hint: 'Fix it.' })
 * // ['  ✗ [DIRTY] x: migrate failed at statement 2 of 3.', '    next: Fix it.']
 */
export function renderFinding(finding: Finding, look: FindingLook = {}): string[] {
  const indent = look.indent ?? '  ';
  const head = `${indent}${markOf(finding.severity, look.paint ?? PLAIN_PAINT)} [${finding.code}] ${finding.message}`;
  return finding.hint ? [head, hintLine(finding.hint, { ...look, indent: `${indent}  ` })] : [head];
}

/** Every finding of `findings`, in order (see renderFinding). */
export function renderFindings(findings: readonly Finding[], look: FindingLook = {}): string[] {
  return findings.flatMap((finding) => renderFinding(finding, look));
}
