// Renames given on the command line (`--rename old=new`, `--rename table.old=table.new`): parsed, checked
// against the snapshots, applied to a copy of the previous snapshot, and turned into RENAME statements.
// drizzle-kit 0.31 would ask about renames on a terminal (and throw without one), so it never sees them.
import { MigrateError, UsageError } from '../../errors.js';
import { cloneSnapshot, type KitSnapshot, type KitTable } from './kit-snapshot.js';

export type Rename =
  | { readonly kind: 'table'; readonly from: string; readonly to: string }
  /** `table` is the table's name in the new schema, `fromTable` its name in the previous snapshot. */
  | { readonly kind: 'column'; readonly fromTable: string; readonly table: string; readonly from: string; readonly to: string };

const NAME = /^[A-Za-z0-9_$]{1,64}$/;

function parseOne(spec: string): Rename {
  const parts = spec.split('=');
  const bad = () => new UsageError(`--rename ${spec}: expected <old>=<new> for a table or <table>.<old>=<table>.<new> for a column.`,
    'e.g. --rename posts=articles, --rename posts.title=posts.headline');
  if (parts.length !== 2) throw bad();
  const [from, to] = parts.map((part) => part.trim().split('.')) as [string[], string[]];
  if (from.length !== to.length || from.length > 2 || ![...from, ...to].every((name) => NAME.test(name))) throw bad();
  if (from.length === 1) return { kind: 'table', from: from[0]!, to: to[0]! };
  return { kind: 'column', fromTable: from[0]!, table: to[0]!, from: from[1]!, to: to[1]! };
}

/** `--rename` values -> renames; a UsageError for a malformed one or the same name renamed twice. */
export function parseRenames(specs: readonly string[]): Rename[] {
  const renames = specs.map(parseOne);
  const keys = renames.map((rename) => (rename.kind === 'table' ? rename.from : `${rename.fromTable}.${rename.from}`));
  const twice = keys.find((key, i) => keys.indexOf(key) !== i);
  if (twice !== undefined) throw new UsageError(`--rename ${twice}=... is given twice.`);
  return renames;
}

/** The previous-snapshot name of a column rename's table, resolving `new.old=new.new` through a table rename. */
function previousTableOf(rename: Rename & { kind: 'column' }, renames: readonly Rename[]): string {
  const tableRename = renames.find((r) => r.kind === 'table' && (r.to === rename.fromTable || r.from === rename.fromTable));
  return tableRename?.kind === 'table' ? tableRename.from : rename.fromTable;
}

function nextTableOf(rename: Rename & { kind: 'column' }, renames: readonly Rename[]): string {
  const tableRename = renames.find((r) => r.kind === 'table' && r.from === rename.table);
  return tableRename?.kind === 'table' ? tableRename.to : rename.table;
}

function fail(spec: string, problem: string, hint: string): never {
  throw new MigrateError('GENERATE', `--rename ${spec}: ${problem}`, { hint });
}

const listed = (names: readonly string[]) => (names.length === 0 ? '(none)' : names.join(', '));

/** A view is renamed like a table (`RENAME TABLE` renames views too). */
function checkViewRename(rename: Rename & { kind: 'table' }, prev: KitSnapshot, next: KitSnapshot): void {
  const spec = `${rename.from}=${rename.to}`;
  if (next.views[rename.from]) fail(spec, `view \`${rename.from}\` is still in the schema, so it is not renamed.`, 'Give the name it had before and the name it has now.');
  if (!next.views[rename.to]) fail(spec, `the schema has no view \`${rename.to}\`.`, `Views in the schema: ${listed(Object.keys(next.views))}.`);
  if (prev.views[rename.to]) fail(spec, `view \`${rename.to}\` already existed before, so nothing is renamed to it.`, 'Give the name it had before and the name it has now.');
}

function checkTableRename(rename: Rename & { kind: 'table' }, prev: KitSnapshot, next: KitSnapshot): void {
  const spec = `${rename.from}=${rename.to}`;
  if (prev.views[rename.from] && !prev.tables[rename.from]) return checkViewRename(rename, prev, next);
  if (!prev.tables[rename.from]) fail(spec, `there is no table or view \`${rename.from}\` in the last snapshot.`, `Tables there: ${listed(Object.keys(prev.tables))}; views: ${listed(Object.keys(prev.views))}.`);
  if (next.tables[rename.from]) fail(spec, `table \`${rename.from}\` is still in the schema, so it is not renamed.`, 'Give the name it had before and the name it has now.');
  if (!next.tables[rename.to]) fail(spec, `the schema has no table \`${rename.to}\`.`, `Tables in the schema: ${listed(Object.keys(next.tables))}.`);
  if (prev.tables[rename.to]) fail(spec, `table \`${rename.to}\` already existed before, so nothing is renamed to it.`, 'Give the name it had before and the name it has now.');
}

function checkColumnRename(rename: Rename & { kind: 'column' }, renames: readonly Rename[], prev: KitSnapshot, next: KitSnapshot): void {
  const spec = `${rename.fromTable}.${rename.from}=${rename.table}.${rename.to}`;
  const [fromTable, toTable] = [previousTableOf(rename, renames), nextTableOf(rename, renames)];
  const tableRenamed = renames.some((r) => r.kind === 'table' && r.from === fromTable && r.to === toTable);
  if (fromTable !== toTable && !tableRenamed) {
    fail(spec, 'a column cannot move to another table.', `To rename the table too, add --rename ${fromTable}=${toTable}.`);
  }
  const before: KitTable | undefined = prev.tables[fromTable];
  const after: KitTable | undefined = next.tables[toTable];
  if (!before) fail(spec, `there is no table \`${rename.fromTable}\` in the last snapshot.`, `Tables there: ${listed(Object.keys(prev.tables))}.`);
  if (!after) fail(spec, `the schema has no table \`${rename.table}\`.`, 'A column keeps its table; to rename the table too, add --rename <old table>=<new table>.');
  if (!before.columns[rename.from]) fail(spec, `table \`${before.name}\` had no column \`${rename.from}\`.`, `Its columns: ${listed(Object.keys(before.columns))}.`);
  if (after.columns[rename.from]) fail(spec, `column \`${rename.from}\` is still in table \`${after.name}\`, so it is not renamed.`, 'Give the name it had before and the name it has now.');
  if (!after.columns[rename.to]) fail(spec, `table \`${after.name}\` in the schema has no column \`${rename.to}\`.`, `Its columns: ${listed(Object.keys(after.columns))}.`);
  if (before.columns[rename.to]) fail(spec, `column \`${rename.to}\` already existed in \`${before.name}\`.`, 'Give the name it had before and the name it has now.');
}

/** Checks every rename against the previous snapshot and the schema; a GENERATE error names the bad one and what exists. */
export function checkRenames(renames: readonly Rename[], prev: KitSnapshot, next: KitSnapshot): void {
  for (const rename of renames) {
    if (rename.kind === 'table') checkTableRename(rename, prev, next);
    else checkColumnRename(rename, renames, prev, next);
  }
}

const swap = (names: string[], from: string, to: string) => names.map((name) => (name === from ? to : name));

function renameTableIn(snapshot: KitSnapshot, from: string, to: string): void {
  const view = snapshot.views[from];
  if (view !== undefined && snapshot.tables[from] === undefined) {
    delete snapshot.views[from];
    snapshot.views[to] = { ...view, name: to };
    return;
  }
  const table = snapshot.tables[from]!;
  delete snapshot.tables[from];
  snapshot.tables[to] = { ...table, name: to };
  for (const other of Object.values(snapshot.tables)) {
    for (const fk of Object.values(other.foreignKeys)) {
      if (fk.tableFrom === from) fk.tableFrom = to;
      if (fk.tableTo === from) fk.tableTo = to;
    }
  }
}

function renameColumnIn(snapshot: KitSnapshot, tableName: string, from: string, to: string): void {
  const table = snapshot.tables[tableName]!;
  table.columns = Object.fromEntries(Object.entries(table.columns).map(([key, column]) => (key === from ? [to, { ...column, name: to }] : [key, column])));
  for (const index of Object.values(table.indexes)) index.columns = swap(index.columns, from, to);
  for (const key of Object.values(table.compositePrimaryKeys)) key.columns = swap(key.columns, from, to);
  for (const unique of Object.values(table.uniqueConstraints)) unique.columns = swap(unique.columns, from, to);
  for (const fk of Object.values(table.foreignKeys)) fk.columnsFrom = swap(fk.columnsFrom, from, to);
  for (const other of Object.values(snapshot.tables)) {
    for (const fk of Object.values(other.foreignKeys)) if (fk.tableTo === tableName) fk.columnsTo = swap(fk.columnsTo, from, to);
  }
}

/** A copy of the previous snapshot with the renames done: tables, columns, and the keys that mention them. */
export function applyRenames(prev: KitSnapshot, renames: readonly Rename[]): KitSnapshot {
  const out = cloneSnapshot(prev);
  for (const rename of renames) if (rename.kind === 'table') renameTableIn(out, rename.from, rename.to);
  for (const rename of renames) if (rename.kind === 'column') renameColumnIn(out, nextTableOf(rename, renames), rename.from, rename.to);
  return out;
}

/**
 * The RENAME statements: for `up` table renames then column renames, to run before the rest of the diff; for
 * `down` the reverse renames in reverse order, to run after the rest of the reverse diff.
 */
export function renameStatements(renames: readonly Rename[], direction: 'up' | 'down'): string[] {
  const tables = renames.filter((r) => r.kind === 'table');
  const columns = renames.filter((r) => r.kind === 'column');
  if (direction === 'up') {
    return [
      ...tables.map((r) => `RENAME TABLE \`${r.from}\` TO \`${r.to}\``),
      ...columns.map((r) => `ALTER TABLE \`${nextTableOf(r, renames)}\` RENAME COLUMN \`${r.from}\` TO \`${r.to}\``),
    ];
  }
  return [
    ...[...columns].reverse().map((r) => `ALTER TABLE \`${nextTableOf(r, renames)}\` RENAME COLUMN \`${r.to}\` TO \`${r.from}\``),
    ...[...tables].reverse().map((r) => `RENAME TABLE \`${r.to}\` TO \`${r.from}\``),
  ];
}
