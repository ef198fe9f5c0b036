import { ends, isName, TokenReader } from './reader.js';
import { routineBodyStart } from './routine.js';
import { keywordOf, type Token } from './tokens.js';

/** An open block; `case-expr` is a CASE expression (`CASE WHEN .. END`), the rest are compound statements. */
export type BlockKind = 'begin' | 'if' | 'case-stmt' | 'case-expr' | 'loop' | 'repeat' | 'while';

export interface Block {
  readonly kind: BlockKind;
  readonly at: Token;
  /** A WHILE before its DO. */
  awaitingDo: boolean;
}

/** The word after END that closes each block (`END IF`); a BEGIN block closes with END alone, a CASE expression too. */
const CLOSING_WORD: Partial<Record<BlockKind, string>> = { 'if': 'IF', 'case-stmt': 'CASE', 'loop': 'LOOP', 'repeat': 'REPEAT', 'while': 'WHILE' };

/** How an unclosed block is named in errors. */
export const BLOCK_CLOSER: Record<BlockKind, string> = {
  'begin': 'END', 'if': 'END IF', 'case-stmt': 'END CASE', 'case-expr': 'END', 'loop': 'END LOOP', 'repeat': 'END REPEAT', 'while': 'END WHILE',
};

/** Statements that can hold blocks: stored programs (CREATE/ALTER ...), BEGIN NOT ATOMIC, compound statements. */
const BLOCK_STATEMENTS = new Set(['CREATE', 'ALTER', 'BEGIN', 'IF', 'CASE', 'LOOP', 'REPEAT', 'WHILE']);

/**
 * Whether a statement starting with `first` can hold a `;` inside a block. Others (INSERT, SELECT, SET...) can
 * only hold CASE expressions, which never contain one: the scanner need not follow their blocks.
 */
export function mayHoldBlocks(first: Token, ahead: () => Iterator<Token>): boolean {
  return BLOCK_STATEMENTS.has(keywordOf(first)) || (isName(first) && new TokenReader(ahead()).peek()?.text === ':');
}

/**
 * Follows the blocks of one statement, the way the server's grammar nests them, so that a `;` inside a body
 * does not end the statement. BEGIN, IF, LOOP, REPEAT, WHILE and labels open blocks only at a statement
 * position (the start of a body, after `;`, BEGIN, THEN, ELSE, DO, LOOP, REPEAT, a label, a handler's
 * conditions): elsewhere they are functions (`IF(a,b,c)`, `REPEAT('x', 3)`) or clauses (`DROP TABLE IF
 * EXISTS`). CASE opens a block anywhere: a CASE statement closes with END CASE, a CASE expression with END.
 * A BEGIN that starts a top-level statement is a transaction unless it is MariaDB's `BEGIN NOT ATOMIC`.
 * Known limit: a column named `end` inside a BEGIN block, followed by `;` or by a word and `;`, reads as END.
 */
export class BlockTracker {
  private readonly stack: Block[] = [];
  private first = true;
  private statementStart = true;
  private skip = 0;
  private bodyStart: number | undefined;
  private declaring = false;
  private handler = false;
  /** A block other than a CASE expression was opened: the statement has a body of statements. */
  compound = false;

  get depth(): number {
    return this.stack.length;
  }

  get innermost(): Block | undefined {
    return this.stack[this.stack.length - 1];
  }

  /** Takes the statement's next SQL token; `ahead` yields the SQL tokens after it. */
  feed(token: Token, ahead: () => Iterator<Token>): void {
    if (this.skip > 0) {
      this.skip--;
      return;
    }
    const first = this.first;
    this.first = false;
    if (first) this.bodyStart = routineBodyStart(token, ahead());
    const atStart = this.statementStart || token.offset === this.bodyStart;
    this.statementStart = false;
    if (token.text === ';') {
      this.statementStart = this.depth > 0;
      this.declaring = this.handler = false;
      return;
    }
    if (atStart && this.opensAtStart(token, first, ahead)) return;
    this.inStatement(token, ahead);
  }

  private inStatement(token: Token, ahead: () => Iterator<Token>): void {
    const word = keywordOf(token);
    const top = this.innermost;
    if (word === 'CASE') this.open('case-expr', token);
    else if (word === 'END') this.end(new TokenReader(ahead()));
    else if ((word === 'THEN' || word === 'ELSE') && (top?.kind === 'if' || top?.kind === 'case-stmt')) this.statementStart = true;
    else if (word === 'DO' && top?.awaitingDo) {
      top.awaitingDo = false;
      this.statementStart = true;
    }
    else if (word === 'HANDLER' && this.declaring) this.handler = true;
    else if (word === 'FOR' && this.handler) this.skipHandlerConditions(new TokenReader(ahead()));
  }

  /** A token at a statement position; true when it was a block opener or label and has been handled. */
  private opensAtStart(token: Token, first: boolean, ahead: () => Iterator<Token>): boolean {
    const word = keywordOf(token);
    if (word === 'BEGIN') {
      const reader = new TokenReader(ahead());
      const notAtomic = reader.accept('NOT') && reader.accept('ATOMIC');
      if (first && !notAtomic) return true; // BEGIN [WORK]: a transaction
      this.open('begin', token);
      this.skip = notAtomic ? 2 : 0;
      this.statementStart = true;
      return true;
    }
    if (word === 'IF' || word === 'CASE' || word === 'WHILE') {
      this.open(word === 'IF' ? 'if' : word === 'CASE' ? 'case-stmt' : 'while', token);
      return true;
    }
    if (word === 'LOOP' || (word === 'REPEAT' && new TokenReader(ahead()).peek()?.text !== '(')) {
      this.open(word === 'LOOP' ? 'loop' : 'repeat', token);
      this.statementStart = true;
      return true;
    }
    if (isName(token) && new TokenReader(ahead()).peek()?.text === ':') {
      this.skip = 1;
      this.statementStart = true;
      return true;
    }
    this.declaring = word === 'DECLARE';
    return false;
  }

  private open(kind: BlockKind, at: Token): void {
    this.stack.push({ kind, at, awaitingDo: kind === 'while' });
    if (kind !== 'case-expr') this.compound = true;
  }

  /** END: closes the innermost block when the words after it fit (`END IF` for an IF, `END [label]` for BEGIN). */
  private end(reader: TokenReader): void {
    const top = this.innermost;
    if (top === undefined) return;
    if (top.kind === 'case-expr') {
      this.stack.pop();
      return;
    }
    const closing = CLOSING_WORD[top.kind];
    if (closing !== undefined && !reader.accept(closing)) return;
    const label = isName(reader.peek()) ? 1 : 0;
    if (label) reader.next();
    if (!ends(reader.peek())) {
      if (closing === undefined) return; // `end` was a name, not the end of the block
    }
    this.stack.pop();
    this.skip = (closing === undefined ? 0 : 1) + (label && ends(reader.peek()) ? 1 : 0);
  }

  /** `DECLARE ... HANDLER FOR cond[, cond]`: the handler's body statement starts after the conditions. */
  private skipHandlerConditions(reader: TokenReader): void {
    let count = 0;
    for (;;) {
      const word = keywordOf(reader.next());
      count++;
      if (word === 'SQLSTATE') {
        count += reader.accept('VALUE') ? 2 : 1;
        reader.next();
      }
      else if (word === 'NOT') count += reader.accept('FOUND') ? 1 : 0;
      if (reader.peek()?.text !== ',') break;
      reader.next();
      count++;
    }
    this.skip = count;
    this.statementStart = true;
    this.handler = this.declaring = false;
  }
}
