import type { CatalogRows } from './catalog.js';
import { canonicalExpression, defaultFromSql, literalDefault } from '../schema/canonical/defaults.js';
import {
  sortSchema, type CanonicalCheck, type CanonicalColumn, type CanonicalDefault, type CanonicalForeignKey, type CanonicalIndex,
  type CanonicalSchema, type CanonicalTable, type Flavor, type ForeignKeyAction, type IndexKind,
} from '../schema/canonical/model.js';
import { canonicalType } from '../schema/canonical/types.js';
import { partitioningByTable, programObjects, tableOptionsOf, unmodelledTables, type Unmodelled } from './catalog-objects.js';
import { canonicalPart, indexDefinition, type IndexPartInfo } from '../schema/objects/indexes/definition.js';
import { normaliseCollation } from '../schema/objects/tables/model.js';

export interface FromCatalogOptions {
  /** The database the rows describe: foreign keys into any other one are cross-database keys. */
  readonly database: string;
  readonly flavor: Flavor;
  /** Tables to leave out (the ledger table). */
  readonly exclude?: readonly string[];
}

type TableRow = CatalogRows['tables'][number];
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
  // MariaDB's JSON is utf8mb4_bin by definition: not a collation anyone chose.
  const collation = row.collation_name && type !== 'json' ? normaliseCollation(row.collation_name) : undefined;
  return {
    name: row.column_name,
    type,
    ...(collation ? { collation } : {}),
    ...(row.column_comment ? { comment: row.column_comment } : {}),
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

function indexPart(row: StatisticsRow): IndexPartInfo {
  // A functional index part (MySQL 8) has no column name, but an expression. MariaDB reports a SUB_PART of 32
  // for a SPATIAL index, which is no prefix anyone declared (SHOW CREATE TABLE has none).
  const base = row.expression ? { expression: row.expression } : { column: row.column_name ?? '' };
  const length = row.sub_part === null || row.sub_part === undefined || indexKind(row.index_type) === 'spatial' ? {} : { length: Number(row.sub_part) };
  return { ...base, ...length, descending: row.collation === 'D' };
}

function toIndexes(rows: readonly StatisticsRow[]): { primaryKey: string[] | null; indexes: CanonicalIndex[] } {
  let primaryKey: string[] | null = null;
  const indexes: CanonicalIndex[] = [];
  for (const [name, rowsOfIndex] of groupBy(rows, (row) => row.index_name)) {
    const parts = rowsOfIndex.sort((a, b) => Number(a.seq_in_index) - Number(b.seq_in_index)).map(indexPart);
    const [unique, kind] = [Number(rowsOfIndex[0]!.non_unique) === 0, indexKind(rowsOfIndex[0]!.index_type)];
    if (name === 'PRIMARY') primaryKey = parts.map(canonicalPart);
    else indexes.push({ name, columns: parts.map(canonicalPart), unique, kind, definition: indexDefinition(kind, unique, parts) });
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

function toTable(row: TableRow, rows: TableRows, options: FromCatalogOptions, context: TableContext): CanonicalTable {
  const name = row.table_name;
  const allChecks = rows.checks.map((row): CanonicalCheck => ({ name: row.constraint_name, ...canonicalExpression(row.check_clause, name) }));
  const json = jsonColumns(rows.columns, allChecks);
  const checks = allChecks.filter((check) => !json.has(JSON_VALID.exec(check.normalized)?.[1] ?? ''));
  const columns = rows.columns.map((row) => toColumn(row, options.flavor, json));
  const { primaryKey, indexes } = toIndexes(rows.statistics);
  const foreignKeys = toForeignKeys(rows.keyColumns, rows.referential, options.database);
  const partitioning = context.partitioning.get(name);
  return {
    name, columns, primaryKey, indexes: markImplicit(indexes, foreignKeys), foreignKeys, checks,
    options: tableOptionsOf(row, context.unmodelled), ...(partitioning ? { partitioning } : {}),
  };
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

interface TableContext {
  readonly partitioning: ReadonlyMap<string, string>;
  readonly unmodelled: Unmodelled[];
}

/** The canonical model of a database, and what it has that the model does not keep. */
export interface CatalogSchema {
  readonly schema: CanonicalSchema;
  readonly unmodelled: readonly Unmodelled[];
}

/**
 * Builds the canonical model of a database from its catalog rows (pure): tables with their options and
 * partitioning, views, triggers, routines and events. Sequences are left out (and listed as unmodelled).
 */
export function catalogSchema(rows: CatalogRows, options: FromCatalogOptions): CatalogSchema {
  const excluded = new Set(options.exclude ?? []);
  const unmodelled: Unmodelled[] = [];
  const context: TableContext = { partitioning: partitioningByTable(rows.partitions ?? []), unmodelled };
  const byTable = <T extends { table_name: string }>(list: readonly T[]) => groupBy(list, (row) => row.table_name);
  const groups = {
    columns: byTable(rows.columns), statistics: byTable(rows.statistics), keyColumns: byTable(rows.keyColumns),
    referential: byTable(rows.referential), checks: byTable(rows.checks),
  };
  const tables: CanonicalTable[] = [];
  for (const row of rows.tables) {
    if (excluded.has(row.table_name)) continue;
    if (row.table_type === 'BASE TABLE' || row.table_type === 'SYSTEM VERSIONED') tables.push(toTable(row, rowsOf(row.table_name, groups), options, context));
  }
  unmodelledTables(rows, excluded, unmodelled);
  const objects = programObjects(rows, options.database, excluded, unmodelled);
  const views = objects.views.map((view) => ({ ...view, columns: (groups.columns.get(view.name) ?? []).map((row) => toColumn(row, options.flavor, new Set())) }));
  return { schema: sortSchema({ tables, ...objects, views }), unmodelled };
}

/** The canonical model of a database from its catalog rows (pure); see catalogSchema. */
export function schemaFromCatalog(rows: CatalogRows, options: FromCatalogOptions): CanonicalSchema {
  return catalogSchema(rows, options).schema;
}
