// The statements that take a database's objects from one model to another, in the phases a migration needs
// them: drops before drizzle-kit's statements, table changes and creations after them, triggers and events last
// (after the views, which drizzle-kit makes and which may use the routines).
import type { KitSnapshot } from '../drizzle/kit-snapshot.js';
import { canonicalType } from '../canonical/types.js';
import { sameEvent } from './events/compare.js';
import { sameRoutine } from './routines/compare.js';
import { sameTrigger } from './triggers/compare.js';
import { createEvent, dropEvent } from './events/ddl.js';
import { createIndexSql, dropIndexSql, indexFromDefinition } from './indexes/definition.js';
import { tableOptionsIn, type ObjectsModel } from './model.js';
import { normalisePartitioning } from './partitions/normalise.js';
import { partitionTable, removePartitioning } from './partitions/ddl.js';
import { createRoutine, dropRoutine } from './routines/ddl.js';
import { routineKey } from './routines/model.js';
import { alterTableOptions, columnDefinition, modifyColumn } from './tables/ddl.js';
import { isCharacterType } from './tables/model.js';
import { creationOrder, createTrigger, dropTrigger } from './triggers/ddl.js';

export interface ObjectStatements {
  /** Before drizzle-kit's statements: what goes away or changes (dropped, to be made again after). */
  readonly before: string[];
  /** After drizzle-kit's statements and before views: table options, column options, partitioning, indexes, routines. */
  readonly after: string[];
  /** After the views: triggers and events. */
  readonly last: string[];
}

/** Pairs of a list by key: removed, added, and changed (by `same`). */
function changes<T>(from: readonly T[], to: readonly T[], key: (item: T) => string, same: (a: T, b: T) => boolean): { gone: T[]; made: T[] } {
  const before = new Map(from.map((item) => [key(item), item]));
  const after = new Map(to.map((item) => [key(item), item]));
  const gone = from.filter((item) => !after.has(key(item)) || !same(item, after.get(key(item))!));
  const made = to.filter((item) => !before.has(key(item)) || !same(before.get(key(item))!, item));
  return { gone, made };
}

function indexChanges(table: string, from: ObjectsModel, to: ObjectsModel, kept: boolean, out: ObjectStatements): void {
  const before = from.tables[table]?.indexes ?? {};
  const after = to.tables[table]?.indexes ?? {};
  const same = (name: string) => before[name] !== undefined && after[name] !== undefined
    && JSON.stringify(indexFromDefinition(name, before[name]!)) === JSON.stringify(indexFromDefinition(name, after[name]!));
  if (kept) for (const name of Object.keys(before)) if (!same(name)) out.before.push(dropIndexSql(table, name));
  for (const name of Object.keys(after)) if (!kept || !same(name)) out.after.push(createIndexSql(table, name, after[name]!));
}

/**
 * Options, column options and partitioning of a table that exists before and after. A column that is new has
 * its options in drizzle-kit's ADD (see decorateStatements).
 */
function tableChanges(table: string, from: ObjectsModel, to: ObjectsModel, kits: { from: KitSnapshot; to: KitSnapshot }, modified: ReadonlySet<string>, out: ObjectStatements): void {
  const [a, b] = [tableOptionsIn(from, table), tableOptionsIn(to, table)];
  const alter = alterTableOptions(table, a, b);
  if (alter) out.after.push(alter);
  const collationChanged = a.collation !== b.collation || a.charset !== b.charset;
  for (const column of Object.values(kits.to.tables[table]?.columns ?? {})) {
    if (kits.from.tables[table]?.columns[column.name] === undefined) continue;
    const [x, y] = [from.tables[table]?.columns?.[column.name], to.tables[table]?.columns?.[column.name]];
    const character = isCharacterType(canonicalType(column.type));
    const inherits = character && collationChanged && y?.collation === undefined && y?.charset === undefined;
    if ((JSON.stringify(x ?? {}) !== JSON.stringify(y ?? {}) || inherits) && !modified.has(`${table}\0${column.name}`)) {
      out.after.push(modifyColumn(table, columnDefinition(column, y, character)));
    }
  }
  const [p, q] = [from.tables[table]?.partitioning, to.tables[table]?.partitioning];
  if (p !== undefined && q === undefined) out.after.push(removePartitioning(table));
  else if (q !== undefined && (p === undefined || normalisePartitioning(p) !== normalisePartitioning(q))) out.after.push(partitionTable(table, q));
}

/**
 * The statements for objects `from` -> `to`. `fromKit`/`toKit` are drizzle-kit's snapshots of the same two
 * states (tables created by drizzle-kit get their options in CREATE TABLE, see decorateStatements);
 * `modified` lists `table\0column` pairs drizzle-kit already MODIFYs (decorated with their options then).
 */
export function objectStatements(from: ObjectsModel, to: ObjectsModel, fromKit: KitSnapshot, toKit: KitSnapshot, modified: ReadonlySet<string> = new Set()): ObjectStatements {
  const out: ObjectStatements = { before: [], after: [], last: [] };
  const triggers = changes(from.triggers, to.triggers, (t) => t.name, sameTrigger);
  const events = changes(from.events, to.events, (e) => e.name, sameEvent);
  const routines = changes(from.routines, to.routines, routineKey, sameRoutine);
  out.before.push(...triggers.gone.map(dropTrigger));
  out.before.push(...events.gone.map(dropEvent), ...routines.gone.map(dropRoutine));
  for (const table of Object.keys(toKit.tables)) {
    const kept = fromKit.tables[table] !== undefined;
    if (kept) tableChanges(table, from, to, { from: fromKit, to: toKit }, modified, out);
    indexChanges(table, from, to, kept, out);
  }
  out.after.push(...routines.made.map(createRoutine));
  out.last.push(...creationOrder(triggers.made).map(createTrigger), ...events.made.map(createEvent));
  return out;
}
