// Pure rewrites of the snapshot drizzle-kit builds from a schema, before anything is diffed or written, so
// that the snapshot and the SQL generated from it always agree.
import { cloneSnapshot, keyColumnLists, type KitSnapshot } from './kit-snapshot.js';
import { quoteSqlString } from '../canonical/types.js';
import type { DroppedForeignKey } from '../filter.js';

export const SERIAL_TYPE = 'bigint unsigned';

/**
 * `bigint({ mode: 'bigint' }).default(123n)` leaves a BigInt in the snapshot, which no JSON can hold (drizzle-kit
 * itself fails on it: "Do not know how to serialize a BigInt"). Its decimal text renders the same DEFAULT.
 */
export function normaliseBigIntDefaults(snapshot: KitSnapshot): KitSnapshot {
  const out = cloneSnapshot(snapshot);
  for (const table of Object.values(out.tables)) {
    for (const column of Object.values(table.columns)) {
      const value = (column as { default?: unknown }).default;
      if (typeof value === 'bigint') Object.assign(column, { default: value.toString() });
    }
  }
  return out;
}

/**
 * drizzle's `serial()` makes `serial AUTO_INCREMENT`, which MariaDB rejects (drizzle-orm#3333). MySQL's SERIAL
 * is `BIGINT UNSIGNED NOT NULL AUTO_INCREMENT UNIQUE`, so write exactly that: the column becomes
 * `bigint unsigned` AUTO_INCREMENT NOT NULL, with a unique key `<table>_<column>_unique` unless a key already
 * starts with it (AUTO_INCREMENT needs one).
 */
export function normaliseSerialColumns(snapshot: KitSnapshot): { snapshot: KitSnapshot; notes: string[] } {
  const out = cloneSnapshot(snapshot);
  const notes: string[] = [];
  for (const table of Object.values(out.tables)) {
    for (const column of Object.values(table.columns)) {
      if (column.type.toLowerCase() !== 'serial') continue;
      Object.assign(column, { type: SERIAL_TYPE, autoincrement: true, notNull: true });
      const keyed = keyColumnLists(table).some((key) => key.columns[0] === column.name);
      if (!keyed) {
        const name = `${table.name}_${column.name}_unique`;
        table.uniqueConstraints[name] = { name, columns: [column.name] };
      }
      notes.push(`serial column \`${table.name}\`.\`${column.name}\` is written as bigint unsigned AUTO_INCREMENT NOT NULL${keyed ? '' : ' with a unique key'} (MariaDB rejects drizzle's \`serial AUTO_INCREMENT\`, drizzle-orm#3333)`);
    }
  }
  return { snapshot: out, notes };
}

/** The snapshot without the foreign keys the schema filter leaves out. */
export function withoutForeignKeys(snapshot: KitSnapshot, dropped: readonly DroppedForeignKey[]): KitSnapshot {
  const out = cloneSnapshot(snapshot);
  for (const fk of dropped) delete out.tables[fk.table]?.foreignKeys[fk.name];
  return out;
}

/** Column name -> the SQL literal of its default, per table name. */
export type LiteralDefaults = ReadonlyMap<string, ReadonlyMap<string, string>>;

/**
 * drizzle-kit writes a string default as `'<value>'` with quotes doubled but backslashes kept, so MySQL reads
 * `'C:\new'` as `C:<newline>ew`; and a JSON default as `'<JSON>'` with nothing escaped, so `{"a":"it's"}` is a
 * syntax error. The literals given here (built from the schema's own values) replace them.
 */
export function withLiteralDefaults(snapshot: KitSnapshot, literals: LiteralDefaults): KitSnapshot {
  const out = cloneSnapshot(snapshot);
  for (const [tableName, columns] of literals) {
    const table = out.tables[tableName];
    for (const [columnName, literal] of columns) {
      const column = table?.columns[columnName];
      if (column) Object.assign(column, { default: literal });
    }
  }
  return out;
}

/** The SQL literal of a default given as a value in the schema (not as `sql`), when drizzle-kit would write it wrongly. */
export function literalDefaultOf(value: unknown, sqlType: string): string | undefined {
  if (typeof value === 'string') return value.includes('\\') ? quoteSqlString(value) : undefined;
  if (sqlType.toLowerCase() === 'json' && value !== null && typeof value === 'object' && !(value instanceof Date)) return quoteSqlString(JSON.stringify(value));
  return undefined;
}

/** A MySQL identifier as drizzle writes it. */
const quoteName = (name: string) => `\`${name.replace(/`/g, '``')}\``;

/** String literals (kept as they are), `a`.`b` pairs and lone `identifiers`, in the order they appear. */
const SQL_TOKENS = /'(?:[^'\\]|\\.|'')*'|"(?:[^"\\]|\\.|"")*"|(`(?:[^`]|``)*`)\.(`(?:[^`]|``)*`)|`(?:[^`]|``)*`/g;

function unqualified(sql: string, database: string, tables: ReadonlySet<string>): string {
  const db = quoteName(database);
  const own = new Set([...tables].map(quoteName));
  return sql.replace(SQL_TOKENS, (token, schema?: string, table?: string) => (schema === db && own.has(table!) ? table! : token));
}

/**
 * The service's own `mysqlSchema(<its database>)` tables are given to drizzle-kit as copies without their schema
 * name, but the expressions of check constraints, generated columns and views still reach the schema's table
 * objects through their columns, and drizzle-orm writes those as `<database>`.`<table>`.`<column>`. Removes
 * `<database>`. before those tables, outside string literals: the snapshot is the one of the same tables
 * declared with plain `mysqlTable`.
 */
export function unqualifyTables(snapshot: KitSnapshot, database: string, tables: readonly string[]): KitSnapshot {
  if (tables.length === 0) return snapshot;
  const out = cloneSnapshot(snapshot);
  const names = new Set(tables);
  const fix = (sql: string) => unqualified(sql, database, names);
  const fixColumns = (columns: KitSnapshot['tables'][string]['columns']) => {
    for (const column of Object.values(columns)) if (column.generated) column.generated.as = fix(column.generated.as);
  };
  for (const table of Object.values(out.tables)) {
    fixColumns(table.columns);
    for (const check of Object.values(table.checkConstraint)) check.value = fix(check.value);
  }
  for (const view of Object.values(out.views)) {
    fixColumns(view.columns);
    if (typeof view.definition === 'string') view.definition = fix(view.definition);
  }
  return out;
}
