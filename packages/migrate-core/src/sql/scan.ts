import { BLOCK_CLOSER, BlockTracker, mayHoldBlocks } from './blocks.js';
import { classify, MENTIONED } from './classify.js';
import { breaksLine, directiveOf } from './directive.js';
import { SqlLexError } from './errors.js';
import { Lexer, type LexOptions } from './lexer.js';
import type { Position, ScanItem, SqlStatement } from './model.js';
import { isSql, isTrivia, keywordOf, type Token } from './tokens.js';
import { ddlTargets } from './targets.js';
import { Words, type ClassifyOptions } from './words.js';

export interface ScanOptions extends LexOptions, ClassifyOptions {
  /** Named in errors. */
  readonly file?: string;
}

/** The mysql client's `DELIMITER xx` line; the rest of the line after the delimiter is ignored, as the client does. */
const DELIMITER_COMMAND = /delimiter[ \t]+(\S+)[^\r\n]*/iy;

/** A statement's class depends on how it starts: this many of its first SQL tokens are kept for it. */
const CLASSIFY_TOKENS = 256;

interface Read {
  /** Offset past the statement's delimiter (or its last SQL token at the end of the input). */
  readonly end: number;
  /** Offset past its last SQL token. */
  readonly sqlEnd: number;
  readonly delimiter: string;
  readonly tokens: readonly Token[];
  readonly mentions: ReadonlySet<string>;
  readonly compound: boolean;
  /** At the end of the input: where the comments and whitespace after the last SQL token start. */
  readonly rest?: Position;
}

/**
 * The SQL tokens after the lexer's position (comments and executable comment openings skipped; their `*\/`
 * kept, since it ends a block's last statement in mysqldump output), read from a fork.
 */
function* sqlTokensAhead(lexer: Lexer, delimiter: string): Generator<Token> {
  const fork = lexer.fork();
  while (!fork.atEnd) {
    const token = fork.next(delimiter);
    if (!isTrivia(token) && token.kind !== 'exec-open') yield token;
  }
}

const positionOf = (token: Position): Position => ({ offset: token.offset, line: token.line, col: token.col });

/**
 * One statement from its first token: until the delimiter, a drizzle-kit breakpoint or the end of the input.
 * A `;` inside a compound body or inside an executable comment does not end it; a DELIMITER other than `;`
 * always does, as in the mysql client.
 */
function readStatement(lexer: Lexer, first: Token, delimiter: string): Read {
  const tracker = new BlockTracker();
  let tracked: boolean | undefined;
  const tokens: Token[] = [];
  const mentions = new Set<string>();
  const ahead = () => sqlTokensAhead(lexer, delimiter);
  let sqlEnd = first.end;
  let rest: Position | undefined;
  for (let token = first; ; token = lexer.next(delimiter)) {
    const ending = token.kind === 'breakpoint'
      || (token.kind === 'delimiter' && (delimiter !== ';' || (tracker.depth === 0 && !lexer.insideExecutableComment)));
    if (ending) return { end: token.end, sqlEnd, delimiter: token.text, tokens, mentions, compound: tracker.compound };
    if (isTrivia(token)) rest ??= token;
    else {
      rest = undefined;
      sqlEnd = token.end;
      if (isSql(token)) {
        tracked ??= mayHoldBlocks(token, ahead);
        if (tracked) tracker.feed(token, ahead);
        if (tokens.length < CLASSIFY_TOKENS) tokens.push(token);
        if (token.kind === 'word' && token.text.length >= 12 && MENTIONED.has(token.text.toUpperCase())) mentions.add(token.text.toUpperCase());
      }
    }
    if (lexer.atEnd) break;
  }
  lexer.finish();
  const open = tracker.innermost;
  if (open) throw new SqlLexError('UNCLOSED_BLOCK', `${keywordOf(open.at)} is never closed by ${BLOCK_CLOSER[open.kind]}`, open.at);
  return { end: sqlEnd, sqlEnd, delimiter: '', tokens, mentions, compound: tracker.compound, ...(rest ? { rest: positionOf(rest) } : {}) };
}

/** `DELIMITER xx` at `offset`: the new delimiter and the length of the line. */
function delimiterCommand(text: string, offset: number): { delimiter: string; length: number } | undefined {
  DELIMITER_COMMAND.lastIndex = offset;
  const match = DELIMITER_COMMAND.exec(text);
  if (!match) return undefined;
  const quoted = /^(['"`])(.+)\1$/.exec(match[1]!);
  return { delimiter: quoted ? quoted[2]! : match[1]!, length: match[0].length };
}

function scan(text: string, options: ScanOptions): ScanItem[] {
  const lexer = new Lexer(text, options);
  const items: ScanItem[] = [];
  let delimiter = ';';
  let gap = lexer.position;
  let directives: string[] = [];
  let codeBefore = false;
  let index = 0;
  while (!lexer.atEnd) {
    const command = delimiterCommand(text, lexer.position.offset);
    if (command) {
      lexer.take('client-command', command.length);
      delimiter = command.delimiter;
      continue;
    }
    const token = lexer.next(delimiter);
    if (isTrivia(token) || token.kind === 'delimiter' || token.kind === 'breakpoint') {
      const directive = directiveOf(token, codeBefore);
      if (directive !== undefined) directives.push(directive);
      if (breaksLine(token)) codeBefore = false;
      else if (!isTrivia(token)) codeBefore = true;
      continue;
    }
    const read = readStatement(lexer, token, delimiter);
    codeBefore = true;
    const { class: cls, keyword, subject } = classify(read, options);
    if (cls === 'noop') continue; // e.g. `/*M!100100 ... */;` on MySQL: part of the text between statements
    if (token.offset > gap.offset) items.push({ class: 'noop', raw: text.slice(gap.offset, token.offset), start: gap });
    const statement: SqlStatement = {
      class: cls, index: ++index, raw: text.slice(token.offset, read.end), sql: text.slice(token.offset, read.sqlEnd),
      start: positionOf(token), delimiter: read.delimiter, compound: read.compound, directives, keyword, ...(subject === undefined ? {} : { subject }),
      ...(cls === 'ddl' ? { ddl: ddlTargets(new Words(read.tokens), keyword) } : {}),
    };
    items.push(statement);
    directives = [];
    gap = read.rest ?? lexer.position;
  }
  if (text.length > gap.offset) items.push({ class: 'noop', raw: text.slice(gap.offset), start: gap });
  return items;
}

/**
 * Splits a SQL file into items, losslessly: the items' `raw` texts put together give `text` back exactly.
 * Statements are classified; whitespace, comments, DELIMITER lines and empty statements are `noop` items.
 * Throws SqlLexError (with line and column) on an unterminated quote or comment, or a block never closed.
 */
export function scanStatements(text: string, options: ScanOptions = {}): ScanItem[] {
  try {
    return scan(text, options);
  } catch (error) {
    throw options.file !== undefined && error instanceof SqlLexError ? error.inFile(options.file) : error;
  }
}

/** The executable statements among scanned items. */
export function statementsOf(items: readonly ScanItem[]): SqlStatement[] {
  return items.filter((item): item is SqlStatement => item.class !== 'noop');
}
