import { ends, isName, TokenReader } from './reader.js';
import { keywordOf, type Token } from './tokens.js';

export type RoutineKind = 'PROCEDURE' | 'FUNCTION' | 'TRIGGER' | 'EVENT';

/** Words that may stand between CREATE and the kind of object created. */
const MODIFIERS = new Set(['OR', 'REPLACE', 'AGGREGATE', 'ALGORITHM', 'SQL', 'SECURITY', 'DEFINER', 'INVOKER',
  'UNDEFINED', 'MERGE', 'TEMPTABLE', 'EDITIONABLE', 'NONEDITIONABLE', '=']);

/** Procedure characteristics: COMMENT 'x', LANGUAGE SQL, [NOT] DETERMINISTIC, READS SQL DATA, SQL SECURITY INVOKER... */
const CHARACTERISTICS = new Set(['COMMENT', 'LANGUAGE', 'NOT', 'DETERMINISTIC', 'CONTAINS', 'NO', 'SQL', 'READS',
  'MODIFIES', 'DATA', 'SECURITY', 'DEFINER', 'INVOKER']);

/** Words that can open a stored function's body (it must RETURN, so it cannot be a plain statement). */
const FUNCTION_BODY = new Set(['RETURN', 'BEGIN', 'IF', 'CASE', 'LOOP', 'REPEAT', 'WHILE']);

/** Skips `DEFINER = user`: `'u'@'h'`, `` `u`@`h` ``, `u@h`, `CURRENT_USER`, `CURRENT_USER()`. */
function skipDefiner(reader: TokenReader): void {
  reader.next(); // =
  reader.next();
  reader.skipParens();
  if (reader.peek()?.kind === 'variable') reader.next();
  else if (reader.peek()?.text === '@') {
    reader.next();
    reader.next();
  }
}

/**
 * After CREATE, ALTER or DROP: the first word past the modifiers OR REPLACE, DEFINER = ..., ALGORITHM = ...,
 * SQL SECURITY ..., AGGREGATE (upper-cased), with the reader left just past it: `TABLE`, `PROCEDURE`,
 * `TEMPORARY`, `UNIQUE`...
 */
export function objectWord(reader: TokenReader): string | undefined {
  for (let token = reader.next(); !ends(token); token = reader.next()) {
    const word = keywordOf(token) || token!.text;
    if (word === 'DEFINER' && reader.peek()?.text === '=') skipDefiner(reader);
    else if (!MODIFIERS.has(word)) return word;
  }
  return undefined;
}

const ROUTINES: ReadonlySet<string> = new Set<RoutineKind>(['PROCEDURE', 'FUNCTION', 'TRIGGER', 'EVENT']);

/** Moves past the next parenthesised group at depth 0 (a parameter list); false when the statement ends first. */
function skipToParameters(reader: TokenReader): boolean {
  while (!ends(reader.peek())) {
    if (reader.peek()!.text === '(') {
      reader.skipParens();
      return true;
    }
    reader.next();
  }
  return false;
}

function procedureBody(reader: TokenReader): Token | undefined {
  if (!skipToParameters(reader)) return undefined;
  while (CHARACTERISTICS.has(keywordOf(reader.peek()))) {
    if (reader.next()!.text.toUpperCase() === 'COMMENT') reader.next();
  }
  return ends(reader.peek()) ? undefined : reader.peek();
}

function functionBody(reader: TokenReader): Token | undefined {
  if (!skipToParameters(reader)) return undefined; // a loadable function: RETURNS type SONAME 'lib.so'
  while (!ends(reader.peek())) {
    const token = reader.next()!;
    if (token.text === '(') {
      reader.skipParens();
      continue;
    }
    if (FUNCTION_BODY.has(keywordOf(token))) return token;
    if (isName(token) && reader.peek()?.text === ':') return token;
  }
  return undefined;
}

function triggerBody(reader: TokenReader): Token | undefined {
  while (!ends(reader.peek())) {
    if (reader.accept('EACH') && reader.accept('ROW')) {
      if (reader.accept('FOLLOWS') || reader.accept('PRECEDES')) reader.next();
      return ends(reader.peek()) ? undefined : reader.peek();
    }
    if (reader.peek()?.text === '(') reader.skipParens();
    else reader.next();
  }
  return undefined;
}

function eventBody(reader: TokenReader): Token | undefined {
  while (!ends(reader.peek())) {
    if (reader.accept('DO')) return ends(reader.peek()) ? undefined : reader.peek();
    if (reader.peek()?.text === '(') reader.skipParens();
    else reader.next();
  }
  return undefined;
}

const BODY_OF: Record<RoutineKind, (reader: TokenReader) => Token | undefined> = {
  PROCEDURE: procedureBody, FUNCTION: functionBody, TRIGGER: triggerBody, EVENT: eventBody,
};

/**
 * Where the body of a stored program starts, when `first` begins `CREATE ... PROCEDURE|FUNCTION|TRIGGER|EVENT`
 * (or ALTER EVENT ... DO). The body's first token is a statement position, so BEGIN, IF, CASE, LOOP, REPEAT,
 * WHILE or a label there open a block. `ahead` yields the SQL tokens after `first`.
 */
export function routineBodyStart(first: Token, ahead: Iterator<Token>): number | undefined {
  const verb = keywordOf(first);
  if (verb !== 'CREATE' && verb !== 'ALTER') return undefined;
  const reader = new TokenReader(skipExecClose(ahead));
  const kind = objectWord(reader);
  return kind !== undefined && ROUTINES.has(kind) ? BODY_OF[kind as RoutineKind](reader)?.offset : undefined;
}

/** The `*\/` of mysqldump's `/*!50003 CREATE*\/ /*!50017 DEFINER=...*\/` headers is not part of the header. */
function* skipExecClose(tokens: Iterator<Token>): Generator<Token> {
  for (let next = tokens.next(); !next.done; next = tokens.next()) if (next.value.kind !== 'exec-close') yield next.value;
}
