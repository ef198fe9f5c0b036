import type { CatalogRows } from './catalog.js';
import { canonicalExpression, defaultFromSql, literalDefault } from '../schema/canonical/defaults.js';
import {
  sortSchema, type CanonicalCheck, type CanonicalColumn, type CanonicalDefault, type CanonicalForeignKey, type CanonicalIndex,
  type CanonicalSchema, type CanonicalTable, type Flavor, type ForeignKeyAction, type IndexKind,
} from '../schema/canonical/model.js';
import { canonicalType } from '../schema/canonical/types.js';

export interface FromCatalogOptions {
  /** The database the rows describe: foreign keys into any other one are cross-database keys. */
  readonly database: string;
  readonly flavor: Flavor;
  /** Tables to leave out (the ledger table). */
  readonly exclude?: readonly string[];
}

type ColumnRow = CatalogRows['columns'][number];
type StatisticsRow = CatalogRows['statistics'][number];
type KeyColumnRow = CatalogRows['keyColumns'][number];
type ReferentialRow = CatalogRows['referential'][number];
type CheckRow = CatalogRows['checks'][number];

function groupBy<T, K>(rows: readonly T[], key: (row: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = groups.get(k);
    if (list) list.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}

function columnDefault(row: ColumnRow, type: string, flavor: Flavor): CanonicalDefault | null {
  const raw = row.column_default;
  if (raw === null) return null;
  if (flavor === 'mariadb') return defaultFromSql(raw, type, row.table_name);
  // MySQL 8 reports a literal default unquoted (`abc`, `1.50`) and an expression default as its text with
  // DEFAULT_GENERATED in EXTRA, quotes inside escaped with a backslash (`_utf8mb4\'[]\'`).
  if (/DEFAULT_GENERATED/i.test(row.extra ?? '')) return defaultFromSql(raw.replace(/\\'/g, "'"), type, row.table_name);
  return literalDefault(raw, type, raw);
}

/** JSON on MariaDB is LONGTEXT plus CHECK (json_valid(`col`)): both together are the JSON type. */
const JSON_VALID = /^json_valid\((\w+)\)$/;

function jsonColumns(columns: readonly ColumnRow[], checks: readonly CanonicalCheck[]): Set<string> {
  const longtext = new Set(columns.filter((row) => canonicalType(row.column_type) === 'longtext').map((row) => row.column_name.toLowerCase()));
  const names = new Set<string>();
  for (const check of checks) {
    const column = JSON_VALID.exec(check.normalized)?.[1];
    if (column !== undefined && longtext.has(column)) names.add(column);
  }
  return names;
}

function toColumn(row: ColumnRow, flavor: Flavor, json: Set<string>): CanonicalColumn {
  const extra = row.extra ?? '';
  let type = canonicalType(row.column_type);
  if (type === 'longtext' && json.has(row.column_name.toLowerCase())) type = 'json';
  const generated = /\b(virtual|stored|persistent) generated\b/i.exec(extra);
  return {
    name: row.column_name,
    type,
    notNull: row.is_nullable === 'NO',
    default: generated ? null : columnDefault(row, type, flavor),
    autoIncrement: /\bauto_increment\b/i.test(extra),
    onUpdateNow: /\bon update\b/i.test(extra),
    generated: generated && row.generation_expression
      ? { ...canonicalExpression(row.generation_expression, row.table_name), stored: !/^virtual$/i.test(generated[1]!) }
      : null,
  };
}

function indexKind(indexType: string): IndexKind {
  const type = indexType.toUpperCase();
  return type === 'FULLTEXT' ? 'fulltext' : type === 'SPATIAL' ? 'spatial' : 'btree';
}

function indexColumn(row: StatisticsRow): string {
  // A functional index part (MySQL 8) has no column name.
  const name = row.column_name ?? '(expression)';
  const prefix = row.sub_part === null || row.sub_part === undefined ? '' : `(${Number(row.sub_part)})`;
  return `${name}${prefix}${row.collation === 'D' ? ' desc' : ''}`;
}

function toIndexes(rows: readonly StatisticsRow[]): { primaryKey: string[] | null; indexes: CanonicalIndex[] } {
  let primaryKey: string[] | null = null;
  const indexes: CanonicalIndex[] = [];
  for (const [name, parts] of groupBy(rows, (row) => row.index_name)) {
    const columns = parts.sort((a, b) => Number(a.seq_in_index) - Number(b.seq_in_index)).map(indexColumn);
    if (name === 'PRIMARY') primaryKey = columns;
    else indexes.push({ name, columns, unique: Number(parts[0]!.non_unique) === 0, kind: indexKind(parts[0]!.index_type) });
  }
  return { primaryKey, indexes };
}

function action(rule: string | undefined): ForeignKeyAction {
  const value = (rule ?? 'RESTRICT').toLowerCase();
  return (['cascade', 'restrict', 'no action', 'set null', 'set default'] as const).find((known) => known === value) ?? 'restrict';
}

function toForeignKeys(keyColumns: readonly KeyColumnRow[], referential: readonly ReferentialRow[], database: string): CanonicalForeignKey[] {
  const rules = new Map(referential.map((row) => [row.constraint_name, row]));
  return [...groupBy(keyColumns, (row) => row.constraint_name)].map(([name, parts]) => {
    const ordered = parts.sort((a, b) => Number(a.ordinal_position) - Number(b.ordinal_position));
    const first = ordered[0]!;
    return {
      name,
      columns: ordered.map((part) => part.column_name),
      refSchema: first.referenced_table_schema === database ? null : first.referenced_table_schema,
      refTable: first.referenced_table_name,
      refColumns: ordered.map((part) => part.referenced_column_name),
      onDelete: action(rules.get(name)?.delete_rule),
      onUpdate: action(rules.get(name)?.update_rule),
    };
  });
}

/**
 * Marks the index InnoDB made to back a foreign key: on exactly the key's columns, named after the key or,
 * for a key declared without a name, after its first column.
 */
function markImplicit(indexes: CanonicalIndex[], foreignKeys: readonly CanonicalForeignKey[]): CanonicalIndex[] {
  return indexes.map((index) => {
    const backs = !index.unique && index.kind === 'btree' && foreignKeys.some((fk) =>
      (fk.name === index.name || fk.columns[0] === index.name) && index.columns.join(',') === fk.columns.join(','));
    return backs ? { ...index, implicit: 'foreign-key' as const } : index;
  });
}

/** The catalog rows of one table. */
interface TableRows {
  readonly columns: ColumnRow[];
  readonly statistics: StatisticsRow[];
  readonly keyColumns: KeyColumnRow[];
  readonly referential: ReferentialRow[];
  readonly checks: CheckRow[];
}

function toTable(name: string, rows: TableRows, options: FromCatalogOptions): CanonicalTable {
  const allChecks = rows.checks.map((row): CanonicalCheck => ({ name: row.constraint_name, ...canonicalExpression(row.check_clause, name) }));
  const json = jsonColumns(rows.columns, allChecks);
  const checks = allChecks.filter((check) => !json.has(JSON_VALID.exec(check.normalized)?.[1] ?? ''));
  const columns = rows.columns.map((row) => toColumn(row, options.flavor, json));
  const { primaryKey, indexes } = toIndexes(rows.statistics);
  const foreignKeys = toForeignKeys(rows.keyColumns, rows.referential, options.database);
  return { name, columns, primaryKey, indexes: markImplicit(indexes, foreignKeys), foreignKeys, checks };
}

function rowsOf(table: string, groups: { [K in keyof TableRows]: Map<string, TableRows[K]> }): TableRows {
  return {
    columns: groups.columns.get(table) ?? [],
    statistics: groups.statistics.get(table) ?? [],
    keyColumns: groups.keyColumns.get(table) ?? [],
    referential: groups.referential.get(table) ?? [],
    checks: groups.checks.get(table) ?? [],
  };
}

/**
 * Builds the canonical model of a database from its catalog rows (pure). Views are listed by name; other
 * table types (sequences) are left out.
 */
export function schemaFromCatalog(rows: CatalogRows, options: FromCatalogOptions): CanonicalSchema {
  const excluded = new Set(options.exclude ?? []);
  const byTable = <T extends { table_name: string }>(list: readonly T[]) => groupBy(list, (row) => row.table_name);
  const groups = {
    columns: byTable(rows.columns), statistics: byTable(rows.statistics), keyColumns: byTable(rows.keyColumns),
    referential: byTable(rows.referential), checks: byTable(rows.checks),
  };
  const tables: CanonicalTable[] = [];
  const views: string[] = [];
  for (const row of rows.tables) {
    if (excluded.has(row.table_name)) continue;
    if (row.table_type === 'VIEW') views.push(row.table_name);
    else if (row.table_type === 'BASE TABLE' || row.table_type === 'SYSTEM VERSIONED') tables.push(toTable(row.table_name, rowsOf(row.table_name, groups), options));
  }
  return sortSchema({ tables, views });
}
