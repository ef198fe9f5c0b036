// drizzle-kit 0.31 asks on a terminal whenever a diff both removes and adds tables, or both removes and adds
// columns of one table, or views (its hanji prompts; without a TTY generateMySQLMigration throws). We find
// those cases first, with the same rules, so that drizzle-kit is never handed one.
import { cloneSnapshot, type KitSnapshot, type KitTable } from './kit-snapshot.js';

export interface Ambiguity {
  readonly kind: 'table' | 'column' | 'view';
  /** For columns: the table. */
  readonly table?: string;
  readonly removed: readonly string[];
  readonly added: readonly string[];
}

function removedAndAdded(before: readonly string[], after: readonly string[]): { removed: string[]; added: string[] } {
  return { removed: before.filter((name) => !after.includes(name)), added: after.filter((name) => !before.includes(name)) };
}

/** Every place where drizzle-kit would ask "rename or drop + create?" for a diff from `prev` to `next`. */
export function findAmbiguities(prev: KitSnapshot, next: KitSnapshot): Ambiguity[] {
  const out: Ambiguity[] = [];
  const tables = removedAndAdded(Object.keys(prev.tables), Object.keys(next.tables));
  if (tables.removed.length > 0 && tables.added.length > 0) out.push({ kind: 'table', ...tables });
  for (const [name, table] of Object.entries(prev.tables)) {
    const after = next.tables[name];
    if (!after) continue;
    const columns = removedAndAdded(Object.keys(table.columns), Object.keys(after.columns));
    if (columns.removed.length > 0 && columns.added.length > 0) out.push({ kind: 'column', table: name, ...columns });
  }
  const views = removedAndAdded(Object.keys(prev.views), Object.keys(next.views));
  if (views.removed.length > 0 && views.added.length > 0) out.push({ kind: 'view', ...views });
  return out;
}

const mentionsAny = (columns: readonly string[], removed: ReadonlySet<string>) => columns.some((column) => removed.has(column));

function withoutColumns(table: KitTable, removed: ReadonlySet<string>): void {
  for (const name of removed) delete table.columns[name];
  const keep = <V extends { columns: string[] }>(entries: Record<string, V>) =>
    Object.fromEntries(Object.entries(entries).filter(([, value]) => !mentionsAny(value.columns, removed)));
  table.indexes = keep(table.indexes);
  table.compositePrimaryKeys = keep(table.compositePrimaryKeys);
  table.uniqueConstraints = keep(table.uniqueConstraints);
  table.foreignKeys = Object.fromEntries(Object.entries(table.foreignKeys).filter(([, fk]) => !mentionsAny(fk.columnsFrom, removed)));
}

/**
 * The middle state of a diff done as drop phase + add phase (`--no-renames`): `prev` without the tables,
 * columns and views that `next` does not have, and without the keys and foreign keys that mention them.
 * prev -> middle only removes, middle -> next only adds and alters, so neither makes drizzle-kit ask.
 */
export function withoutRemoved(prev: KitSnapshot, next: KitSnapshot): KitSnapshot {
  const out = cloneSnapshot(prev);
  const removedColumns = new Map<string, Set<string>>();
  for (const name of Object.keys(out.tables)) {
    const after = next.tables[name];
    if (!after) {
      delete out.tables[name];
      continue;
    }
    const removed = new Set(Object.keys(out.tables[name]!.columns).filter((column) => !after.columns[column]));
    removedColumns.set(name, removed);
    withoutColumns(out.tables[name]!, removed);
  }
  for (const table of Object.values(out.tables)) {
    table.foreignKeys = Object.fromEntries(Object.entries(table.foreignKeys).filter(([, fk]) =>
      out.tables[fk.tableTo] !== undefined && !mentionsAny(fk.columnsTo, removedColumns.get(fk.tableTo) ?? new Set())));
  }
  for (const name of Object.keys(out.views)) if (!next.views[name]) delete out.views[name];
  return out;
}

function describe(ambiguity: Ambiguity): string {
  const what = ambiguity.kind === 'column' ? `table \`${ambiguity.table}\`: columns` : `${ambiguity.kind}s`;
  return `  - ${what} removed: ${ambiguity.removed.join(', ')}; added: ${ambiguity.added.join(', ')}`;
}

function suggestion(ambiguity: Ambiguity): string {
  const [from, to] = [ambiguity.removed[0]!, ambiguity.added[0]!];
  return ambiguity.kind === 'column' ? `--rename ${ambiguity.table}.${from}=${ambiguity.table}.${to}` : `--rename ${from}=${to}`;
}

/** The message and hint for a GENERATE error: what looks like a rename, and the exact flags to pass. */
export function ambiguityMessage(ambiguities: readonly Ambiguity[], schemaFile: string, target: string): { message: string; hint: string } {
  const flags = ambiguities.map(suggestion);
  const message = [`${schemaFile} both removes and adds, which may be renames (generate never asks; say which):`, ...ambiguities.map(describe)].join('\n');
  const hint = [
    flags.length > 0 ? `If renamed (data kept): ${target} ${flags.join(' ')}   (--rename is repeatable; adjust the pairs to what was renamed)` : '',
    `If dropped and created (data of the removed ones is lost): ${target} --no-renames`,
  ].filter((line) => line !== '').join('\n        ');
  return { message, hint };
}
