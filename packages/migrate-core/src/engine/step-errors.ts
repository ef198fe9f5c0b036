import { relative } from 'node:path';
import { commandHint, StatementError, type Issue } from '../errors.js';
import type { Step } from '../model.js';
import type { ParsedStatement } from '../statements.js';
import { userServerMessage } from './server-message.js';

/** A resume whose file changed the statements that already ran: blocked, since resuming would be unsafe. */
export function editedDoneStatements(step: Step, statements: readonly ParsedStatement[], prefixes: readonly string[]): Issue | undefined {
  const done = step.startAt - 1;
  if (done === 0 || step.resume === undefined) return undefined;
  if (statements.length >= done && prefixes[done] === step.resume.doneChecksum) return undefined;
  return {
    code: 'EDITED_DONE_STATEMENTS',
    migrationId: step.migration.id,
    message: `${step.migration.id}: statements 1-${done} already ran, but the file changed them since; resuming would be unsafe.`,
    hint: `Restore statements 1-${done} of the file (only statement ${step.startAt} and later may change), or repair by hand and run ${commandHint('resolve', step.migration.id, '--applied')}.`,
  };
}

/** The error of a failed statement: file (relative to `root`), line, server message, and how to go on. */
export function toStatementError(root: string | undefined, step: Step, statement: ParsedStatement, count: number, error: unknown): StatementError {
  const path = step.direction === 'up' ? step.migration.upPath : step.migration.downPath;
  const file = root ? relative(root, path) : path;
  const e = error as { sqlMessage?: string; message?: string; code?: string; errno?: number };
  const serverMessage = e.sqlMessage ? `${e.code ?? 'ERROR'} (${e.errno}): ${userServerMessage(e.sqlMessage, statement, file)}` : String(e.message ?? error);
  const again = step.direction === 'up' ? 'migrate' : 'rollback';
  return new StatementError({
    migrationId: step.migration.id, file, statementIndex: statement.index, statementCount: count, line: statement.line, sql: statement.sql,
    serverMessage, ...(e.code === undefined ? {} : { serverCode: e.code }), cause: error,
    hint: `Fix the cause (the database, or statement ${statement.index} and later in ${file}), then run ${commandHint(again)} again: ` +
      `it resumes at statement ${statement.index}; statements before it are not re-run. ` +
      `Or repair by hand and run ${commandHint('resolve', step.migration.id, '--applied')} or ${commandHint('resolve', step.migration.id, '--rolled-back')}.`,
  });
}
