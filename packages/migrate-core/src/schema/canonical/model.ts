/**
 * The canonical schema model: one shape for what a database has (read from information_schema) and for what
 * a drizzle-kit snapshot says it should have. Both sides are normalised into it, so that comparing them is a
 * plain comparison of values: MariaDB and MySQL spell the same schema in many ways (display widths, quoted or
 * unquoted defaults, `current_timestamp()` or `CURRENT_TIMESTAMP`, JSON as longtext), and none of those
 * spellings may show up as a difference.
 */

import type { SqlEvent } from '../objects/events/model.js';
import type { Routine } from '../objects/routines/model.js';
import type { TableOptions } from '../objects/tables/model.js';
import type { Trigger } from '../objects/triggers/model.js';
import type { CanonicalView } from '../objects/views/model.js';

export type { CanonicalView } from '../objects/views/model.js';

/** Which server the catalog rows came from: they differ in how defaults and JSON are reported. */
export type Flavor = 'mariadb' | 'mysql';

/** A column default. `value` is what is compared; `sql` is the text it came from, for code and messages. */
export interface CanonicalDefault {
  /** `string`: a quoted literal; `number`: a literal of a numeric column; `expression`: anything computed. */
  readonly kind: 'string' | 'number' | 'expression';
  /** The unquoted string, the normalised number (`1.5`, `0`) or the normalised expression (`current_timestamp(3)`). */
  readonly value: string;
  /** The SQL text as found (for an expression: runnable, e.g. `uuid()`). */
  readonly sql: string;
}

/** An SQL expression (generated column, CHECK): `normalized` is compared, `sql` is kept to print or re-emit. */
export interface CanonicalExpression {
  readonly sql: string;
  readonly normalized: string;
}

export interface CanonicalColumn {
  readonly name: string;
  /**
   * Lower-case type without display widths or noise: `int`, `bigint unsigned`, `boolean` (tinyint(1)),
   * `varchar(255)`, `decimal(10,2)`, `datetime(3)`, `json`, `enum('a','b')`.
   */
  readonly type: string;
  readonly notNull: boolean;
  /** null: no default, or DEFAULT NULL (the same thing for a column that allows NULL). */
  readonly default: CanonicalDefault | null;
  readonly autoIncrement: boolean;
  /** ON UPDATE CURRENT_TIMESTAMP (any precision). */
  readonly onUpdateNow: boolean;
  readonly generated: (CanonicalExpression & { readonly stored: boolean }) | null;
  /**
   * The collation of a character column (it implies the character set): read from the database, or declared in
   * tables.json. Undefined: not declared (the table's), or not a character column.
   */
  readonly collation?: string;
  /** A character set declared without a collation (its default collation then). */
  readonly charset?: string;
  /** Undefined or '' for none. */
  readonly comment?: string;
}

export type IndexKind = 'btree' | 'fulltext' | 'spatial';

export interface CanonicalIndex {
  readonly name: string;
  /** Column names in index order; a prefix length is written `name(10)`, a descending part `name desc`. */
  readonly columns: readonly string[];
  readonly unique: boolean;
  readonly kind: IndexKind;
  /**
   * Made by the server, not declared: `foreign-key` for the index InnoDB adds to back a foreign key (named
   * after it), `serial` for the unique key a SERIAL column implies. Not reported when the other side lacks it.
   */
  readonly implicit?: 'foreign-key' | 'serial';
  /** The index as tables.json writes it (`FULLTEXT (\`title\`)`), for indexes read from a database or tables.json. */
  readonly definition?: string;
}

export type ForeignKeyAction = 'cascade' | 'restrict' | 'no action' | 'set null' | 'set default';

export interface CanonicalForeignKey {
  readonly name: string;
  readonly columns: readonly string[];
  /** The referenced database when it is not this one (a cross-database key), else null. */
  readonly refSchema: string | null;
  readonly refTable: string;
  readonly refColumns: readonly string[];
  readonly onDelete: ForeignKeyAction;
  readonly onUpdate: ForeignKeyAction;
}

export interface CanonicalCheck extends CanonicalExpression {
  readonly name: string;
}

export interface CanonicalTable {
  readonly name: string;
  /** In column order. */
  readonly columns: readonly CanonicalColumn[];
  /** Primary key columns in key order, or null. */
  readonly primaryKey: readonly string[] | null;
  /** Every index but the primary key (unique constraints are unique indexes), sorted by name. */
  readonly indexes: readonly CanonicalIndex[];
  readonly foreignKeys: readonly CanonicalForeignKey[];
  readonly checks: readonly CanonicalCheck[];
  /** Engine, character set and collation, comment, row format: unset ones are the database's defaults. */
  readonly options?: TableOptions;
  /** The PARTITION BY clause, or undefined when the table is not partitioned. */
  readonly partitioning?: string;
}

export interface CanonicalSchema {
  /** Sorted by name. */
  readonly tables: readonly CanonicalTable[];
  /** Sorted by name. */
  readonly views: readonly CanonicalView[];
  /** Sorted by name (the three lists are absent where a schema has none). */
  readonly triggers?: readonly Trigger[];
  readonly routines?: readonly Routine[];
  readonly events?: readonly SqlEvent[];
}

const byName = <T extends { name: string }>(a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** Sorts tables, indexes, keys and checks by name (columns keep their order), so models compare and print stably. */
export function sortSchema(schema: CanonicalSchema): CanonicalSchema {
  return {
    tables: schema.tables.map((table) => ({
      ...table,
      indexes: [...table.indexes].sort(byName),
      foreignKeys: [...table.foreignKeys].sort(byName),
      checks: [...table.checks].sort(byName),
    })).sort(byName),
    views: [...schema.views].sort(byName),
    triggers: [...(schema.triggers ?? [])].sort(byName),
    routines: [...(schema.routines ?? [])].sort((a, b) => byName({ name: `${a.kind} ${a.name}` }, { name: `${b.kind} ${b.name}` })),
    events: [...(schema.events ?? [])].sort(byName),
  };
}
