import type { Statement } from './model.js';
import { scanStatements, statementsOf, type ScanOptions } from './sql/scan.js';
import type { StatementClass } from './sql/model.js';
import type { DdlTargets } from './sql/targets.js';

/** drizzle-kit's separator; we emit it too, and also split on `;` so hand-written files need nothing special. */
export { BREAKPOINT } from './sql/lexer.js';

export interface ParsedStatement extends Statement {
  /** Directives from `-- migrate-core: ...` lines just above the statement, e.g. `allow-data-loss`. */
  readonly directives: readonly string[];
  /** What the statement does, from the SQL scanner (src/sql); `kind` is derived from it. */
  readonly class: Exclude<StatementClass, 'noop'>;
  /** What it is, for messages and the engine's policy: `CREATE TABLE`, `CALL`, `SET foreign_key_checks`... */
  readonly keyword: string;
  /** The object that matters to the engine: the variable of a SET, the database of USE. */
  readonly subject?: string;
  /** A stored program or compound block (BEGIN ... END). */
  readonly compound: boolean;
  /** For DDL: the objects it names (see src/sql/targets.ts). */
  readonly ddl?: DdlTargets;
}

/**
 * Splits a migration file into its executable statements with the SQL scanner (src/sql/scan.ts): quotes,
 * comments, DELIMITER lines, compound bodies without DELIMITER, executable comments, drizzle-kit's breakpoints.
 * Comment-only chunks are dropped. `kind` is `dml` for data statements and `ddl` for every other class. Each
 * statement's `sql` is the file's text exactly, from its first token to its last (a CR inside a literal kept).
 * Throws SqlLexError on an unterminated quote or comment, or a block never closed.
 */
export function splitStatements(body: string, options: ScanOptions = {}): ParsedStatement[] {
  return statementsOf(scanStatements(body, options)).map((s) => ({
    index: s.index, sql: s.sql, line: s.start.line, kind: s.class === 'data' ? 'dml' : 'ddl', directives: s.directives, class: s.class,
    keyword: s.keyword, compound: s.compound, ...(s.subject === undefined ? {} : { subject: s.subject }), ...(s.ddl === undefined ? {} : { ddl: s.ddl }),
  }));
}
