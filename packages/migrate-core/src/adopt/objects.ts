// The objects model of an adopted database: what its tables, columns and indexes have beyond what drizzle-orm
// declares (tables.json), and its triggers, routines and events (one file each).
import type { CanonicalColumn, CanonicalSchema, CanonicalTable } from '../schema/canonical/model.js';
import { drizzleCanDeclare } from '../schema/objects/indexes/definition.js';
import { sortObjects, type ObjectsModel } from '../schema/objects/model.js';
import { isCharacterType, normaliseTableOptions, type ColumnOptions, type TableObjects, type TableOptions } from '../schema/objects/tables/model.js';
import type { Trigger } from '../schema/objects/triggers/model.js';

/** The value most tables have (ties: the first in name order); undefined when none has one. */
function mostCommon(values: ReadonlyArray<string | undefined>): string | undefined {
  const counts = new Map<string, number>();
  for (const value of values) if (value !== undefined) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0];
}

/** The defaults of tables.json: the engine and collation most tables have. */
function defaultsOf(tables: readonly CanonicalTable[]): TableOptions {
  const engine = mostCommon(tables.map((table) => table.options?.engine));
  const collation = mostCommon(tables.map((table) => table.options?.collation));
  return normaliseTableOptions({ ...(engine ? { engine } : {}), ...(collation ? { collation } : {}) });
}

/**
 * A column's options worth writing: a collation other than its table's, a comment, ON UPDATE on a DATETIME
 * (drizzle-orm declares it on TIMESTAMP only).
 */
function columnOptions(column: CanonicalColumn, tableCollation: string | undefined): ColumnOptions | undefined {
  const collation = isCharacterType(column.type) && column.collation !== undefined && column.collation !== tableCollation ? column.collation : undefined;
  const onUpdate = column.onUpdateNow && !/^timestamp/.test(column.type) ? `CURRENT_TIMESTAMP${/\((\d)\)$/.exec(column.type)?.[0] ?? ''}` : undefined;
  const options: ColumnOptions = {
    ...(collation ? { collation } : {}), ...(column.comment ? { comment: column.comment } : {}), ...(onUpdate ? { onUpdate } : {}),
  };
  return Object.keys(options).length === 0 ? undefined : options;
}

function tableObjects(table: CanonicalTable, defaults: TableOptions): TableObjects | undefined {
  const options = table.options ?? {};
  const columns = Object.fromEntries(table.columns.map((column) => [column.name, columnOptions(column, options.collation)] as const)
    .filter((entry): entry is [string, ColumnOptions] => entry[1] !== undefined));
  const indexes = Object.fromEntries(table.indexes.filter((index) => !drizzleCanDeclare(index) && index.definition !== undefined)
    .map((index) => [index.name, index.definition!]));
  const objects: TableObjects = {
    ...(options.engine !== defaults.engine && options.engine ? { engine: options.engine } : {}),
    ...(options.collation !== defaults.collation && options.collation ? { collation: options.collation } : {}),
    ...(options.comment ? { comment: options.comment } : {}),
    ...(options.rowFormat ? { rowFormat: options.rowFormat } : {}),
    ...(Object.keys(columns).length > 0 ? { columns } : {}),
    ...(Object.keys(indexes).length > 0 ? { indexes } : {}),
    ...(table.partitioning ? { partitioning: table.partitioning } : {}),
  };
  return Object.keys(objects).length === 0 ? undefined : objects;
}

/** Triggers after the first of their table, timing and event FOLLOW the one before, so that a rebuild keeps their order. */
function ordered(triggers: readonly Trigger[]): Trigger[] {
  return triggers.map((trigger) => {
    const before = triggers.find((other) => other.table === trigger.table && other.timing === trigger.timing && other.event === trigger.event
      && other.actionOrder === (trigger.actionOrder ?? 1) - 1);
    const { actionOrder: _order, ...rest } = trigger;
    return before ? { ...rest, order: { kind: 'FOLLOWS' as const, other: before.name } } : rest;
  });
}

/** The objects model of a database's schema, as adopt writes it. */
export function objectsFromSchema(schema: CanonicalSchema): ObjectsModel {
  const defaults = defaultsOf(schema.tables);
  const tables = Object.fromEntries(schema.tables.map((table) => [table.name, tableObjects(table, defaults)] as const)
    .filter((entry): entry is [string, TableObjects] => entry[1] !== undefined));
  return sortObjects({ defaults, tables, triggers: ordered(schema.triggers ?? []), routines: schema.routines ?? [], events: schema.events ?? [] });
}
