import { keywordOf, type Token } from './tokens.js';

/** Reads SQL tokens ahead of the scanner: one token of lookahead, keywords compared upper-cased. */
export class TokenReader {
  private buffered: Token | undefined;
  private done = false;

  constructor(private readonly source: Iterator<Token>) {}

  peek(): Token | undefined {
    if (this.buffered === undefined && !this.done) {
      const next = this.source.next();
      if (next.done) this.done = true;
      else this.buffered = next.value;
    }
    return this.buffered;
  }

  next(): Token | undefined {
    const token = this.peek();
    this.buffered = undefined;
    return token;
  }

  /** Takes the next token when it is the keyword `word`. */
  accept(word: string): boolean {
    if (keywordOf(this.peek()) !== word) return false;
    this.next();
    return true;
  }

  /** Takes a parenthesised group that starts at the next token, if there is one. */
  skipParens(): void {
    if (this.peek()?.text !== '(') return;
    let depth = 0;
    for (let token = this.next(); token !== undefined; token = this.next()) {
      if (token.text === '(') depth++;
      else if (token.text === ')' && --depth === 0) return;
      else if (ends(token)) return;
    }
  }
}

/** A token after which the statement, or the block's last statement, is over. */
export function ends(token: Token | undefined): boolean {
  return token === undefined || token.kind === 'delimiter' || token.kind === 'breakpoint' || token.kind === 'exec-close' || token.text === ';';
}

/** A label or object name: a plain word or a quoted identifier. */
export function isName(token: Token | undefined): boolean {
  return token?.kind === 'word' || token?.kind === 'quoted-ident';
}
