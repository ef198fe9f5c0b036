import type { CatalogRows } from './catalog.js';
import { canonicalExpression, defaultFromSql, literalDefault } from '../schema/canonical/defaults.js';
import {
  sortSchema, type CanonicalCheck, type CanonicalColumn, type CanonicalDefault, type CanonicalSchema, type CanonicalTable, type Flavor,
} from '../schema/canonical/model.js';
import { canonicalType } from '../schema/canonical/types.js';
import { partitioningByTable, programObjects, unmodelledTables } from './catalog-objects.js';
import { tableOptionsOf } from '../schema/objects/tables/read.js';
import type { Unmodelled } from '../schema/objects/unmodelled.js';
import { markImplicit, toForeignKeys, toIndexes } from './catalog-keys.js';
import { groupBy } from './group.js';
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
