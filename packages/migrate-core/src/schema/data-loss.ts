// Pure: which statements destroy data (drop a table or column, narrow a column's type, truncate). Works on SQL
// text, generated or written by hand, so that `generate`, `check` and rollback's guard judge a file the same way.
// Statements are read from the SQL lexer's tokens (comments, executable comments, quotes and line breaks as the
// server reads them) and their tables from src/sql/targets.ts. A statement that destroys data but whose table or
// column cannot be read is still reported, with `unread` saying why: it may destroy anything.
import { DEFAULT_FLAVOR } from '../sql/flavor.js';
import { tokenize, type LexOptions } from '../sql/lexer.js';
import { objectWord } from '../sql/routine.js';
import { ddlTargets, type ObjectRef } from '../sql/targets.js';
import { isSql, keywordOf, type Token } from '../sql/tokens.js';
import { nameOf, Words } from '../sql/words.js';
import { isNarrowing } from './column-types.js';
import type { KitSnapshot } from './drizzle/kit-snapshot.js';
import { splitTopLevel } from './sql-parts.js';

/** The directive that acknowledges a destructive statement in an up file. */
export const ALLOW_DATA_LOSS = 'allow-data-loss';

/** A table as a statement names it: `t`, or `shop.t` in the database `shop`. */
export interface TableName {
  /** The database the statement names, as written; undefined: the one the statement runs on. */
  readonly database?: string;
  /** '' when the statement's table could not be read (`unread` says why). */
  readonly table: string;
}

/**
 * The type `column` of `table` has before the statement runs, if known: judges a narrowing. The names are as the
 * statement writes them.
 */
export type ColumnTypeOf = (table: TableName, column: string) => string | undefined;

export interface DataLoss extends TableName {
  readonly kind: 'drop-table' | 'drop-column' | 'narrow-column' | 'truncate';
  readonly column?: string;
  /** e.g. "drops column `users`.`age` and its data", "drops table `archive`.`logs` and every row in it". */
  readonly what: string;
  /**
   * Why the table or column the statement destroys could not be read from it (e.g. "the table names could not be
   * read"): what it destroys cannot be counted, and must be taken to be anything.
   */
  readonly unread?: string;
}

/** How the statement's text is read: the server's flavor decides which executable comments are code. */
export type DataLossReadOptions = Pick<LexOptions, 'flavor' | 'ansiQuotes' | 'backslashEscapes'>;

/** After ALTER TABLE t DROP: what is dropped when it is not a column (all reserved words: no column is named so unquoted). */
const NOT_COLUMN = new Set(['INDEX', 'KEY', 'FOREIGN', 'PRIMARY', 'CONSTRAINT', 'CHECK', 'PARTITION', 'UNIQUE', 'FULLTEXT', 'SPATIAL']);

/**
 * Whether `DROP ...` drops an index, key, constraint, partition or versioning, not a column. SYSTEM and PERIOD are
 * not reserved (a column may be called so): only DROP SYSTEM VERSIONING and DROP PERIOD FOR are not columns.
 */
function dropsNoColumn(clause: readonly Token[]): boolean {
  const what = keywordOf(clause[1]);
  if (what === 'SYSTEM') return keywordOf(clause[2]) === 'VERSIONING';
  if (what === 'PERIOD') return keywordOf(clause[2]) === 'FOR';
  return NOT_COLUMN.has(what);
}

/** Where a column's type ends in MODIFY/CHANGE: its attributes start. */
const TYPE_END = new Set(['NOT', 'NULL', 'DEFAULT', 'AUTO_INCREMENT', 'PRIMARY', 'UNIQUE', 'KEY', 'COMMENT', 'ON', 'FIRST', 'AFTER',
  'COLLATE', 'CHARACTER', 'CHARSET', 'GENERATED', 'AS', 'CHECK', 'REFERENCES', 'INVISIBLE', 'VISIBLE', 'COMPRESSED', 'PERSISTENT',
  'VIRTUAL', 'STORED', 'WITH', 'WITHOUT', 'SERIAL', 'COLUMN_FORMAT', 'STORAGE', 'ENGINE_ATTRIBUTE', 'SECONDARY_ENGINE_ATTRIBUTE']);

/** Words between ALTER and TABLE. */
const ALTER_MODIFIERS = new Set(['ONLINE', 'OFFLINE', 'IGNORE']);

/** What may follow the last name of DROP TABLE, or precede ALTER TABLE's first clause: `WAIT n`, `NOWAIT`, RESTRICT, CASCADE. */
const TRAILING = new Set(['RESTRICT', 'CASCADE', 'NOWAIT']);

/** `` `t` `` or `` `shop`.`t` ``, as messages show a table. */
function shown(name: TableName): string {
  return name.database === undefined ? `\`${name.table}\`` : `\`${name.database}\`.\`${name.table}\``;
}

/** An object a statement names, as a table name (its database kept). */
export const tableNameOf = (ref: ObjectRef): TableName => (ref.schema === undefined ? { table: ref.name } : { database: ref.schema, table: ref.name });

/** The statement as its SQL tokens show it (comments left out), shortened, for a message about what could not be read. */
function excerpt(words: Words): string {
  const text = words.tokens.map((token) => token.text.replace(/\s+/g, ' ')).join(' ');
  return text.length <= 80 ? text : `${text.slice(0, 77)}...`;
}

/** A loss whose table (or column) the statement does not let us read. */
function unreadLoss(kind: DataLoss['kind'], words: Words, unread: string, table: TableName = { table: '' }): DataLoss {
  const what = { 'drop-table': 'drops tables', 'drop-column': 'drops columns', 'narrow-column': 'changes column types', truncate: 'deletes every row of a table' }[kind];
  return { kind, ...table, what: `${what} (\`${excerpt(words)}\`)`, unread };
}

const dropTableLoss = (table: TableName): DataLoss => ({ kind: 'drop-table', ...table, what: `drops table ${shown(table)} and every row in it` });

/** The tokens after `from`, with `IF EXISTS` skipped. */
function afterIfExists(tokens: readonly Token[], from: number): readonly Token[] {
  return keywordOf(tokens[from]) === 'IF' && keywordOf(tokens[from + 1]) === 'EXISTS' ? tokens.slice(from + 2) : tokens.slice(from);
}

/** How many tokens a name takes at the start of `tokens`: `t` 1, `shop . t` 3; 0 when there is no name. */
function nameLength(tokens: readonly Token[]): number {
  if (nameOf(tokens[0]) === undefined) return 0;
  return tokens[1]?.text === '.' && nameOf(tokens[2]) !== undefined ? 3 : 1;
}

/** Takes `WAIT n`, `NOWAIT`, RESTRICT and CASCADE off the start of `tokens`. */
function skipTrailing(tokens: readonly Token[]): readonly Token[] {
  let at = 0;
  for (;;) {
    if (keywordOf(tokens[at]) === 'WAIT' && tokens[at + 1]?.kind === 'number') at += 2;
    else if (TRAILING.has(keywordOf(tokens[at]))) at++;
    else return tokens.slice(at);
  }
}

/**
 * DROP TABLE a, b: a loss per table targets.ts reads. Every part of the list must be a name: when one is not
 * (or the words before TABLE are not what DROP TABLE allows), the tables it names are not all known.
 */
function dropTableLosses(words: Words, objectIsTable: boolean): DataLoss[] {
  const names = objectIsTable ? ddlTargets(words, 'DROP TABLE').targets.map(tableNameOf) : [];
  const parts = splitTopLevel(afterIfExists(words.tokens, words.find('TABLE') + 1));
  const allNames = parts.length === names.length && parts.every((part, i) => {
    const length = nameLength(part);
    return length > 0 && (i < parts.length - 1 ? length === part.length : skipTrailing(part.slice(length)).length === 0);
  });
  const losses = names.map(dropTableLoss);
  return allNames && names.length > 0 ? losses : [...losses, unreadLoss('drop-table', words, 'the table names could not be read')];
}

function truncateLosses(words: Words): DataLoss[] {
  const [ref] = ddlTargets(words, 'TRUNCATE TABLE').targets;
  if (ref === undefined) return [unreadLoss('truncate', words, 'the table name could not be read')];
  const table = tableNameOf(ref);
  return [{ kind: 'truncate', ...table, what: `deletes every row of ${shown(table)}` }];
}

/** A column's type as MODIFY/CHANGE writes it, up to its first attribute: `varchar(50)`, `int unsigned`, `enum('a','b')`. */
function typeText(tokens: readonly Token[]): string {
  let text = '';
  let depth = 0;
  let previous: Token | undefined;
  for (const token of tokens) {
    if (token.text === '(') depth++;
    else if (token.text === ')') depth--;
    else if (depth === 0 && TYPE_END.has(keywordOf(token))) break;
    const spaced = previous !== undefined && previous.kind !== 'symbol' && token.kind !== 'symbol';
    text += `${spaced ? ' ' : ''}${token.text}`;
    previous = token;
  }
  return text;
}

/** The tokens after an optional COLUMN and IF EXISTS. */
function afterColumnWord(tokens: readonly Token[]): readonly Token[] {
  return afterIfExists(tokens, keywordOf(tokens[0]) === 'COLUMN' ? 1 : 0);
}

function narrowing(table: TableName, column: string, newType: string, typeOf: ColumnTypeOf): DataLoss[] {
  const oldType = typeOf(table, column);
  if (oldType === undefined || !isNarrowing(oldType, newType)) return [];
  return [{ kind: 'narrow-column', ...table, column, what: `narrows ${shown(table)}.\`${column}\` from ${oldType} to ${newType}: values that do not fit are cut, rounded or refused` }];
}

/**
 * One clause of ALTER TABLE (its tokens, the verb first): DROP [COLUMN] [IF EXISTS] c, MODIFY [COLUMN] [IF EXISTS]
 * c type, CHANGE [COLUMN] [IF EXISTS] c d type. `table` undefined: the statement's table could not be read.
 */
function clauseLosses(clause: readonly Token[], table: TableName | undefined, typeOf: ColumnTypeOf, words: Words): DataLoss[] {
  const verb = keywordOf(clause[0]);
  if ((verb === 'DROP' || verb === 'TRUNCATE') && keywordOf(clause[1]) === 'PARTITION') return [partitionLoss(verb, table, words)];
  if (verb === 'DROP') {
    if (dropsNoColumn(clause)) return [];
    const rest = afterColumnWord(clause.slice(1));
    const column = nameOf(rest[0]);
    if (table === undefined || column === undefined || skipTrailing(rest.slice(1)).length > 0) {
      return [unreadLoss('drop-column', words, table === undefined ? 'the table it alters could not be read' : 'the column it drops could not be read', table)];
    }
    return [{ kind: 'drop-column', ...table, column, what: `drops column ${shown(table)}.\`${column}\` and its data` }];
  }
  if (verb !== 'MODIFY' && verb !== 'CHANGE') return [];
  const rest = afterColumnWord(clause.slice(1));
  const column = nameOf(rest[0]);
  const type = typeText(rest.slice(verb === 'CHANGE' ? 2 : 1));
  if (table === undefined || column === undefined || type === '') {
    return [unreadLoss('narrow-column', words, table === undefined ? 'the table it alters could not be read' : 'the column it changes could not be read', table)];
  }
  return narrowing(table, column, type, typeOf);
}

/**
 * ALTER TABLE t DROP PARTITION p (RANGE and LIST partitions) or TRUNCATE PARTITION p: the rows of those partitions
 * go. They are not counted (a partition's rows are not the table's), so the loss is reported as not counted.
 */
function partitionLoss(verb: 'DROP' | 'TRUNCATE', table: TableName | undefined, words: Words): DataLoss {
  if (table === undefined) return unreadLoss('truncate', words, 'the table it alters could not be read');
  const what = `deletes the rows of the partitions it ${verb === 'DROP' ? 'drops from' : 'truncates in'} ${shown(table)}`;
  return { kind: 'truncate', ...table, what, unread: 'the rows of single partitions are not counted' };
}

/** Whether a clause's verb is one that can destroy data (a column's, or a partition's rows). */
const mayDestroy = (token: Token) => ['DROP', 'MODIFY', 'CHANGE', 'TRUNCATE'].includes(keywordOf(token));

/**
 * ALTER TABLE t clause, clause...: the losses of its clauses, against the table targets.ts reads. When the table
 * cannot be read, the first clause is looked for past what should have been its name.
 */
function alterTableLosses(words: Words, typeOf: ColumnTypeOf): DataLoss[] {
  const [ref] = ddlTargets(words, 'ALTER TABLE').targets;
  const afterTable = afterIfExists(words.tokens, words.find('TABLE') + 1);
  const length = ref === undefined ? 0 : nameLength(afterTable);
  const table = length === 0 ? undefined : tableNameOf(ref!);
  const [first = [], ...others] = splitTopLevel(afterTable);
  const firstVerb = first.findIndex(mayDestroy);
  const firstClause = table !== undefined ? skipTrailing(first.slice(length)) : firstVerb === -1 ? [] : first.slice(firstVerb);
  return [firstClause, ...others].flatMap((clause) => clauseLosses(clause, table, typeOf, words));
}

/** The statement's SQL tokens: no whitespace, comments, or executable-comment brackets. */
function statementWords(sql: string, options: DataLossReadOptions): Words {
  const tokens = tokenize(sql, { flavor: DEFAULT_FLAVOR, ...options }).filter(isSql);
  const end = tokens.findIndex((token) => token.text === ';');
  return new Words(end === -1 ? tokens : tokens.slice(0, end));
}

/** DROP, ALTER or TRUNCATE, with the word naming what it acts on (`TABLE`, `TEMPORARY`, `INDEX`...). */
function statementShape(words: Words): { verb: string; object: string | undefined } {
  const verb = words.kw(0);
  const reader = words.reader(1);
  let object = objectWord(reader);
  while (object !== undefined && ALTER_MODIFIERS.has(object)) object = keywordOf(reader.next()) || undefined;
  return { verb, object };
}

/** The table an `ALTER TABLE` statement changes, as it names it; undefined for any other statement, or when it cannot be read. */
export function tableAlteredBy(sql: string, options: DataLossReadOptions = {}): TableName | undefined {
  const words = statementWords(sql, options);
  const { verb, object } = statementShape(words);
  if (verb !== 'ALTER' || object !== 'TABLE') return undefined;
  const [ref] = ddlTargets(words, 'ALTER TABLE').targets;
  return ref === undefined ? undefined : tableNameOf(ref);
}

/** Column types from a snapshot of the database a statement runs on. */
const typesIn = (before: KitSnapshot | undefined): ColumnTypeOf => (table, column) => before?.tables[table.table]?.columns[column]?.type;

/**
 * The data a statement destroys, each with the table as the statement names it (`database` set for `shop.t`).
 * `before` is the snapshot the statement runs against, or the column types before it; without either a type
 * change cannot be judged and is not reported. A statement that destroys data in a way whose table or column
 * cannot be read is reported with `unread`. DROP TEMPORARY TABLE is not: the server never lets it drop a table
 * that outlives the session.
 *
 * @example dataLossOf('ALTER TABLE `users` DROP COLUMN `age`') // [{ kind: 'drop-column', table: 'users', column: 'age', ... }]
 * @example dataLossOf('DROP TABLE archive.logs') // [{ kind: 'drop-table', database: 'archive', table: 'logs', ... }]
 */
export function dataLossOf(sql: string, before?: KitSnapshot | ColumnTypeOf, options: DataLossReadOptions = {}): DataLoss[] {
  const words = statementWords(sql, options);
  const { verb, object } = statementShape(words);
  if (verb === 'TRUNCATE') return truncateLosses(words);
  // DROP /*!32312 IF EXISTS*/ TABLE t and the like: not DROP TABLE as the server reads it, but meant as one.
  if (verb === 'DROP' && object !== 'TEMPORARY' && (object === 'TABLE' || words.find('TABLE') !== -1)) {
    return dropTableLosses(words, object === 'TABLE');
  }
  if (verb !== 'ALTER' || (object !== 'TABLE' && words.find('TABLE') === -1)) return [];
  if (object !== 'TABLE') {
    return words.tokens.some(mayDestroy) ? [unreadLoss('drop-column', words, 'the table it alters could not be read')] : [];
  }
  return alterTableLosses(words, typeof before === 'function' ? before : typesIn(before));
}
