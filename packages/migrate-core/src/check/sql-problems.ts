// What `check` finds in a migration's SQL that `migrate` would refuse: bytes that are not UTF-8, SQL the
// scanner cannot read, statements the engine never runs, transaction blocks it cannot run as one unit.
import { statementRefusals } from '../engine/load-steps.js';
import { MigrateError } from '../errors.js';
import type { MigrationFolder, MigrationId } from '../model.js';
import type { MigrationRepository, Side } from '../repository/index.js';
import { splitStatements, type ParsedStatement } from '../statements.js';
import type { CheckProblem } from './problems.js';

const HINT = 'Fix the file (it is read as the server reads it), then run `check` again.';

/** A file's text, or the problem that keeps it from being read (invalid UTF-8 names file, line and bytes). */
export function readSql(repository: MigrationRepository, folder: MigrationFolder, side: Side): { text?: string; problem?: CheckProblem } {
  try {
    const text = repository.text(folder, side);
    return text === undefined ? {} : { text };
  } catch (error) {
    if (!(error instanceof MigrateError)) throw error;
    return { problem: { code: 'BAD_SQL', severity: 'error', migrationId: folder.id, file: repository.shown(side === 'up' ? folder.upPath : folder.downPath), message: error.message, hint: error.hint ?? HINT } };
  }
}

/** The statements of a file, or the problem that keeps them from being read (an unterminated quote, a block never closed). */
export function parseSql(text: string, file: string, id: MigrationId): { statements: ParsedStatement[]; problems: CheckProblem[] } {
  try {
    return { statements: splitStatements(text, { file }), problems: [] };
  } catch (error) {
    if (!(error instanceof MigrateError)) throw error;
    return { statements: [], problems: [{ code: 'BAD_SQL', severity: 'error', migrationId: id, file, message: error.message, hint: error.hint ?? HINT }] };
  }
}

/** The statements `migrate` and `rollback` refuse before anything runs, as check problems. */
export function refusalProblems(statements: readonly ParsedStatement[], file: string, id: MigrationId): CheckProblem[] {
  return statementRefusals(statements, file).map((issue) => ({ code: 'REFUSED_STATEMENT', severity: 'error', migrationId: id, file, message: issue.message, hint: issue.hint ?? HINT }));
}
