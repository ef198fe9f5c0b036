import type { Token } from './tokens.js';

/** A comment line `-- migrate-core: <directive>` gives a directive to the statement below it. */
const DIRECTIVE = /^--\s*migrate-core:\s*(.+?)\s*$/;

/**
 * The directive a token gives, if it is a directive line: a `--` comment of that form with nothing but
 * whitespace before it on its line (`codeBefore` says whether its line already held SQL).
 */
export function directiveOf(token: Token, codeBefore: boolean): string | undefined {
  if (token.kind !== 'line-comment' || codeBefore) return undefined;
  return DIRECTIVE.exec(token.text)?.[1];
}

/** Whether a whitespace token ends a line. */
export function breaksLine(token: Token): boolean {
  return token.kind === 'space' && /[\r\n]/.test(token.text);
}
