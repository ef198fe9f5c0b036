import type { DdlTargets } from './targets.js';

/** Where something starts in a file: character offset (0-based), line and column (1-based). */
export interface Position {
  readonly offset: number;
  readonly line: number;
  readonly col: number;
}

/**
 * What a statement does, as far as running it safely is concerned. A closed union: every statement gets one,
 * `unknown-effect` included. How the engine runs each class is in policy.ts.
 */
export type StatementClass =
  /** Reads or writes rows (INSERT, UPDATE, DELETE, REPLACE, LOAD DATA, SELECT, DO): transactional. */
  | 'data'
  /** Commits implicitly (CREATE/ALTER/DROP/RENAME/TRUNCATE, routines, GRANT, ANALYZE...). */
  | 'ddl'
  /** The migration's own transaction control: START TRANSACTION, BEGIN, COMMIT, ROLLBACK, SAVEPOINT. */
  | 'transaction'
  /** Effect unknown to the engine: CALL, compound blocks, EXECUTE, PREPARE, HANDLER, anything unrecognised. */
  | 'unknown-effect'
  /** Would break the engine's own session (USE, SET autocommit, LOCK TABLES...): refused before anything runs. */
  | 'session'
  /** Sets a session variable that only affects this migration and that the engine resets afterwards. */
  | 'session-safe'
  /** Whitespace, comments, DELIMITER lines, executable comments this server does not run. */
  | 'noop';

/** One executable statement of a file. */
export interface SqlStatement {
  readonly class: Exclude<StatementClass, 'noop'>;
  /** 1-based position among the file's executable statements. */
  readonly index: number;
  /** The exact text from the statement's first code token through its delimiter (when it has one). */
  readonly raw: string;
  /** The text to send: `raw` without the delimiter and without trailing comments; never re-encoded. */
  readonly sql: string;
  readonly start: Position;
  /** What ended it: `;`, the DELIMITER in force (`$$`, `;;`...), `--> statement-breakpoint`, or '' at the end of the file. */
  readonly delimiter: string;
  /** Has a body of nested statements (BEGIN ... END, IF ... END IF, LOOP ...), e.g. a procedure or a trigger. */
  readonly compound: boolean;
  /** From `-- migrate-core: <directive>` comment lines between the previous statement and this one. */
  readonly directives: readonly string[];
  /** What the statement is, for messages and policy: `CREATE TABLE`, `SET autocommit`, `USE`, `CALL`... */
  readonly keyword: string;
  /** The object it names when that matters to the engine: the database of `USE`, the variable of `SET`. */
  readonly subject?: string;
  /** For DDL: the objects it names, for the engine's proof of its outcome after an interruption. */
  readonly ddl?: DdlTargets;
}

/** Text between statements: whitespace, comments, DELIMITER lines, empty statements, comments not run here. */
export interface NoopItem {
  readonly class: 'noop';
  readonly raw: string;
  readonly start: Position;
}

/** A file is a sequence of items; their `raw` texts concatenated give the file back exactly. */
export type ScanItem = SqlStatement | NoopItem;

export function isStatement(item: ScanItem): item is SqlStatement {
  return item.class !== 'noop';
}

/** What execution units and refusals read of a statement: a scanned one, or one the engine has loaded. */
export interface StatementFacts {
  readonly class: Exclude<StatementClass, 'noop'>;
  readonly index: number;
  readonly keyword: string;
  readonly sql: string;
  readonly subject?: string;
  /** 1-based line where it starts. */
  readonly line: number;
}

/** The statements among scanned items as StatementFacts (the engine's statements already are). */
export function factsOf(items: readonly (ScanItem | StatementFacts)[]): StatementFacts[] {
  return items.flatMap((item): StatementFacts[] => {
    if (item.class === 'noop') return [];
    return 'line' in item ? [item] : [{ ...item, line: item.start.line }];
  });
}
