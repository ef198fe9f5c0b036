// A small tokenizer for the headers of CREATE statements (triggers, routines, events, index definitions): words,
// quoted identifiers, string literals and punctuation, each with its offsets, so that a parser can read a header
// token by token and keep the body that follows as the exact text written.
import { unquoteSqlBody } from '../canonical/types.js';

export interface Token {
  readonly kind: 'word' | 'ident' | 'string' | 'punct';
  /** The text as written. */
  readonly text: string;
  /** Words upper-cased; identifiers and strings unquoted. */
  readonly value: string;
  readonly start: number;
  readonly end: number;
}

const WORD = /[A-Za-z0-9_$]/;

function quotedEnd(text: string, at: number): number {
  const quote = text[at]!;
  let i = at + 1;
  while (i < text.length) {
    if (text[i] === '\\' && quote !== '`') i += 2;
    else if (text[i] === quote && text[i + 1] === quote) i += 2;
    else if (text[i] === quote) return i + 1;
    else i++;
  }
  return text.length;
}

function commentEnd(text: string, at: number): number | undefined {
  if (text[at] === '#' || (text.startsWith('--', at) && /\s|$/.test(text[at + 2] ?? ''))) {
    const end = text.indexOf('\n', at);
    return end === -1 ? text.length : end + 1;
  }
  if (text.startsWith('/*', at) && text[at + 2] !== '!') {
    const end = text.indexOf('*/', at + 2);
    return end === -1 ? text.length : end + 2;
  }
  return undefined;
}

/** The value of a quoted string literal: `'it''s'` -> `it's`, backslash escapes undone. */
export function unquoteString(raw: string): string {
  const body = raw.slice(1, -1);
  return raw.startsWith('"') ? unquoteSqlBody(body.replace(/""/g, '\\"')) : unquoteSqlBody(body);
}

/** The tokens of `text` (comments and blanks skipped). */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < text.length) {
    const ch = text[at]!;
    const skip = /\s/.test(ch) ? at + 1 : commentEnd(text, at);
    if (skip !== undefined) {
      at = skip;
      continue;
    }
    let end = at + 1;
    let kind: Token['kind'] = 'punct';
    if (ch === '`') kind = 'ident';
    else if (ch === "'" || ch === '"') kind = 'string';
    if (kind !== 'punct') end = quotedEnd(text, at);
    else if (WORD.test(ch)) {
      kind = 'word';
      while (end < text.length && WORD.test(text[end]!)) end++;
    }
    const raw = text.slice(at, end);
    const value = kind === 'word' ? raw.toUpperCase()
      : kind === 'ident' ? raw.slice(1, -1).replace(/``/g, '`')
        : kind === 'string' ? unquoteString(raw) : raw;
    tokens.push({ kind, text: raw, value, start: at, end });
    at = end;
  }
  return tokens;
}

/** A cursor over tokens for small recursive-descent parsers; errors name what was expected and where. */
export class TokenCursor {
  private at = 0;

  constructor(readonly text: string, readonly tokens: readonly Token[] = tokenize(text)) {}

  peek(offset = 0): Token | undefined {
    return this.tokens[this.at + offset];
  }

  next(): Token {
    const token = this.tokens[this.at];
    if (token === undefined) throw this.error('more text');
    this.at++;
    return token;
  }

  /** The token consumed last. */
  previous(): Token | undefined {
    return this.tokens[this.at - 1];
  }

  /** True (and consumed) when the next tokens are these words, in order. */
  accept(...words: string[]): boolean {
    const match = words.every((word, i) => {
      const token = this.peek(i);
      return token !== undefined && (token.kind === 'word' || token.kind === 'punct') && token.value === word;
    });
    if (match) this.at += words.length;
    return match;
  }

  expect(...words: string[]): void {
    if (!this.accept(...words)) throw this.error(words.join(' '));
  }

  /** A name: a quoted identifier or a bare word; `db.name` gives `name`. */
  name(): string {
    let token = this.next();
    if (token.kind !== 'ident' && token.kind !== 'word') throw this.error('a name', token);
    while (this.peek()?.text === '.' && (this.peek(1)?.kind === 'ident' || this.peek(1)?.kind === 'word')) {
      this.at++;
      token = this.next();
    }
    return token.kind === 'ident' ? token.value : token.text;
  }

  /**
   * Reads `CREATE [OR REPLACE] [DEFINER = ...] <kind> [IF NOT EXISTS] <name>` for one of `kinds`; returns the
   * kind (as given) and the name.
   */
  createHeader<K extends string>(...kinds: K[]): { kind: K; name: string } {
    this.expect('CREATE');
    this.accept('OR', 'REPLACE');
    this.skipDefiner();
    const kind = kinds.find((word) => this.accept(word));
    if (kind === undefined) throw this.error(kinds.join(' or '));
    this.accept('IF', 'NOT', 'EXISTS');
    return { kind, name: this.name() };
  }

  /** Skips `DEFINER = user@host` (any of its spellings) when present. */
  skipDefiner(): boolean {
    if (!this.accept('DEFINER')) return false;
    this.accept('=');
    const user = this.next();
    if (user.value === 'CURRENT_USER' && this.peek()?.text === '(') this.at += 2;
    else if (this.peek()?.text === '@') {
      this.at++;
      this.next();
    }
    return true;
  }

  /** The offset of the next token (the end of the text when none is left). */
  offset(): number {
    return this.peek()?.start ?? this.text.length;
  }

  /** The text from the next token to the end. */
  rest(): string {
    return this.text.slice(this.offset()).trim();
  }

  /** The raw text of a balanced parenthesised group starting at the next token, without its parentheses. */
  group(): string {
    const open = this.peek();
    if (open?.text !== '(') throw this.error('(', open);
    this.at++;
    let depth = 1;
    for (;;) {
      const token = this.next();
      if (token.text === '(') depth++;
      if (token.text === ')' && --depth === 0) return this.text.slice(open.end, token.start);
    }
  }

  error(expected: string, found: Token | undefined = this.peek()): Error {
    const line = this.text.slice(0, found?.start ?? this.text.length).split('\n').length;
    return new Error(`line ${line}: expected ${expected}, found ${found === undefined ? 'the end' : `\`${found.text}\``}`);
  }
}

/** Splits `a, b(c, d), 'e,f'` at its top-level commas (the parts trimmed). */
export function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (const token of tokenize(text)) {
    if (token.text === '(') depth++;
    else if (token.text === ')') depth--;
    else if (token.text === ',' && depth === 0) {
      parts.push(text.slice(start, token.start).trim());
      start = token.end;
    }
  }
  parts.push(text.slice(start).trim());
  return parts.filter((part) => part !== '');
}
