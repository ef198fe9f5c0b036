import type { StatementClass } from './model.js';
import { TokenReader } from './reader.js';
import { keywordOf, type Token } from './tokens.js';

/** What classification says of a statement: its class, its kind for messages, and the object that matters. */
export interface Classification {
  readonly class: StatementClass;
  readonly keyword: string;
  readonly subject?: string;
}

export interface ClassifyOptions {
  /** The service's own database: `ALTER DATABASE <it>` is ordinary DDL, any other database is refused. */
  readonly database?: string;
}

export function classified(cls: StatementClass, keyword: string, subject?: string): Classification {
  return subject === undefined ? { class: cls, keyword } : { class: cls, keyword, subject };
}

/** The SQL tokens of a statement, read by position; keywords compare upper-cased. */
export class Words {
  constructor(readonly tokens: readonly Token[]) {}

  get length(): number {
    return this.tokens.length;
  }

  /** The keyword at `i` ('' when that token is not a plain word). */
  kw(i: number): string {
    return keywordOf(this.tokens[i]);
  }

  text(i: number): string {
    return this.tokens[i]?.text ?? '';
  }

  /** The first index at or after `from` holding keyword `word`, at parenthesis depth 0; -1 if none. */
  find(word: string, from = 0): number {
    let depth = 0;
    for (let i = from; i < this.tokens.length; i++) {
      const text = this.tokens[i]!.text;
      if (text === '(') depth++;
      else if (text === ')') depth--;
      else if (depth === 0 && this.kw(i) === word) return i;
    }
    return -1;
  }

  /** Whether the keywords from `i` on are `words` in order. */
  has(i: number, ...words: string[]): boolean {
    return words.every((word, k) => this.kw(i + k) === word);
  }

  /** A reader over the tokens from `i`. */
  reader(i: number): TokenReader {
    return new TokenReader(this.tokens.slice(i)[Symbol.iterator]());
  }

  from(i: number): Words {
    return new Words(this.tokens.slice(i));
  }
}

/** A possibly qualified name starting at token `i`: `p`, `shop.p`, `` `shop`.`p` `` -> `shop.p`. */
export function qualifiedNameAt(words: Words, i: number): string | undefined {
  const first = nameOf(words.tokens[i]);
  if (first === undefined || words.text(i + 1) !== '.') return first;
  const second = nameOf(words.tokens[i + 2]);
  return second === undefined ? first : `${first}.${second}`;
}

/** The name a token spells: backticks and quotes removed, doubled quotes undone. */
export function nameOf(token: Token | undefined): string | undefined {
  if (token === undefined) return undefined;
  if (token.kind === 'word') return token.text;
  if (token.kind === 'quoted-ident' || token.kind === 'string') {
    const quote = token.text[0]!;
    return token.text.slice(1, -1).split(quote + quote).join(quote);
  }
  return undefined;
}
