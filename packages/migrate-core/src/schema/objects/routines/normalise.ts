import { splitTopLevel, TokenCursor } from '../tokens.js';
import { normaliseCharset, normaliseCollation } from '../tables/model.js';
import type { DataAccess, Routine, RoutineParameter, RoutineType } from './model.js';

const TYPE_WORDS = new Set(['UNSIGNED', 'SIGNED', 'ZEROFILL', 'BINARY', 'ASCII', 'UNICODE', 'PRECISION', 'VARYING']);

/** A type and its charset/collation, read from the cursor up to the first word that is not part of it. */
function readType(c: TokenCursor): RoutineType {
  const start = c.offset();
  c.next();
  if (c.peek()?.text === '(') c.group();
  let end = c.previous()!.end;
  let charset: string | undefined;
  let collation: string | undefined;
  for (;;) {
    const token = c.peek();
    if (token === undefined) break;
    if (TYPE_WORDS.has(token.value) && token.kind === 'word') {
      c.next();
      end = token.end;
    } else if (c.accept('CHARSET') || c.accept('CHARACTER', 'SET')) charset = normaliseCharset(c.name());
    else if (c.accept('COLLATE')) collation = normaliseCollation(c.name());
    else break;
  }
  const type = c.text.slice(start, end).trim().replace(/\s+/g, ' ');
  return { type, ...(charset ? { charset } : {}), ...(collation ? { collation } : {}) };
}

function parameter(text: string, kind: Routine['kind']): RoutineParameter {
  const c = new TokenCursor(text);
  const mode = kind === 'PROCEDURE' ? (['INOUT', 'IN', 'OUT'] as const).find((word) => c.accept(word)) ?? 'IN' : undefined;
  const name = c.name();
  return { ...(mode ? { mode } : {}), name, ...readType(c) };
}

const ACCESS: readonly (readonly [string[], DataAccess])[] = [
  [['CONTAINS', 'SQL'], 'CONTAINS SQL'], [['NO', 'SQL'], 'NO SQL'], [['READS', 'SQL', 'DATA'], 'READS SQL DATA'], [['MODIFIES', 'SQL', 'DATA'], 'MODIFIES SQL DATA'],
];

/** Reads the characteristics; returns what they set. */
function characteristics(c: TokenCursor): Pick<Routine, 'deterministic' | 'dataAccess' | 'security' | 'comment'> {
  const out = { deterministic: false, dataAccess: 'CONTAINS SQL' as DataAccess, security: 'DEFINER' as Routine['security'], comment: '' };
  for (;;) {
    if (c.accept('NOT', 'DETERMINISTIC')) out.deterministic = false;
    else if (c.accept('DETERMINISTIC')) out.deterministic = true;
    else if (c.accept('LANGUAGE', 'SQL')) continue;
    else if (c.accept('SQL', 'SECURITY')) out.security = c.accept('INVOKER') ? 'INVOKER' : (c.expect('DEFINER'), 'DEFINER');
    else if (c.accept('COMMENT')) out.comment = c.next().value;
    else {
      const access = ACCESS.find(([words]) => c.accept(...words));
      if (access === undefined) return out;
      out.dataAccess = access[1];
    }
  }
}

/**
 * A procedure or function from its CREATE statement: `CREATE [OR REPLACE] [DEFINER=...] {PROCEDURE|FUNCTION}
 * [IF NOT EXISTS] name (parameters) [RETURNS type] [characteristics] body`. Throws an Error naming the line.
 */
export function parseRoutine(sql: string): Routine {
  const c = new TokenCursor(sql);
  const { kind, name } = c.createHeader('PROCEDURE', 'FUNCTION');
  const parameters = splitTopLevel(c.group()).map((text) => parameter(text, kind));
  let returns: RoutineType | undefined;
  if (kind === 'FUNCTION') {
    c.expect('RETURNS');
    returns = readType(c);
  }
  const traits = characteristics(c);
  const body = c.rest();
  if (body === '') throw c.error('the routine body');
  return { kind, name, parameters, ...(returns ? { returns } : {}), ...traits, body };
}
