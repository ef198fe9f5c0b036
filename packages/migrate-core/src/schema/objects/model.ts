// The objects of a service's schema that drizzle-orm's schema language cannot express: table and column options,
// indexes drizzle cannot declare, partitioning (all per table, in tables.json), triggers, procedures, functions
// and events (one SQL file each). The same shape is kept in each migration's snapshot.json under `objects`.
import type { SqlEvent } from './events/model.js';
import type { Routine } from './routines/model.js';
import { normaliseTableOptions, type TableObjects, type TableOptions } from './tables/model.js';
import type { Trigger } from './triggers/model.js';

export interface ObjectsModel {
  /** Options of every table that does not set its own. */
  readonly defaults: TableOptions;
  readonly tables: Readonly<Record<string, TableObjects>>;
  readonly triggers: readonly Trigger[];
  readonly routines: readonly Routine[];
  readonly events: readonly SqlEvent[];
}

export function emptyObjects(): ObjectsModel {
  return { defaults: {}, tables: {}, triggers: [], routines: [], events: [] };
}

const byName = <T extends { name: string }>(a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** Objects in a stable order (for snapshots that diff well, and for equality). */
export function sortObjects(model: ObjectsModel): ObjectsModel {
  return {
    defaults: model.defaults,
    tables: Object.fromEntries(Object.entries(model.tables).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    triggers: [...model.triggers].sort(byName),
    routines: [...model.routines].sort((a, b) => byName({ name: `${a.kind} ${a.name}` }, { name: `${b.kind} ${b.name}` })),
    events: [...model.events].sort(byName),
  };
}

/** True when the model declares nothing (a service that has no objects home, or an old snapshot). */
export function isEmptyObjects(model: ObjectsModel): boolean {
  return Object.keys(model.defaults).length === 0 && Object.keys(model.tables).length === 0
    && model.triggers.length === 0 && model.routines.length === 0 && model.events.length === 0;
}

/** The options of table `name`: its own over the model's defaults. */
export function tableOptionsIn(model: ObjectsModel, name: string): TableOptions {
  const { columns: _columns, indexes: _indexes, partitioning: _partitioning, ...own } = model.tables[name] ?? {};
  return normaliseTableOptions({ ...model.defaults, ...own });
}
