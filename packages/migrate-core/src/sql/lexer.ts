import { DEFAULT_FLAVOR, runsOn, versionDigits, type ExecutableComment, type Flavor } from './flavor.js';
import { SqlLexError } from './errors.js';
import type { Position } from './model.js';
import { allDigits, isDigit, isSpace, isWordChar, skipSpaces, wordEnd } from './chars.js';
import type { Token, TokenKind } from './tokens.js';

export interface LexOptions {
  /** Decides which executable comments are code; `'all'` runs every one (checksums). Default DEFAULT_FLAVOR. */
  readonly flavor?: Flavor | 'all';
  /** `\` escapes in strings (default true; false is sql_mode NO_BACKSLASH_ESCAPES). */
  readonly backslashEscapes?: boolean;
  /** `"..."` is an identifier, not a string (sql_mode ANSI_QUOTES). */
  readonly ansiQuotes?: boolean;
}

/** drizzle-kit's separator line. */
export const BREAKPOINT = '--> statement-breakpoint';

interface State {
  at: number;
  line: number;
  col: number;
  /** Where the executable comment we are inside started. */
  exec: Position | undefined;
}

/**
 * MySQL's lexical rules, one token at a time. The statement scanner passes the delimiter in force to each
 * `next`, since the mysql client's DELIMITER can change it between statements. Never runs silently to the end
 * of the input: an unterminated quote or comment is a SqlLexError naming where it opened.
 */
export class Lexer {
  private readonly flavor: Flavor | 'all';
  private readonly escapes: boolean;
  private readonly ansiQuotes: boolean;
  private state: State;
  private backslashAt = -1;

  constructor(readonly text: string, readonly options: LexOptions = {}, state?: State) {
    this.flavor = options.flavor ?? DEFAULT_FLAVOR;
    this.escapes = options.backslashEscapes ?? true;
    this.ansiQuotes = options.ansiQuotes ?? false;
    this.state = state ? { ...state } : { at: 0, line: 1, col: 1, exec: undefined };
  }

  get atEnd(): boolean {
    return this.state.at >= this.text.length;
  }

  get position(): Position {
    return { offset: this.state.at, line: this.state.line, col: this.state.col };
  }

  /** Inside an executable comment that runs: its content is SQL, its `*\/` is still to come. */
  get insideExecutableComment(): boolean {
    return this.state.exec !== undefined;
  }

  /** A copy that reads ahead without moving this one. */
  fork(): Lexer {
    const fork = new Lexer(this.text, this.options, this.state);
    fork.backslashAt = this.backslashAt;
    return fork;
  }

  /** The next `length` characters as one token of `kind` (for lines the mysql client reads itself). */
  take(kind: TokenKind, length: number): Token {
    return this.emit(kind, this.state.at + length);
  }

  /** The next token. `delimiter` is matched before anything else outside quotes and comments, as the client does. */
  next(delimiter = ''): Token {
    const { text } = this;
    const at = this.state.at;
    const c = text.charCodeAt(at);
    if (delimiter !== '' && text.startsWith(delimiter, at)) return this.emit('delimiter', at + delimiter.length);
    // Tested by code unit, not by startsWith (calls cost most while the lexer is not yet optimized).
    if (isSpace(c)) return this.emit('space', skipSpaces(text, at));
    if (c === 45 && text.startsWith(BREAKPOINT, at)) return this.emit('breakpoint', this.lineEnd(at));
    if (c === 35 || (c === 45 && text.charCodeAt(at + 1) === 45 && !(text.charCodeAt(at + 2) > 32))) return this.emit('line-comment', this.lineEnd(at));
    if (c === 47 && text.charCodeAt(at + 1) === 42) return this.comment(at);
    if (c === 42 && this.state.exec && text.charCodeAt(at + 1) === 47) return this.closeExec(at);
    if (c === 39 || c === 34 || c === 96) return this.quoted(at, c);
    if (c === 64) return this.variable(at);
    if (isWordChar(c)) return this.word(at, delimiter);
    if (c === 58 && text.charCodeAt(at + 1) === 61) return this.emit('symbol', at + 2, undefined, false);
    return this.emit('symbol', at + 1, undefined, false);
  }

  private comment(at: number): Token {
    const { text } = this;
    const mariadbOnly = text.startsWith('/*M!', at);
    if (mariadbOnly || text.startsWith('/*!', at)) {
      const digitsAt = at + (mariadbOnly ? 4 : 3);
      const found = this.skipWhile(digitsAt, isDigit) - digitsAt;
      const max = this.flavor === 'all' ? 6 : versionDigits(this.flavor);
      // Fewer than 5 digits are not a version: the server reads them as the comment's content.
      const digits = found >= 5 ? Math.min(found, max) : 0;
      const comment: ExecutableComment = { mariadbOnly, version: digits ? Number(text.slice(digitsAt, digitsAt + digits)) : undefined, digits };
      const runs = this.flavor === 'all' || runsOn(comment, this.flavor);
      if (runs && !this.state.exec) {
        const token = this.emit('exec-open', digitsAt + digits, comment);
        this.state.exec = token;
        return token;
      }
      return this.emit('exec-skipped', this.commentEnd(at), comment);
    }
    return this.emit(text.startsWith('/*+', at) ? 'hint' : 'block-comment', this.commentEnd(at));
  }

  private closeExec(at: number): Token {
    this.state.exec = undefined;
    return this.emit('exec-close', at + 2);
  }

  private commentEnd(at: number): number {
    const close = this.text.indexOf('*/', at + 2);
    if (close === -1) throw new SqlLexError('UNTERMINATED_COMMENT', 'unterminated comment: this /* is never closed by */', this.position);
    return close + 2;
  }

  private quoted(at: number, quote: number): Token {
    const { text } = this;
    const identifier = quote === 96 || (quote === 34 && this.ansiQuotes);
    const escapes = this.escapes && !identifier;
    const mark = String.fromCharCode(quote);
    // Jumps from quote to quote (and backslash to backslash) with indexOf: a 10 MB literal is one native search.
    for (let i = at + 1, close = text.indexOf(mark, i); close !== -1; close = text.indexOf(mark, i)) {
      const escape = escapes ? this.nextBackslash(i) : text.length;
      if (escape < close) i = escape + 2;
      else if (text.charCodeAt(close + 1) === quote) i = close + 2;
      else return this.emit(identifier ? 'quoted-ident' : 'string', close + 1);
    }
    throw identifier
      ? new SqlLexError('UNTERMINATED_IDENTIFIER', `unterminated identifier: this ${mark} is never closed`, this.position)
      : new SqlLexError('UNTERMINATED_STRING', `unterminated string: this ${mark} is never closed`, this.position,
        { hint: `Close the string; inside it write ${mark}${mark}${escapes ? ` or \\${mark}` : ''} for a ${mark}.` });
  }

  /** The first `\` at or after `from` (text.length if none), remembered until passed, so strings never rescan. */
  private nextBackslash(from: number): number {
    if (this.backslashAt < from) {
      const found = this.text.indexOf('\\', from);
      this.backslashAt = found === -1 ? this.text.length : found;
    }
    return this.backslashAt;
  }

  private variable(at: number): Token {
    const { text } = this;
    const system = text.charCodeAt(at + 1) === 64;
    const nameAt = at + (system ? 2 : 1);
    let end = this.skipWhile(nameAt, isWordChar);
    if (end === nameAt) return this.emit('symbol', at + 1);
    // `@@session.sql_mode`, `@@global.x`; a user variable may contain dots itself.
    while (text.charCodeAt(end) === 46 && isWordChar(text.charCodeAt(end + 1))) end = this.skipWhile(end + 1, isWordChar);
    return this.emit('variable', end);
  }

  private word(at: number, delimiter: string): Token {
    const { text } = this;
    const end = wordEnd(text, at, delimiter !== '' && isWordChar(delimiter.charCodeAt(0)) ? delimiter : '');
    return this.emit(isDigit(text.charCodeAt(at)) && allDigits(text, at, end) ? 'number' : 'word', end, undefined, false);
  }

  private lineEnd(at: number): number {
    let end = at;
    while (end < this.text.length && this.text[end] !== '\n' && this.text[end] !== '\r') end++;
    return end;
  }

  private skipWhile(at: number, test: (c: number) => boolean): number {
    let end = at;
    while (end < this.text.length && test(this.text.charCodeAt(end))) end++;
    return end;
  }

  /**
   * The token from the position to `end`; moves the position past it, counting CR, LF and CRLF as one line end
   * each. `breaks`: whether the token can hold a line end (words and symbols cannot).
   */
  private emit(kind: TokenKind, end: number, comment?: ExecutableComment, breaks = true): Token {
    const s = this.state;
    const text = this.text.slice(s.at, end);
    const token: Token = { kind, text, offset: s.at, line: s.line, col: s.col, end, comment };
    let lastBreak = -1;
    if (breaks) {
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
        s.line++;
        lastBreak = i;
      }
      for (let i = text.indexOf('\r'); i !== -1; i = text.indexOf('\r', i + 1)) {
        if (this.text.charCodeAt(s.at + i + 1) === 10) continue;
        s.line++;
        lastBreak = Math.max(lastBreak, i);
      }
    }
    s.col = lastBreak === -1 ? s.col + text.length : text.length - lastBreak;
    s.at = end;
    return token;
  }

  /** At the end of the input: an executable comment still open is unterminated. */
  finish(): void {
    if (this.state.exec) throw new SqlLexError('UNTERMINATED_COMMENT', 'unterminated executable comment: never closed by */', this.state.exec);
  }
}

/** Every token of `text`, with no DELIMITER handling. */
export function tokenize(text: string, options: LexOptions = {}): Token[] {
  const lexer = new Lexer(text, options);
  const tokens: Token[] = [];
  while (!lexer.atEnd) tokens.push(lexer.next());
  lexer.finish();
  return tokens;
}

