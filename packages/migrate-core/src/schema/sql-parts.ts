// Pure: the pieces of a DDL statement that readers of generated and hand-written SQL share: its SQL tokens
// (from the statement lexer, so quotes and comments are read as the server reads them) and its parts between
// commas outside parentheses (the elements of CREATE TABLE, the clauses of ALTER TABLE, an index's key parts).
import { tokenize } from '../sql/lexer.js';
import { isSql, type Token } from '../sql/tokens.js';

/** The SQL tokens of a statement: no whitespace, comments or executable-comment brackets; [] if it does not lex. */
export function sqlTokens(sql: string): Token[] {
  try {
    return tokenize(sql, { flavor: 'all' }).filter(isSql);
  } catch {
    return [];
  }
}

/** Splits tokens at commas outside parentheses. */
export function splitTopLevel(tokens: readonly Token[]): Token[][] {
  const parts: Token[][] = [[]];
  let depth = 0;
  for (const token of tokens) {
    if (token.text === '(') depth++;
    else if (token.text === ')') depth--;
    if (depth === 0 && token.text === ',') parts.push([]);
    else parts.at(-1)!.push(token);
  }
  return parts.filter((part) => part.length > 0);
}

/** The index of the `)` that closes the `(` at `open`, or `tokens.length`. */
export function closingParen(tokens: readonly Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    if (tokens[i]!.text === '(') depth++;
    else if (tokens[i]!.text === ')' && --depth === 0) return i;
  }
  return tokens.length;
}
