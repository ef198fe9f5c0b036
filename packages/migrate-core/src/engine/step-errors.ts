import { commandHint, redactSecrets, StatementError, type Issue } from '../errors.js';
import type { LedgerRow, Step } from '../model.js';
import { CHECKSUM_V2, prefixChecksumsV2 } from '../sql/checksum.js';
import { prefixChecksums } from '../checksum.js';
import type { ParsedStatement } from '../statements.js';
import type { ErrorReport } from './report.js';
import { userServerMessage } from './server-message.js';

/** A resume whose file changed the statements that already ran: blocked, since resuming would be unsafe. */
export function editedDoneStatements(step: Step, statements: readonly ParsedStatement[]): Issue | undefined {
  const done = step.startAt - 1;
  const recorded = step.resume?.doneChecksum;
  if (done === 0 || step.resume === undefined) return undefined;
  if (statements.length >= done && recorded !== null && recorded !== undefined && prefixOf(statements, done, recorded) === recorded) return undefined;
  return {
    code: 'EDITED_DONE_STATEMENTS', severity: 'error',
    migrationId: step.migration.id,
    message: `${step.migration.id}: statements 1-${done} already ran, but the file changed them since; resuming would be unsafe.`,
    hint: `Restore statements 1-${done} of the file (only statement ${step.startAt} and later may change), or repair by hand and run ${commandHint('resolve', step.migration.id, '--applied')}.`,
  };
}

/** The checksum of the first `count` statements in the format of `like` (a ledger of an earlier version holds `sha256:`). */
function prefixOf(statements: readonly ParsedStatement[], count: number, like: string): string {
  const head = statements.slice(0, count);
  return (like.startsWith(`${CHECKSUM_V2}:`) ? prefixChecksumsV2(head) : prefixChecksums(head))[count]!;
}

/**
 * The server's message about `statement`, as it reads for the file: the text it quotes stops where the
 * statement ends (it would go on into the engine's own ledger write, sent in the same round trip), and its
 * line is the file's.
 */
export function serverMessageOf(error: unknown, statement: ParsedStatement, file?: string): string {
  const e = error as { sqlMessage?: string; message?: string; code?: string; errno?: number };
  // A syntax error quotes the text near it, which may hold a password.
  return redactSecrets(e.sqlMessage ? `${e.code ?? 'ERROR'} (${e.errno}): ${userServerMessage(e.sqlMessage, statement, file)}` : String(e.message ?? error));
}

/** How to go on after statement `index` of `step` failed: fix and run again, or repair by hand. */
function hintFor(step: Step, statement: ParsedStatement, file: string): string {
  const id = step.migration.id;
  const again = step.direction === 'up' ? 'migrate' : 'rollback';
  if (statement.class === 'unknown-effect') {
    return `What ${statement.keyword} changed before the error is unknown: check the database, then run ${commandHint('resolve', id, '--statement-done')} ` +
      `if its effect is there, or ${commandHint('resolve', id, '--statement-not-done')} to run it again at the next ${again}.`;
  }
  return `Fix the cause (the database, or statement ${statement.index} and later in ${file}), then run ${commandHint(again)} again: ` +
    `it resumes at statement ${statement.index}; statements before it are not re-run. ` +
    `Or repair by hand and run ${commandHint('resolve', id, '--applied')} or ${commandHint('resolve', id, '--rolled-back')}.`;
}

/** The error of a failed statement: file (relative to the workspace), line, server message, and how to go on. */
export function toStatementError(file: string, step: Step, statement: ParsedStatement, count: number, error: unknown, note = ''): StatementError {
  const e = error as { code?: string };
  return new StatementError({
    migrationId: step.migration.id, file, statementIndex: statement.index, statementCount: count, line: statement.line, sql: statement.sql,
    serverMessage: `${serverMessageOf(error, statement, file)}${note}`, ...(e.code === undefined ? {} : { serverCode: e.code }), cause: error,
    hint: hintFor(step, statement, file),
  });
}

/** An error about statement `statement` of `step` that is not the statement's own failure (a lost connection, a stop). */
export function stepError(code: string, step: Step, statement: ParsedStatement | undefined, file: string, message: string, hint: string): ErrorReport {
  return {
    code, severity: 'error', message, hint, migrationId: step.migration.id, file,
    ...(statement === undefined ? {} : { statement: statement.index, line: statement.line }),
  };
}

/** The row's statement that may have been cut off, when it is pending (for status and the executor). */
export function pendingStatement(row: LedgerRow): number {
  return row.statementsDone + 1;
}
