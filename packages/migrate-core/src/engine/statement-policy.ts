import type { ParsedStatement } from '../statements.js';

/**
 * How the executor treats each class of statement: whether it commits together with its ledger write, and what
 * proves it done when a crash left its outcome open. One place to decide it, so that new classes of statement
 * (and the proofs for them) plug in here rather than into the executor.
 */
export interface StatementPolicy {
  /**
   * The statement runs in one transaction with the ledger write that follows it: after a crash, either both
   * happened or neither, so it is simply run again.
   */
  atomicWithProgress(statement: ParsedStatement): boolean;
  /**
   * For the first statement after a crash (one that does not commit with its ledger write, so it is sent
   * alone): whether the error it gets means its effect is already there, so it counts as done.
   */
  alreadyDone(statement: ParsedStatement, error: unknown): boolean;
}

/**
 * Errors that mean "this DDL's effect is already there": after a crash between a DDL statement and its ledger
 * update, re-running that one statement fails with one of these, and only then is it counted as done.
 */
const ALREADY_DONE_ERRNOS = new Set([
  1050, // table already exists
  1051, // unknown table (already dropped)
  1060, // duplicate column name
  1061, // duplicate key name
  1068, // multiple primary key defined
  1091, // can't drop field or key: doesn't exist
  1054, // unknown column (already renamed or dropped)
  1146, // table doesn't exist (already renamed or dropped)
  1826, // duplicate foreign key constraint name
  1007, // database exists
  1008, // database doesn't exist
]);

/** Data statements commit with their progress; a DDL statement commits on its own (MySQL DDL is not transactional). */
export const defaultStatementPolicy: StatementPolicy = {
  atomicWithProgress: (statement) => statement.kind === 'dml',
  alreadyDone: (_statement, error) => {
    const errno = (error as { errno?: number }).errno;
    return errno !== undefined && ALREADY_DONE_ERRNOS.has(errno);
  },
};
