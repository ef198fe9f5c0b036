// Pure: a column definition (`varchar(100) NOT NULL DEFAULT '' UNIQUE`) read from its tokens: the type as
// written and the attributes the lint rules look at.
import type { Words } from '../../sql/words.js';

export interface ColumnDefinition {
  /** Lower-case, as written: `varchar(100)`, `bigint unsigned`, `enum('a','b')`. */
  readonly type: string;
  readonly notNull: boolean;
  readonly hasDefault: boolean;
  readonly autoIncrement: boolean;
  readonly unique: boolean;
  readonly primaryKey: boolean;
  readonly generated: 'stored' | 'virtual' | null;
}

/** Words that end a column's type and start its attributes. */
const ATTRIBUTES = new Set(['NOT', 'NULL', 'DEFAULT', 'AUTO_INCREMENT', 'PRIMARY', 'UNIQUE', 'KEY', 'COMMENT', 'ON', 'FIRST', 'AFTER',
  'COLLATE', 'CHARACTER', 'CHARSET', 'GENERATED', 'AS', 'CHECK', 'CONSTRAINT', 'REFERENCES', 'INVISIBLE', 'VISIBLE', 'COLUMN_FORMAT',
  'STORAGE', 'WITH', 'WITHOUT', 'SRID', 'ENGINE_ATTRIBUTE', 'SECONDARY_ENGINE_ATTRIBUTE', 'VIRTUAL', 'STORED', 'PERSISTENT']);

/** Token texts joined the way types are written: `decimal(10,2)`, `int unsigned`. */
function joinType(texts: readonly string[]): string {
  let out = '';
  for (const text of texts) {
    const glued = out === '' || text === '(' || text === ')' || text === ',' || out.endsWith('(') || out.endsWith(',');
    out += glued ? text : ` ${text}`;
  }
  return out.toLowerCase();
}

/**
 * Reads a column definition that starts with its type (the column's name already taken).
 *
 * @example columnDefinition(words) // for `int NOT NULL DEFAULT 0`: { type: 'int', notNull: true, hasDefault: true, ... }
 */
export function columnDefinition(words: Words): ColumnDefinition {
  let end = 0;
  for (let depth = 0; end < words.length; end++) {
    const text = words.text(end);
    if (text === '(') depth++;
    else if (text === ')') depth--;
    else if (depth === 0 && end > 0 && ATTRIBUTES.has(words.kw(end))) break;
  }
  const type = joinType(words.tokens.slice(0, end).map((token) => token.text));
  const serial = type === 'serial';
  const found = { notNull: serial, hasDefault: false, autoIncrement: serial, unique: serial, primaryKey: false, generated: null as ColumnDefinition['generated'] };
  for (let i = end, depth = 0; i < words.length; i++) {
    const text = words.text(i);
    if (text === '(') depth++;
    else if (text === ')') depth--;
    if (depth !== 0) continue;
    switch (words.kw(i)) {
      case 'NOT': if (words.kw(i + 1) === 'NULL') found.notNull = true; break;
      case 'DEFAULT': if (words.kw(i - 1) !== 'SET') found.hasDefault = true; break;
      case 'AUTO_INCREMENT': found.autoIncrement = true; break;
      case 'UNIQUE': found.unique = true; if (words.kw(i + 1) === 'KEY') i++; break;
      case 'PRIMARY': found.primaryKey = true; i++; break;
      case 'KEY': found.primaryKey = true; break;
      case 'AS': found.generated ??= 'virtual'; break;
      case 'STORED': case 'PERSISTENT': found.generated = 'stored'; break;
      default: break;
    }
  }
  return { type, ...found };
}
