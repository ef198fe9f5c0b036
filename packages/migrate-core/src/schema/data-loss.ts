// Pure: which statements destroy data (drop a table or column, narrow a column's type, truncate). Works on SQL
// text, generated or written by hand, so that `generate` and `check` judge a file the same way.
import { isNarrowing } from './column-types.js';
import type { KitSnapshot } from './drizzle/kit-snapshot.js';

/** The directive that acknowledges a destructive statement in an up file. */
export const ALLOW_DATA_LOSS = 'allow-data-loss';

export interface DataLoss {
  readonly kind: 'drop-table' | 'drop-column' | 'narrow-column' | 'truncate';
  readonly table: string;
  readonly column?: string;
  /** e.g. "drops column `users`.`age` and its data". */
  readonly what: string;
}

const IDENT = '(?:`((?:[^`]|``)+)`|([A-Za-z0-9_$]+))';
const QUALIFIED = `(?:${IDENT}\\s*\\.\\s*)?${IDENT}`;
const NOT_COLUMN = /^(INDEX|KEY|FOREIGN|PRIMARY|CONSTRAINT|CHECK|PARTITION|UNIQUE|FULLTEXT|SPATIAL|SYSTEM)\b/i;
const TYPE_END = /\s+(NOT|NULL|DEFAULT|AUTO_INCREMENT|PRIMARY|UNIQUE|KEY|COMMENT|ON|FIRST|AFTER|COLLATE|CHARACTER|CHARSET|GENERATED|AS|CHECK|REFERENCES|INVISIBLE|VISIBLE)\b[\s\S]*$/i;

/** The name matched by an IDENT whose first group is `group` (quoted or bare), backticks undone. */
function nameOf(match: RegExpExecArray, group: number): string {
  return (match[group] ?? match[group + 1] ?? '').replace(/``/g, '`');
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

function narrowing(table: string, column: string, newType: string, before: KitSnapshot | undefined): DataLoss[] {
  const oldType = before?.tables[table]?.columns[column]?.type;
  if (oldType === undefined || !isNarrowing(oldType, newType)) return [];
  return [{ kind: 'narrow-column', table, column, what: `narrows \`${table}\`.\`${column}\` from ${oldType} to ${newType}: values that do not fit are cut, rounded or refused` }];
}

function alterClauseLoss(table: string, clause: string, before: KitSnapshot | undefined): DataLoss[] {
  const drop = new RegExp(`^DROP\\s+(?:COLUMN\\s+)?(?:IF\\s+EXISTS\\s+)?${IDENT}\\s*$`, 'i').exec(clause);
  if (drop && !NOT_COLUMN.test(clause.replace(/^DROP\s+/i, ''))) {
    const column = nameOf(drop, 1);
    return [{ kind: 'drop-column', table, column, what: `drops column \`${table}\`.\`${column}\` and its data` }];
  }
  const modify = new RegExp(`^MODIFY\\s+(?:COLUMN\\s+)?(?:IF\\s+EXISTS\\s+)?${IDENT}\\s+([\\s\\S]+)$`, 'i').exec(clause);
  if (modify) return narrowing(table, nameOf(modify, 1), modify[3]!.replace(TYPE_END, '').trim(), before);
  const change = new RegExp(`^CHANGE\\s+(?:COLUMN\\s+)?(?:IF\\s+EXISTS\\s+)?${IDENT}\\s+${IDENT}\\s+([\\s\\S]+)$`, 'i').exec(clause);
  if (change) return narrowing(table, nameOf(change, 1), change[5]!.replace(TYPE_END, '').trim(), before);
  return [];
}

/**
 * The data a statement destroys. `before` is the snapshot the statement runs against; without it a type
 * change cannot be judged and is not reported.
 *
 * @example dataLossOf('ALTER TABLE `users` DROP COLUMN `age`') // [{ kind: 'drop-column', table: 'users', column: 'age', ... }]
 */
export function dataLossOf(sql: string, before?: KitSnapshot): DataLoss[] {
  const text = sql.trim().replace(/;\s*$/, '');
  const dropTable = new RegExp(`^DROP\\s+(?:TEMPORARY\\s+)?TABLE\\s+(?:IF\\s+EXISTS\\s+)?([\\s\\S]+)$`, 'i').exec(text);
  if (dropTable) {
    return topLevelParts(dropTable[1]!.replace(/\s+(RESTRICT|CASCADE)\s*$/i, '')).map((part) => {
      const match = new RegExp(`^${QUALIFIED}$`).exec(part);
      const table = match ? nameOf(match, 3) : part;
      return { kind: 'drop-table', table, what: `drops table \`${table}\` and every row in it` };
    });
  }
  const truncate = new RegExp(`^TRUNCATE\\s+(?:TABLE\\s+)?${QUALIFIED}`, 'i').exec(text);
  if (truncate) return [{ kind: 'truncate', table: nameOf(truncate, 3), what: `deletes every row of \`${nameOf(truncate, 3)}\`` }];
  const alter = new RegExp(`^ALTER\\s+(?:ONLINE\\s+|IGNORE\\s+)*TABLE\\s+${QUALIFIED}\\s+([\\s\\S]+)$`, 'i').exec(text);
  if (!alter) return [];
  const table = nameOf(alter, 3);
  return topLevelParts(alter[5]!).flatMap((clause) => alterClauseLoss(table, clause, before));
}
