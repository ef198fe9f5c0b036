// The catalog rows of what is not a column, key or index: partitioning, views, triggers, routines and events;
// and what the model does not keep, with the reason, so that nothing is left out silently.
import type { CatalogRows } from './catalog.js';
import type { CanonicalSchema } from '../schema/canonical/model.js';
import { eventsFromRows } from '../schema/objects/events/read.js';
import { partitioningClause, type PartitionRow } from '../schema/objects/partitions/read.js';
import { routinesFromRows } from '../schema/objects/routines/read.js';
import { triggersFromRows } from '../schema/objects/triggers/read.js';
import type { Unmodelled } from '../schema/objects/unmodelled.js';
import { viewsFromRows } from '../schema/objects/views/read.js';

/** The PARTITION BY clause of every partitioned table. */
export function partitioningByTable(rows: readonly PartitionRow[]): Map<string, string> {
  const byTable = new Map<string, PartitionRow[]>();
  for (const row of rows) byTable.set(row.table_name, [...(byTable.get(row.table_name) ?? []), row]);
  return new Map([...byTable].map(([table, own]) => [table, partitioningClause(own)]));
}

const UNREADABLE = 'the user cannot read the definition (grant SHOW VIEW, or read access to the routines)';

/** Views, triggers, routines and events of the catalog rows; those that cannot be read are listed as unmodelled. */
export function programObjects(rows: CatalogRows, database: string, excluded: ReadonlySet<string>, unmodelled: Unmodelled[]):
  Required<Pick<CanonicalSchema, 'views' | 'triggers' | 'routines' | 'events'>> {
  const names = new Set([...rows.tables.map((row) => row.table_name), ...(rows.routines ?? []).map((row) => row.routine_name)]);
  const views = viewsFromRows((rows.views ?? []).filter((row) => !excluded.has(row.table_name)), database, names);
  const triggers = triggersFromRows((rows.triggers ?? []).filter((row) => !excluded.has(row.event_object_table)));
  const routines = routinesFromRows(rows.routines ?? [], rows.parameters ?? []);
  const events = eventsFromRows(rows.events ?? []);
  for (const [kind, list] of [['view', views.unreadable], ['trigger', triggers.unreadable], ['routine', routines.unreadable], ['event', events.unreadable]] as const) {
    for (const name of list) unmodelled.push({ kind, name, reason: UNREADABLE });
  }
  clientCollations(rows, excluded, unmodelled);
  return { views: views.views, triggers: triggers.triggers, routines: routines.routines, events: events.events };
}

/**
 * Views, triggers, routines and events created under another connection collation than this session's (the
 * one migrate creates them under): their string literals, and view columns computed from them, take the
 * collation of the connection that creates them.
 */
function clientCollations(rows: CatalogRows, excluded: ReadonlySet<string>, unmodelled: Unmodelled[]): void {
  const own = rows.defaults?.connection;
  if (!own) return;
  type Created = { kind: string; name: string; collation: string | null | undefined };
  const objects: Created[] = [
    ...(rows.views ?? []).filter((row) => !excluded.has(row.table_name)).map((row) => ({ kind: 'view', name: row.table_name, collation: row.collation_connection })),
    ...(rows.triggers ?? []).filter((row) => !excluded.has(row.event_object_table)).map((row) => ({ kind: 'trigger', name: row.trigger_name, collation: row.collation_connection })),
    ...(rows.routines ?? []).map((row) => ({ kind: row.routine_type.toLowerCase(), name: row.routine_name, collation: row.collation_connection })),
    ...(rows.events ?? []).map((row) => ({ kind: 'event', name: row.event_name, collation: row.collation_connection })),
  ];
  for (const { kind, name, collation } of objects) {
    if (collation && collation !== own) {
      unmodelled.push({ kind: 'connection collation', name: `${kind} ${name} (${collation})`,
        reason: `migrate creates objects under its connection's ${own}, which their string literals (and view columns computed from them) then have` });
    }
  }
}

/** Columns and tables with what the model has no place for: invisible columns, system versioning, sequences. */
export function unmodelledTables(rows: CatalogRows, excluded: ReadonlySet<string>, unmodelled: Unmodelled[]): void {
  for (const row of rows.tables) {
    if (excluded.has(row.table_name)) continue;
    if (row.table_type === 'SEQUENCE') unmodelled.push({ kind: 'sequence', name: row.table_name, reason: 'sequences are not kept; create it in a custom migration' });
    if (row.table_type === 'SYSTEM VERSIONED') unmodelled.push({ kind: 'table', name: `${row.table_name} (WITH SYSTEM VERSIONING)`, reason: 'system versioning is not kept; add it in a custom migration' });
  }
  for (const row of rows.columns) {
    if (!excluded.has(row.table_name) && /\binvisible\b/i.test(row.extra ?? '')) {
      unmodelled.push({ kind: 'column', name: `${row.table_name}.${row.column_name} (INVISIBLE)`, reason: 'invisible columns are kept as visible ones' });
    }
  }
}

