// Pure: the shape of a DDL statement as the lint rules need it, read from the SQL lexer's tokens (quotes,
// comments and executable comments handled as the server reads them). Only what the rules look at: the table,
// and for ALTER TABLE each clause (ADD, DROP, MODIFY, CHANGE, ...) with its column definition; the names RENAME
// TABLE and ALTER TABLE ... RENAME give.
import { tableNameOf, type TableName } from '../../schema/data-loss.js';
import { closingParen, splitTopLevel, sqlTokens } from '../../schema/sql-parts.js';
import { tableRenamedAt, tableRenames } from '../../sql/targets.js';
import type { Token } from '../../sql/tokens.js';
import { nameOf, Words } from '../../sql/words.js';
import { columnDefinition, type ColumnDefinition } from './column-definition.js';

export type ClauseAction =
  | 'add-column' | 'add-index' | 'add-unique' | 'add-primary-key' | 'add-foreign-key' | 'add-check' | 'add-fulltext' | 'add-spatial'
  | 'drop-column' | 'drop-primary-key' | 'drop-other'
  | 'modify-column' | 'alter-column' | 'rename' | 'convert-charset' | 'algorithm' | 'lock' | 'other';

export interface AlterClause {
  readonly action: ClauseAction;
  /** The column the clause adds, drops or changes (its old name for CHANGE). */
  readonly column?: string;
  /** The new definition of ADD COLUMN, MODIFY and CHANGE. */
  readonly definition?: ColumnDefinition;
  /** The value of an ALGORITHM= or LOCK= clause, upper-cased. */
  readonly value?: string;
  /** The table's new name, for RENAME [TO|AS] (not RENAME COLUMN, INDEX, KEY or CONSTRAINT). */
  readonly to?: TableName;
}

/** One rename of RENAME TABLE. */
export interface TableRename {
  readonly from: TableName;
  readonly to: TableName;
}

/** `table` is the name without its database; `database` is set when the statement names one (`shop`.`t`). */
export type DdlShape =
  | { readonly kind: 'create-table'; readonly table: string; readonly database?: string; readonly hasPrimaryKey: boolean; readonly hasBody: boolean; readonly temporary: boolean }
  | { readonly kind: 'alter-table'; readonly table: string; readonly database?: string; readonly clauses: readonly AlterClause[] }
  | { readonly kind: 'create-index'; readonly table: string; readonly database?: string; readonly unique: boolean; readonly variant: 'btree' | 'fulltext' | 'spatial' }
  | { readonly kind: 'drop-index'; readonly table: string; readonly database?: string }
  | { readonly kind: 'rename-table'; readonly renames: readonly TableRename[] }
  | { readonly kind: 'other' };

const OTHER: DdlShape = { kind: 'other' };
/** What starts an element of CREATE TABLE's body that is not a column. */
const TABLE_ELEMENTS = new Set(['INDEX', 'KEY', 'UNIQUE', 'CONSTRAINT', 'FOREIGN', 'CHECK', 'FULLTEXT', 'SPATIAL', 'PERIOD']);

/** The table name at `i` (`t`, or `db`.`t` with its database), and the index just past it. */
function tableAt(words: Words, i: number): { name: TableName; next: number } | undefined {
  const first = nameOf(words.tokens[i]);
  if (first === undefined) return undefined;
  if (words.text(i + 1) !== '.') return { name: { table: first }, next: i + 1 };
  const second = nameOf(words.tokens[i + 2]);
  return second === undefined ? undefined : { name: { database: first, table: second }, next: i + 3 };
}

/** Skips IF [NOT] EXISTS at `i`. */
function skipIfExists(words: Words, i: number): number {
  if (words.kw(i) !== 'IF') return i;
  return words.kw(i + 1) === 'NOT' ? i + 3 : i + 2;
}

function addClause(words: Words): AlterClause {
  let i = 1;
  if (words.kw(i) === 'CONSTRAINT') i += nameOf(words.tokens[i + 1]) !== undefined && !['PRIMARY', 'UNIQUE', 'FOREIGN', 'CHECK'].includes(words.kw(i + 1)) ? 2 : 1;
  switch (words.kw(i)) {
    case 'PRIMARY': return { action: 'add-primary-key' };
    case 'UNIQUE': return { action: 'add-unique' };
    case 'FOREIGN': return { action: 'add-foreign-key' };
    case 'CHECK': return { action: 'add-check' };
    case 'INDEX': case 'KEY': return { action: 'add-index' };
    case 'FULLTEXT': return { action: 'add-fulltext' };
    case 'SPATIAL': return { action: 'add-spatial' };
    case 'PARTITION': return { action: 'other' };
    default: break;
  }
  if (words.kw(i) === 'COLUMN') i++;
  if (words.text(i) === '(') return { action: 'other' };
  i = skipIfExists(words, i);
  const column = nameOf(words.tokens[i]);
  return column === undefined ? { action: 'other' } : { action: 'add-column', column, definition: columnDefinition(words.from(i + 1)) };
}

function dropClause(words: Words): AlterClause {
  const what = words.kw(1);
  if (what === 'PRIMARY') return { action: 'drop-primary-key' };
  if (['INDEX', 'KEY', 'FOREIGN', 'CONSTRAINT', 'CHECK', 'PARTITION', 'UNIQUE', 'SYSTEM', 'PERIOD'].includes(what)) return { action: 'drop-other' };
  const i = skipIfExists(words, what === 'COLUMN' ? 2 : 1);
  const column = nameOf(words.tokens[i]);
  return column === undefined ? { action: 'other' } : { action: 'drop-column', column };
}

function changeClause(words: Words, renames: boolean): AlterClause {
  let i = skipIfExists(words, words.kw(1) === 'COLUMN' ? 2 : 1);
  const column = nameOf(words.tokens[i]);
  if (column === undefined) return { action: 'other' };
  i += renames ? 2 : 1;
  return { action: 'modify-column', column, definition: columnDefinition(words.from(i)) };
}

function optionValue(words: Words): string {
  return (words.text(1) === '=' ? words.text(2) : words.text(1)).toUpperCase();
}

/** One clause of ALTER TABLE, from its tokens. */
export function alterClause(tokens: readonly Token[]): AlterClause {
  const words = new Words(tokens);
  switch (words.kw(0)) {
    case 'ADD': return addClause(words);
    case 'DROP': return dropClause(words);
    case 'MODIFY': return changeClause(words, false);
    case 'CHANGE': return changeClause(words, true);
    case 'ALTER': {
      const column = nameOf(words.tokens[words.kw(1) === 'COLUMN' ? 2 : 1]);
      return column === undefined ? { action: 'other' } : { action: 'alter-column', column };
    }
    case 'RENAME': {
      const to = tableRenamedAt(words, 0);
      return to === undefined ? { action: 'rename' } : { action: 'rename', to: tableNameOf(to) };
    }
    case 'CONVERT': return { action: 'convert-charset' };
    case 'ALGORITHM': return { action: 'algorithm', value: optionValue(words) };
    case 'LOCK': return { action: 'lock', value: optionValue(words) };
    default: return { action: 'other' };
  }
}

function createTable(words: Words): DdlShape {
  const temporary = words.kw(1) === 'TEMPORARY';
  let i = skipIfExists(words, temporary ? 3 : 2);
  const at = tableAt(words, i);
  if (at === undefined) return OTHER;
  i = at.next;
  const hasBody = words.text(i) === '(';
  const body = hasBody ? splitTopLevel(words.tokens.slice(i + 1, closingParen(words.tokens, i))) : [];
  const hasPrimaryKey = body.some((part) => {
    const element = new Words(part);
    const first = element.kw(0);
    if (first === 'PRIMARY' || (first === 'CONSTRAINT' && element.find('PRIMARY') !== -1)) return true;
    return !TABLE_ELEMENTS.has(first) && columnDefinition(element.from(1)).primaryKey;
  });
  return { kind: 'create-table', ...at.name, hasPrimaryKey, hasBody, temporary };
}

function alterTable(words: Words): DdlShape {
  let i = 1;
  while (['ONLINE', 'IGNORE'].includes(words.kw(i))) i++;
  if (words.kw(i) !== 'TABLE') return OTHER;
  const at = tableAt(words, skipIfExists(words, i + 1));
  if (at === undefined) return OTHER;
  return { kind: 'alter-table', ...at.name, clauses: splitTopLevel(words.tokens.slice(at.next)).map(alterClause) };
}

function createIndex(words: Words): DdlShape {
  let i = 1;
  let unique = false;
  let variant: 'btree' | 'fulltext' | 'spatial' = 'btree';
  for (; ['UNIQUE', 'FULLTEXT', 'SPATIAL', 'ONLINE', 'OFFLINE', 'OR', 'REPLACE'].includes(words.kw(i)); i++) {
    if (words.kw(i) === 'UNIQUE') unique = true;
    if (words.kw(i) === 'FULLTEXT') variant = 'fulltext';
    if (words.kw(i) === 'SPATIAL') variant = 'spatial';
  }
  if (words.kw(i) !== 'INDEX') return OTHER;
  const on = words.find('ON', i);
  const at = on === -1 ? undefined : tableAt(words, on + 1);
  return at === undefined ? OTHER : { kind: 'create-index', ...at.name, unique, variant };
}

function dropIndex(words: Words): DdlShape {
  const on = words.find('ON', 2);
  const at = on === -1 ? undefined : tableAt(words, on + 1);
  return at === undefined ? OTHER : { kind: 'drop-index', ...at.name };
}

/** RENAME TABLE: its renames in the order the server makes them (sql/targets.ts reads them); `other` when a part is not one. */
function renameTable(words: Words): DdlShape {
  const { renames, complete } = tableRenames(words);
  return complete ? { kind: 'rename-table', renames: renames.map(({ from, to }) => ({ from: tableNameOf(from), to: tableNameOf(to) })) } : OTHER;
}

/**
 * What a statement is to the lint rules: CREATE TABLE (with or without a primary key), ALTER TABLE and its
 * clauses, CREATE INDEX, DROP INDEX, RENAME TABLE; `other` for anything else.
 *
 * @example ddlShape('ALTER TABLE `users` ADD `age` int NOT NULL')
 * // { kind: 'alter-table', table: 'users', clauses: [{ action: 'add-column', column: 'age', definition: { notNull: true, ... } }] }
 */
export function ddlShape(sql: string): DdlShape {
  const words = new Words(sqlTokens(sql));
  const verb = words.kw(0);
  if (verb === 'CREATE' && (words.kw(1) === 'TABLE' || (words.kw(1) === 'TEMPORARY' && words.kw(2) === 'TABLE'))) return createTable(words);
  if (verb === 'CREATE') return createIndex(words);
  if (verb === 'ALTER') return alterTable(words);
  if (verb === 'DROP' && words.kw(1) === 'INDEX') return dropIndex(words);
  if (verb === 'RENAME' && (words.kw(1) === 'TABLE' || words.kw(1) === 'TABLES')) return renameTable(words);
  return OTHER;
}
