import { ends, type TokenReader } from './reader.js';
import { objectWord } from './routine.js';
import { keywordOf } from './tokens.js';
import { nameOf, type Words } from './words.js';

/** A schema object a DDL statement creates, changes or removes, as information_schema knows it. */
export interface ObjectRef {
  readonly kind: 'table' | 'view' | 'trigger' | 'procedure' | 'function' | 'event' | 'database';
  /** The database it names (`shop.t`); undefined: the service's own. */
  readonly schema?: string;
  readonly name: string;
}

/** What a DDL statement touches: the objects it names, and what bears on whether the server runs it atomically. */
export interface DdlTargets {
  readonly targets: readonly ObjectRef[];
  /** `CREATE OR REPLACE ...`. */
  readonly orReplace: boolean;
  /** `CREATE TABLE ... SELECT`: creates the table and fills it. */
  readonly withSelect: boolean;
  /**
   * It creates, drops or renames whole objects (not OR REPLACE): whether each exists is all it can change, so
   * that is all a proof of its outcome needs to compare.
   */
  readonly wholeObjects: boolean;
}

const NONE: DdlTargets = { targets: [], orReplace: false, withSelect: false, wholeObjects: false };

const KIND_OF_OBJECT: Readonly<Record<string, ObjectRef['kind']>> = {
  TABLE: 'table', SEQUENCE: 'table', VIEW: 'view', TRIGGER: 'trigger', PROCEDURE: 'procedure', FUNCTION: 'function', EVENT: 'event',
};

/** A possibly qualified name at the reader: `t`, `shop.t`, `` `shop`.`t` ``; the reader is left past it. */
function readName(reader: TokenReader, kind: ObjectRef['kind']): ObjectRef | undefined {
  const first = nameOf(reader.peek());
  if (first === undefined || ends(reader.peek())) return undefined;
  reader.next();
  if (reader.peek()?.text !== '.') return { kind, name: first };
  reader.next();
  const second = nameOf(reader.next());
  return second === undefined ? { kind, name: first } : { kind, schema: first, name: second };
}

/** `a, b, c` (DROP TABLE, DROP VIEW). */
function readNames(reader: TokenReader, kind: ObjectRef['kind']): ObjectRef[] {
  const names: ObjectRef[] = [];
  for (let name = readName(reader, kind); name !== undefined; name = readName(reader, kind)) {
    names.push(name);
    if (reader.peek()?.text !== ',') break;
    reader.next();
  }
  return names;
}

function skipIfExists(reader: TokenReader): void {
  if (!reader.accept('IF')) return;
  reader.accept('NOT');
  reader.accept('EXISTS');
}

/**
 * The table's new name after the RENAME at `at` of an ALTER TABLE (`RENAME [TO|AS] u`); undefined for RENAME
 * COLUMN, INDEX, KEY or CONSTRAINT, which rename something inside the table.
 */
export function tableRenamedAt(words: Words, at: number): ObjectRef | undefined {
  const next = words.kw(at + 1);
  if (next === 'COLUMN' || next === 'INDEX' || next === 'KEY' || next === 'CONSTRAINT') return undefined;
  const reader = words.reader(at + 1);
  if (!reader.accept('TO')) reader.accept('AS');
  return readName(reader, 'table');
}

/** `ALTER TABLE t ... RENAME [TO|AS] u`: the new name. */
function renamedTo(words: Words, from: number): ObjectRef | undefined {
  for (let at = words.find('RENAME', from); at !== -1; at = words.find('RENAME', at + 1)) {
    const renamed = tableRenamedAt(words, at);
    if (renamed !== undefined) return renamed;
  }
  return undefined;
}

/** One rename of RENAME TABLE: `from` becomes `to`. */
export interface TableRename {
  readonly from: ObjectRef;
  readonly to: ObjectRef;
}

/**
 * `RENAME TABLE[S] [IF EXISTS] a [WAIT n | NOWAIT] TO b, c TO d`: the renames in the order the server makes them;
 * `complete` is false when a part of the list is not a rename, the renames before it kept.
 */
export function tableRenames(words: Words): { renames: TableRename[]; complete: boolean } {
  const reader = words.reader(2);
  skipIfExists(reader);
  const renames: TableRename[] = [];
  for (;;) {
    const from = readName(reader, 'table');
    if (from === undefined) return { renames, complete: false };
    if (reader.accept('WAIT')) reader.next();
    else reader.accept('NOWAIT');
    const to = reader.accept('TO') ? readName(reader, 'table') : undefined;
    if (to === undefined) return { renames, complete: false };
    renames.push({ from, to });
    if (reader.peek()?.text !== ',') return { renames, complete: true };
    reader.next();
  }
}

/** `RENAME TABLE a TO b, c TO d`: every name on both sides. */
function renameTargets(words: Words): DdlTargets {
  return { ...NONE, targets: tableRenames(words).renames.flatMap(({ from, to }) => [from, to]), wholeObjects: true };
}

/** CREATE/ALTER/DROP of a table, index, view, trigger, routine, event or sequence. */
function objectTargets(words: Words): DdlTargets {
  const verb = words.kw(0);
  const orReplace = verb === 'CREATE' && words.has(1, 'OR', 'REPLACE');
  const reader = words.reader(1);
  let object = objectWord(reader);
  if (object === 'TEMPORARY') return NONE; // lives in the session: nothing in information_schema
  while (object === 'UNIQUE' || object === 'FULLTEXT' || object === 'SPATIAL' || object === 'ONLINE' || object === 'OFFLINE' || object === 'IGNORE') {
    object = keywordOf(reader.next()) || undefined;
  }
  if (object === 'INDEX') {
    // CREATE INDEX i [USING ...] ON t (...), DROP INDEX i ON t: the table changes.
    const on = words.find('ON');
    return on === -1 ? NONE : { ...NONE, targets: [readName(words.reader(on + 1), 'table')].filter((ref) => ref !== undefined) };
  }
  const kind = object === undefined ? undefined : KIND_OF_OBJECT[object];
  if (kind === undefined) return NONE;
  skipIfExists(reader);
  if (verb === 'DROP' && (kind === 'table' || kind === 'view')) return { ...NONE, targets: readNames(reader, kind), wholeObjects: true };
  const named = readName(reader, kind);
  if (named === undefined) return NONE;
  const renamed = verb === 'ALTER' && kind === 'table' ? renamedTo(words, 2) : undefined;
  // `CREATE TABLE t [(...)] [AS] SELECT ...`, `AS (SELECT ...)`: AS inside the column list (generated columns) is deeper.
  const withSelect = verb === 'CREATE' && kind === 'table' && (words.find('SELECT') !== -1 || words.find('AS') !== -1);
  const wholeObjects = (verb === 'CREATE' && !orReplace) || verb === 'DROP';
  return { targets: renamed ? [named, renamed] : [named], orReplace, withSelect, wholeObjects };
}

/**
 * The objects a DDL statement names, read from its first tokens, for the engine's proof of whether it took
 * effect after an interruption (a signature of their information_schema rows before and after). Statements
 * that name nothing information_schema describes (GRANT, CREATE USER, ANALYZE...) have none.
 */
export function ddlTargets(words: Words, keyword: string): DdlTargets {
  const verb = words.kw(0);
  if (verb === 'RENAME' && words.kw(1) === 'TABLE') return renameTargets(words);
  if (verb === 'TRUNCATE') {
    const reader = words.reader(1);
    reader.accept('TABLE');
    return { ...NONE, targets: [readName(reader, 'table')].filter((ref) => ref !== undefined) };
  }
  if (keyword === 'ALTER DATABASE') return { ...NONE, targets: [{ kind: 'database', name: '' }] };
  if (verb === 'CREATE' || verb === 'ALTER' || verb === 'DROP') return objectTargets(words);
  return NONE;
}
