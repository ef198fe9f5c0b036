import { MigrateError } from '../errors.js';
import type { Position } from './model.js';

export type SqlLexProblem = 'UNTERMINATED_STRING' | 'UNTERMINATED_IDENTIFIER' | 'UNTERMINATED_COMMENT' | 'UNCLOSED_BLOCK';

/** SQL the scanner cannot read: an unterminated quote or comment, a block never closed. Names where it starts. */
export class SqlLexError extends MigrateError {
  readonly problem: SqlLexProblem;
  readonly line: number;
  readonly col: number;
  readonly offset: number;
  readonly file: string | undefined;
  /** The problem without its place, e.g. `unterminated string: this ' is never closed`. */
  readonly what: string;

  constructor(problem: SqlLexProblem, what: string, at: Position, options: { file?: string; hint?: string } = {}) {
    const where = options.file === undefined ? `line ${at.line}, column ${at.col}` : `${options.file}:${at.line}:${at.col}`;
    super('SOURCE', `${where}: ${what}`, options.hint === undefined ? {} : { hint: options.hint });
    this.what = what;
    this.problem = problem;
    this.line = at.line;
    this.col = at.col;
    this.offset = at.offset;
    this.file = options.file;
  }

  /** The same error, naming the file it came from. */
  inFile(file: string): SqlLexError {
    const at = { offset: this.offset, line: this.line, col: this.col };
    return new SqlLexError(this.problem, this.what, at, this.hint === undefined ? { file } : { file, hint: this.hint });
  }
}

/** A SQL file that is not valid UTF-8. */
export class SqlDecodeError extends MigrateError {
  readonly file: string;
  readonly line: number;
  readonly col: number;
  /** The offending bytes in hex, e.g. `ff` or `e2 82`. */
  readonly bytes: string;

  constructor(file: string, line: number, col: number, bytes: string) {
    super('SOURCE', `${file}:${line}:${col}: not valid UTF-8 (bytes ${bytes})`,
      { hint: `Save ${file} as UTF-8 (most editors: "Save with encoding"; or iconv -f <its encoding> -t UTF-8).` });
    this.file = file;
    this.line = line;
    this.col = col;
    this.bytes = bytes;
  }
}
