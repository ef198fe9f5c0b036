// What drift compares: the service's own part of the live database.
import { compileTablesFilter } from '../schema/filter.js';
import type { CanonicalSchema } from '../schema/canonical/model.js';
import { routineKey } from '../schema/objects/routines/model.js';

export interface Scoped {
  readonly schema: CanonicalSchema;
  readonly notes: string[];
}

/** Cross-database foreign keys are written by hand in custom migrations; snapshots never have them. */
export function withoutCrossDatabaseKeys(schema: CanonicalSchema): Scoped {
  const notes: string[] = [];
  const tables = schema.tables.map((table) => {
    const cross = table.foreignKeys.filter((fk) => fk.refSchema !== null);
    for (const fk of cross) notes.push(`cross-database foreign key ${table.name}.${fk.name} -> ${fk.refSchema}.${fk.refTable} not compared`);
    return cross.length === 0 ? table : { ...table, foreignKeys: table.foreignKeys.filter((fk) => fk.refSchema === null) };
  });
  return { schema: { ...schema, tables }, notes };
}

/**
 * Drops what the service's tablesFilter does not keep: tables and views outside it and their triggers; and,
 * since a database shared during a split has routines and events of its other users, the routines and events
 * the migrations do not have.
 */
export function ownedObjects(schema: CanonicalSchema, tablesFilter: readonly string[] | undefined, expected: CanonicalSchema): Scoped {
  if (tablesFilter === undefined || tablesFilter.length === 0) return { schema, notes: [] };
  const keep = compileTablesFilter(tablesFilter);
  const notes: string[] = [];
  const left = (what: string, names: readonly string[]) => {
    if (names.length > 0) notes.push(`not compared, outside tablesFilter: ${what}${names.join(', ')}`);
  };
  left('', schema.tables.filter((table) => !keep(table.name)).map((table) => table.name));
  left('views ', schema.views.filter((view) => !keep(view.name)).map((view) => view.name));
  const routines = new Set((expected.routines ?? []).map(routineKey));
  const events = new Set((expected.events ?? []).map((event) => event.name));
  const foreignRoutines = (schema.routines ?? []).filter((routine) => !routines.has(routineKey(routine)));
  const foreignEvents = (schema.events ?? []).filter((event) => !events.has(event.name));
  left('routines ', foreignRoutines.map(routineKey));
  left('events ', foreignEvents.map((event) => event.name));
  return {
    schema: {
      tables: schema.tables.filter((table) => keep(table.name)),
      views: schema.views.filter((view) => keep(view.name)),
      triggers: (schema.triggers ?? []).filter((trigger) => keep(trigger.table)),
      routines: (schema.routines ?? []).filter((routine) => routines.has(routineKey(routine))),
      events: (schema.events ?? []).filter((event) => events.has(event.name)),
    },
    notes,
  };
}
