import type { MigrateError } from '../errors.js';
import type { Outcome } from '../engine/report.js';

/** The CLI's exit statuses: users' scripts and CI depend on them. */
export const ExitCode = {
  ok: 0,
  failed: 1,
  usage: 2,
  blocked: 3,
  lockTimeout: 4,
  /** Stopped by SIGINT (Ctrl-C) before the end: 128 + 2, as shells report it. */
  interrupted: 130,
  /** Stopped by SIGTERM before the end: 128 + 15. */
  terminated: 143,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export function exitCodeForOutcome(outcome: Outcome): ExitCode {
  switch (outcome) {
    case 'done':
    case 'noop':
      return ExitCode.ok;
    case 'blocked':
      return ExitCode.blocked;
    case 'failed':
      return ExitCode.failed;
  }
}

export function exitCodeForError(error: MigrateError): ExitCode {
  switch (error.code) {
    case 'LOCK_TIMEOUT':
      return ExitCode.lockTimeout;
    case 'STATEMENT':
    case 'INTROSPECT':
      return ExitCode.failed;
    case 'CONFIG':
    case 'USAGE':
    case 'CONNECTION':
    case 'ACCESS_DENIED':
    case 'NO_DATABASE':
    case 'SOURCE':
    case 'GENERATE':
      return ExitCode.usage;
  }
}

/**
 * Most severe first: the exit status of a run over many services is the first of these any service had. A failed
 * migration left a database half-changed; a configuration or connection problem kept a service from running at
 * all; blocked needs a decision; a lock timeout goes away on its own.
 */
const SEVERITY: readonly ExitCode[] = [ExitCode.failed, ExitCode.usage, ExitCode.blocked, ExitCode.lockTimeout];

/** The exit status of several runs: the most severe of theirs (see SEVERITY), 0 when all were 0. */
export function worstExitCode(codes: readonly ExitCode[]): ExitCode {
  return SEVERITY.find((code) => codes.includes(code)) ?? ExitCode.ok;
}
