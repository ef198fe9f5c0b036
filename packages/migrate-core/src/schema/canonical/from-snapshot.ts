import { canonicalExpression, defaultFromSnapshot } from './defaults.js';
import {
  sortSchema, type CanonicalColumn, type CanonicalForeignKey, type CanonicalIndex, type CanonicalSchema, type CanonicalTable,
  type ForeignKeyAction,
} from './model.js';
import { canonicalType } from './types.js';
import { canonicalPart, implicitPrefix, indexFromDefinition, parseIndexDefinition } from '../objects/indexes/definition.js';
import type { ObjectsModel } from '../objects/model.js';
import { objectsOfSnapshot } from '../objects/snapshot.js';
import { normaliseTableOptions, type TableObjects } from '../objects/tables/model.js';
import { canonicalView } from '../objects/views/normalise.js';
import type { CanonicalView } from '../objects/views/model.js';

/** The parts of drizzle-kit's MySQL snapshot (version 5) that describe a table. */
interface SnapshotColumn {
  name: string;
  type: string;
  primaryKey?: boolean;
  notNull?: boolean;
  autoincrement?: boolean;
  default?: unknown;
  onUpdate?: boolean;
  generated?: { as: string; type: 'stored' | 'virtual' };
}
interface SnapshotTable {
  name: string;
  columns: Record<string, SnapshotColumn>;
  indexes?: Record<string, { name: string; columns: string[]; isUnique?: boolean }>;
  foreignKeys?: Record<string, {
    name: string; tableTo: string; columnsFrom: string[]; columnsTo: string[]; onDelete?: string; onUpdate?: string; schemaTo?: string;
  }>;
  compositePrimaryKeys?: Record<string, { name: string; columns: string[] }>;
  uniqueConstraints?: Record<string, { name: string; columns: string[] }>;
  checkConstraint?: Record<string, { name: string; value: string }>;
}

interface SnapshotView {
  name: string;
  definition?: string;
  isExisting?: boolean;
  algorithm?: string;
  sqlSecurity?: string;
  withCheckOption?: string;
}

/** What schemaFromSnapshot reads: a migration's snapshot.json, or generateMySQLDrizzleJson's result. */
export interface SnapshotLike {
  readonly tables: Record<string, unknown>;
  readonly views?: Record<string, unknown>;
  /** The objects model (see schema/objects/snapshot.ts). */
  readonly objects?: unknown;
}

function toAction(value: string | undefined): ForeignKeyAction {
  const lower = (value ?? 'no action').toLowerCase();
  return (['cascade', 'restrict', 'no action', 'set null', 'set default'] as const).find((known) => known === lower) ?? 'no action';
}

function primaryKeyOf(table: SnapshotTable): string[] | null {
  const composite = Object.values(table.compositePrimaryKeys ?? {})[0];
  if (composite) return [...composite.columns];
  const flagged = Object.values(table.columns).filter((column) => column.primaryKey).map((column) => column.name);
  return flagged.length > 0 ? flagged : null;
}

function toColumn(column: SnapshotColumn, table: string, inPrimaryKey: boolean, declared: TableObjects | undefined): CanonicalColumn {
  // SERIAL is an alias: BIGINT UNSIGNED NOT NULL AUTO_INCREMENT UNIQUE.
  const options = declared?.columns?.[column.name];
  const serial = column.type.trim().toLowerCase() === 'serial';
  const type = serial ? 'bigint unsigned' : canonicalType(column.type);
  return {
    name: column.name,
    type,
    // Primary key columns are NOT NULL whether or not the schema says so.
    notNull: serial || inPrimaryKey || column.notNull === true,
    default: column.generated ? null : defaultFromSnapshot(column.default, type, table),
    autoIncrement: serial || column.autoincrement === true,
    onUpdateNow: column.onUpdate === true || options?.onUpdate !== undefined,
    generated: column.generated
      ? { ...canonicalExpression(column.generated.as, table), stored: column.generated.type === 'stored' }
      : null,
    ...(options?.collation ? { collation: options.collation } : {}),
    ...(options?.charset ? { charset: options.charset } : {}),
    ...(options?.comment ? { comment: options.comment } : {}),
  };
}

/**
 * An index part of drizzle's snapshot in the canonical spelling: a column (with the prefix the server gives a
 * non-unique index on a TEXT or BLOB column, which generate writes explicitly), or an `sql` part such as
 * `\`name\`(10)` or `(lower(\`email\`))`.
 */
function indexPart(text: string, table: SnapshotTable, unique: boolean): string {
  const column = table.columns[text];
  if (column !== undefined) {
    const prefix = unique ? undefined : implicitPrefix(canonicalType(column.type));
    return prefix === undefined ? text : `${text}(${prefix})`;
  }
  try {
    return canonicalPart(parseIndexDefinition(`(${text})`).parts[0]!);
  } catch {
    return text;
  }
}

function indexesOf(table: SnapshotTable, primaryKey: readonly string[] | null, declared: TableObjects | undefined): CanonicalIndex[] {
  const indexes: CanonicalIndex[] = [
    ...Object.values(table.indexes ?? {}).map((index) => ({
      name: index.name, columns: index.columns.map((part) => indexPart(part, table, index.isUnique === true)), unique: index.isUnique === true, kind: 'btree' as const,
    })),
    ...Object.entries(declared?.indexes ?? {}).map(([name, text]) => ({ ...indexFromDefinition(name, text), definition: text })),
    ...Object.values(table.uniqueConstraints ?? {}).map((unique) => ({ name: unique.name, columns: [...unique.columns], unique: true, kind: 'btree' as const })),
  ];
  for (const column of Object.values(table.columns)) {
    const soleKey = primaryKey?.length === 1 && primaryKey[0] === column.name;
    if (column.type.trim().toLowerCase() !== 'serial' || soleKey || indexes.some((index) => index.name === column.name)) continue;
    // The servers name SERIAL's unique key after its column (and fold it into a one-column primary key).
    indexes.push({ name: column.name, columns: [column.name], unique: true, kind: 'btree', implicit: 'serial' });
  }
  return indexes;
}

function foreignKeysOf(table: SnapshotTable): CanonicalForeignKey[] {
  return Object.values(table.foreignKeys ?? {}).map((fk) => ({
    name: fk.name,
    columns: [...fk.columnsFrom],
    refSchema: fk.schemaTo ? fk.schemaTo : null,
    refTable: fk.tableTo,
    refColumns: [...fk.columnsTo],
    onDelete: toAction(fk.onDelete),
    onUpdate: toAction(fk.onUpdate),
  }));
}

function toTable(table: SnapshotTable, objects: ObjectsModel): CanonicalTable {
  const primaryKey = primaryKeyOf(table);
  const keySet = new Set(primaryKey ?? []);
  const declared = objects.tables[table.name];
  const { columns: _columns, indexes: _indexes, partitioning, ...options } = declared ?? {};
  return {
    name: table.name,
    columns: Object.values(table.columns).map((column) => toColumn(column, table.name, keySet.has(column.name), declared)),
    primaryKey,
    indexes: indexesOf(table, primaryKey, declared),
    options: normaliseTableOptions({ ...objects.defaults, ...options }),
    ...(partitioning ? { partitioning } : {}),
    foreignKeys: foreignKeysOf(table),
    checks: Object.values(table.checkConstraint ?? {}).map((check) => ({ name: check.name, ...canonicalExpression(check.value, table.name) })),
  };
}

/**
 * The canonical model of what a drizzle-kit MySQL snapshot describes: the schema a database should have
 * after the migration that wrote it (pure).
 */
export function schemaFromSnapshot(snapshot: SnapshotLike): CanonicalSchema {
  const objects = objectsOfSnapshot(snapshot);
  const tables = Object.values(snapshot.tables as Record<string, SnapshotTable>).map((table) => toTable(table, objects));
  const views = Object.values((snapshot.views ?? {}) as Record<string, SnapshotView>).filter((view) => view.name && !view.isExisting).map(toView);
  return sortSchema({ tables, views, triggers: objects.triggers, routines: objects.routines, events: objects.events });
}

/** A drizzle view: what its snapshot says, in the catalog's spelling (`merge` -> MERGE). */
function toView(view: SnapshotView): CanonicalView {
  return canonicalView({
    name: view.name,
    definition: view.definition ?? '',
    ...(view.algorithm ? { algorithm: view.algorithm.toUpperCase() } : {}),
    ...(view.sqlSecurity ? { security: view.sqlSecurity.toUpperCase() } : {}),
    ...(view.withCheckOption ? { checkOption: view.withCheckOption.toUpperCase() } : {}),
  });
}
