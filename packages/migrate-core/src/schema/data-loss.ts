// Pure: which statements destroy data (drop a table or column, narrow a column's type, truncate). Works on SQL
// text, generated or written by hand, so that `generate` and `check` judge a file the same way.
import { isNarrowing } from './column-types.js';
import type { KitSnapshot } from './drizzle/kit-snapshot.js';

/** The directive that acknowledges a destructive statement in an up file. */
export const ALLOW_DATA_LOSS = 'allow-data-loss';

/** A table as a statement names it: `t`, or `shop.t` in the database `shop`. */
export interface TableName {
  /** The database the statement names, as written; undefined: the one the statement runs on. */
  readonly database?: string;
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
}

// Unquoted identifiers may hold any character from U+0080 to U+FFFF besides ASCII letters, digits, `_` and `$`.
const IDENT = '(?:`((?:[^`]|``)+)`|([A-Za-z0-9_$\\u0080-\\uFFFF]+))';
const QUALIFIED = `(?:${IDENT}\\s*\\.\\s*)?${IDENT}`;
const NOT_COLUMN = /^(INDEX|KEY|FOREIGN|PRIMARY|CONSTRAINT|CHECK|PARTITION|UNIQUE|FULLTEXT|SPATIAL|SYSTEM)\b/i;
const TYPE_END = /\s+(NOT|NULL|DEFAULT|AUTO_INCREMENT|PRIMARY|UNIQUE|KEY|COMMENT|ON|FIRST|AFTER|COLLATE|CHARACTER|CHARSET|GENERATED|AS|CHECK|REFERENCES|INVISIBLE|VISIBLE)\b[\s\S]*$/i;

/** The name matched by an IDENT whose first group is `group` (quoted or bare), backticks undone. */
function nameOf(match: RegExpExecArray, group: number): string {
  return (match[group] ?? match[group + 1] ?? '').replace(/``/g, '`');
}

/** The table a QUALIFIED match names, its database group at `group` and its table group at `group + 2`. */
function tableOf(match: RegExpExecArray, group: number): TableName {
  const table = nameOf(match, group + 2);
  return match[group] === undefined && match[group + 1] === undefined ? { table } : { database: nameOf(match, group), table };
}

/** `` `t` `` or `` `shop`.`t` ``, as messages show a table. */
function shown(name: TableName): string {
  return name.database === undefined ? `\`${name.table}\`` : `\`${name.database}\`.\`${name.table}\``;
}

/** Splits `a, b(c, d), 'e,f'` at top-level commas. */
function topLevelParts(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote = '';
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === quote) quote = '';
    } else if (ch === "'" || ch === '"' || ch === '`') quote = ch;
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === ',' && depth === 0) {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(text.slice(start).trim());
  return parts.filter((part) => part !== '');
}

function narrowing(table: TableName, column: string, newType: string, typeOf: ColumnTypeOf): DataLoss[] {
  const oldType = typeOf(table, column);
  if (oldType === undefined || !isNarrowing(oldType, newType)) return [];
  return [{ kind: 'narrow-column', ...table, column, what: `narrows ${shown(table)}.\`${column}\` from ${oldType} to ${newType}: values that do not fit are cut, rounded or refused` }];
}

function alterClauseLoss(table: TableName, clause: string, typeOf: ColumnTypeOf): DataLoss[] {
  const drop = new RegExp(`^DROP\\s+(?:COLUMN\\s+)?(?:IF\\s+EXISTS\\s+)?${IDENT}\\s*$`, 'i').exec(clause);
  if (drop && !NOT_COLUMN.test(clause.replace(/^DROP\s+/i, ''))) {
    const column = nameOf(drop, 1);
    return [{ kind: 'drop-column', ...table, column, what: `drops column ${shown(table)}.\`${column}\` and its data` }];
  }
  const modify = new RegExp(`^MODIFY\\s+(?:COLUMN\\s+)?(?:IF\\s+EXISTS\\s+)?${IDENT}\\s+([\\s\\S]+)$`, 'i').exec(clause);
  if (modify) return narrowing(table, nameOf(modify, 1), modify[3]!.replace(TYPE_END, '').trim(), typeOf);
  const change = new RegExp(`^CHANGE\\s+(?:COLUMN\\s+)?(?:IF\\s+EXISTS\\s+)?${IDENT}\\s+${IDENT}\\s+([\\s\\S]+)$`, 'i').exec(clause);
  if (change) return narrowing(table, nameOf(change, 1), change[5]!.replace(TYPE_END, '').trim(), typeOf);
  return [];
}

const ALTER_TABLE = new RegExp(`^ALTER\\s+(?:ONLINE\\s+|IGNORE\\s+)*TABLE\\s+${QUALIFIED}\\s+([\\s\\S]+)$`, 'i');

const statementText = (sql: string) => sql.trim().replace(/;\s*$/, '');

/** The table an `ALTER TABLE` statement changes, as it names it; undefined for any other statement. */
export function tableAlteredBy(sql: string): TableName | undefined {
  const alter = ALTER_TABLE.exec(statementText(sql));
  return alter ? tableOf(alter, 1) : undefined;
}

/** Column types from a snapshot of the database a statement runs on. */
const typesIn = (before: KitSnapshot | undefined): ColumnTypeOf => (table, column) => before?.tables[table.table]?.columns[column]?.type;

/**
 * The data a statement destroys, each with the table as the statement names it (`database` set for `shop.t`).
 * `before` is the snapshot the statement runs against, or the column types before it; without either a type
 * change cannot be judged and is not reported.
 *
 * @example dataLossOf('ALTER TABLE `users` DROP COLUMN `age`') // [{ kind: 'drop-column', table: 'users', column: 'age', ... }]
 * @example dataLossOf('DROP TABLE archive.logs') // [{ kind: 'drop-table', database: 'archive', table: 'logs', ... }]
 */
export function dataLossOf(sql: string, before?: KitSnapshot | ColumnTypeOf): DataLoss[] {
  const text = statementText(sql);
  const dropTable = new RegExp(`^DROP\\s+(?:TEMPORARY\\s+)?TABLE\\s+(?:IF\\s+EXISTS\\s+)?([\\s\\S]+)$`, 'i').exec(text);
  if (dropTable) {
    return topLevelParts(dropTable[1]!.replace(/\s+(RESTRICT|CASCADE)\s*$/i, '')).map((part) => {
      const match = new RegExp(`^${QUALIFIED}$`).exec(part);
      const table = match ? tableOf(match, 1) : { table: part };
      return { kind: 'drop-table', ...table, what: `drops table ${shown(table)} and every row in it` };
    });
  }
  const truncate = new RegExp(`^TRUNCATE\\s+(?:TABLE\\s+)?${QUALIFIED}`, 'i').exec(text);
  if (truncate) {
    const table = tableOf(truncate, 1);
    return [{ kind: 'truncate', ...table, what: `deletes every row of ${shown(table)}` }];
  }
  const alter = ALTER_TABLE.exec(text);
  if (!alter) return [];
  const typeOf = typeof before === 'function' ? before : typesIn(before);
  return topLevelParts(alter[5]!).flatMap((clause) => alterClauseLoss(tableOf(alter, 1), clause, typeOf));
}
