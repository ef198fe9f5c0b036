import type { ExecutableComment } from './flavor.js';
import type { Position } from './model.js';

export type TokenKind =
  | 'space'
  /** `-- ...` (a space or control character after the dashes, as MySQL requires) or `# ...`, line break excluded. */
  | 'line-comment'
  | 'block-comment'
  /** Optimizer hint `/*+ ... *\/`: a comment to the scanner. */
  | 'hint'
  /** `/*!50003` or `/*M!100100` of an executable comment this server runs: its content follows as tokens. */
  | 'exec-open'
  /** The `*\/` that closes an executable comment that runs. */
  | 'exec-close'
  /** A whole executable comment this server does not run: a comment. */
  | 'exec-skipped'
  | 'string'
  /** `` `name` ``, or `"name"` under ANSI_QUOTES. */
  | 'quoted-ident'
  | 'word'
  | 'number'
  /** `@name`, `@@name`, `@@session.name`. */
  | 'variable'
  | 'symbol'
  /** The DELIMITER in force (`;` unless a DELIMITER line changed it). */
  | 'delimiter'
  /** drizzle-kit's `--> statement-breakpoint` line. */
  | 'breakpoint'
  /** A line the mysql client reads itself: `DELIMITER $$`. */
  | 'client-command';

export interface Token extends Position {
  readonly kind: TokenKind;
  readonly text: string;
  /** Offset just past the token. */
  readonly end: number;
  /** For `exec-open` and `exec-skipped`. */
  readonly comment?: ExecutableComment;
}

/** Whitespace and comments: what the server skips. */
export function isTrivia(token: Token): boolean {
  const kind = token.kind;
  return kind === 'space' || kind === 'line-comment' || kind === 'block-comment' || kind === 'hint' || kind === 'exec-skipped';
}

/** A token the server reads as SQL, apart from the brackets of executable comments. */
export function isSql(token: Token): boolean {
  return !isTrivia(token) && token.kind !== 'exec-open' && token.kind !== 'exec-close';
}

/** The upper-cased text of a word token, or '' for any other token: keywords compare with `===`. */
export function keywordOf(token: Token | undefined): string {
  return token?.kind === 'word' ? token.text.toUpperCase() : '';
}
