// drizzle-kit's MySQL snapshot (version "5") as plain data, and the small pure operations the generator
// needs on it. The shapes follow drizzle-kit 0.31's zod schema (`mysqlSchema`, strict objects).
import { BASE_ID, type MigrationSnapshot } from '../../repository/index.js';

export interface KitColumn {
  name: string;
  type: string;
  primaryKey: boolean;
  notNull: boolean;
  autoincrement?: boolean;
  default?: unknown;
  onUpdate?: unknown;
  generated?: { type: 'stored' | 'virtual'; as: string };
}

export interface KitIndex {
  name: string;
  columns: string[];
  isUnique: boolean;
  using?: string;
  algorithm?: string;
  lock?: string;
}

export interface KitForeignKey {
  name: string;
  tableFrom: string;
  columnsFrom: string[];
  tableTo: string;
  columnsTo: string[];
  onUpdate?: string;
  onDelete?: string;
}

export interface KitNamedColumns {
  name: string;
  columns: string[];
}

export interface KitTable {
  name: string;
  columns: Record<string, KitColumn>;
  indexes: Record<string, KitIndex>;
  foreignKeys: Record<string, KitForeignKey>;
  compositePrimaryKeys: Record<string, KitNamedColumns>;
  uniqueConstraints: Record<string, KitNamedColumns>;
  checkConstraint: Record<string, { name: string; value: string }>;
}

export interface KitSnapshot {
  version: '5';
  dialect: 'mysql';
  id: string;
  prevId: string;
  tables: Record<string, KitTable>;
  views: Record<string, { name: string; columns: Record<string, KitColumn>; [key: string]: unknown }>;
  _meta: { tables: Record<string, string>; columns: Record<string, string> };
  internal?: Record<string, unknown>;
}

/** The keys drizzle-kit's strict schema accepts; anything else (our `migrateCore`) makes it throw. */
const KIT_KEYS = ['version', 'dialect', 'id', 'prevId', 'tables', 'views', '_meta', 'internal'] as const;

/** The snapshot before the first migration: no tables. */
export function emptySnapshot(): KitSnapshot {
  return { version: '5', dialect: 'mysql', tables: {}, views: {}, _meta: { tables: {}, columns: {} }, internal: { tables: {}, indexes: {} }, id: BASE_ID, prevId: BASE_ID };
}

/** A deep copy holding only the keys drizzle-kit accepts (our `migrateCore` and any other extra key removed). */
export function toKitSnapshot(snapshot: MigrationSnapshot | KitSnapshot): KitSnapshot {
  const source = snapshot as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(source)) if ((KIT_KEYS as readonly string[]).includes(key) && source[key] !== undefined) out[key] = source[key];
  const copy = structuredClone(out) as unknown as KitSnapshot;
  copy.views ??= {};
  copy._meta ??= { tables: {}, columns: {} };
  return copy;
}

/** The snapshot to write for migration `id`: drizzle-kit's keys, then `id` and `prevId` (as drizzle-kit orders them). */
export function withIds(snapshot: KitSnapshot, id: string, prevId: string): MigrationSnapshot {
  const rest: Partial<KitSnapshot> = toKitSnapshot(snapshot);
  delete rest.id;
  delete rest.prevId;
  return { ...rest, id, prevId } as unknown as MigrationSnapshot;
}

/** Deep copy. */
export function cloneSnapshot(snapshot: KitSnapshot): KitSnapshot {
  return structuredClone(snapshot);
}

/** True when `prefix` are the first columns of `columns`, in order (MySQL can then use the index for it). */
export function isLeadingPrefix(prefix: readonly string[], columns: readonly string[]): boolean {
  return prefix.length > 0 && prefix.length <= columns.length && prefix.every((column, i) => columns[i] === column);
}

/** The column lists of a table's explicit keys: primary key, unique constraints, indexes. */
export function keyColumnLists(table: KitTable): { name: string; columns: string[] }[] {
  return [
    ...Object.values(table.compositePrimaryKeys).map((pk) => ({ name: 'PRIMARY', columns: pk.columns })),
    ...Object.values(table.uniqueConstraints).map((unique) => ({ name: unique.name, columns: unique.columns })),
    ...Object.values(table.indexes).map((index) => ({ name: index.name, columns: index.columns })),
  ];
}

/**
 * MySQL has no primary key names (the key is always PRIMARY), but drizzle-kit names them `<table>_<column>`
 * and treats a new name as drop + add, which fails on an AUTO_INCREMENT column. Where both snapshots have the
 * same primary key columns, the copy of `from` takes the name used in `to`.
 */
export function alignPrimaryKeyNames(from: KitSnapshot, to: KitSnapshot): KitSnapshot {
  const out = cloneSnapshot(from);
  for (const [name, table] of Object.entries(out.tables)) {
    const target = to.tables[name];
    const [ownKey] = Object.values(table.compositePrimaryKeys);
    const [targetKey] = Object.values(target?.compositePrimaryKeys ?? {});
    if (!ownKey || !targetKey || ownKey.name === targetKey.name) continue;
    if (ownKey.columns.join('\0') !== targetKey.columns.join('\0')) continue;
    table.compositePrimaryKeys = { [targetKey.name]: { ...ownKey, name: targetKey.name } };
  }
  return out;
}
