// What adopt reads: the service's part of the database, checked against the server's own SHOW CREATE, and the
// list of what it will not write, each with its reason.
import { relative } from 'node:path';
import type { ServiceContext } from '../config/load.js';
import type { Session } from '../db/session.js';
import { commandHint, UsageError } from '../errors.js';
import type { Unmodelled } from '../schema/objects/unmodelled.js';
import { introspectDatabase } from '../introspect/introspect.js';
import { createMysqlLedger } from '../ledger/mysql-ledger.js';
import type { CanonicalSchema } from '../schema/canonical/model.js';
import { compileTablesFilter } from '../schema/filter.js';
import { routineKey } from '../schema/objects/routines/model.js';
import { assertUnmanaged } from './preflight.js';
import { selfCheck } from './self-check.js';

export interface ReadDatabase {
  readonly schema: CanonicalSchema;
  /** Tables left out by the service's tablesFilter. */
  readonly filteredOut: readonly string[];
  /** What the database has that the baseline does not, with the reason. */
  readonly notAdopted: readonly Unmodelled[];
}

/**
 * The service's share of a database whose tables it splits with others: tables and views its tablesFilter lets
 * in, their triggers; routines and events belong to the whole database, so they are listed, not adopted.
 */
function filtered(schema: CanonicalSchema, tablesFilter: readonly string[] | undefined, notAdopted: Unmodelled[]): { schema: CanonicalSchema; filteredOut: string[] } {
  if (tablesFilter === undefined || tablesFilter.length === 0) return { schema, filteredOut: [] };
  const keep = compileTablesFilter(tablesFilter);
  const reason = 'with a tablesFilter, the routines and events of a shared database are not adopted: copy the service\'s own into src/objects/';
  for (const routine of schema.routines ?? []) notAdopted.push({ kind: 'routine', name: routineKey(routine), reason });
  for (const event of schema.events ?? []) notAdopted.push({ kind: 'event', name: event.name, reason });
  return {
    schema: {
      tables: schema.tables.filter((table) => keep(table.name)), views: schema.views.filter((view) => keep(view.name)),
      triggers: (schema.triggers ?? []).filter((trigger) => keep(trigger.table)), routines: [], events: [],
    },
    filteredOut: [...schema.tables.filter((table) => !keep(table.name)).map((table) => table.name), ...schema.views.filter((view) => !keep(view.name)).map((view) => view.name)],
  };
}

/** Entries for what every adopted program object loses: its DEFINER and the sql_mode it was created under. */
function environmentNotes(schema: CanonicalSchema): Unmodelled[] {
  const count = schema.views.length + (schema.triggers?.length ?? 0) + (schema.routines?.length ?? 0) + (schema.events?.length ?? 0);
  if (count === 0) return [];
  return [{
    kind: 'definer and sql_mode of', name: `${count} views, triggers, routines and events`,
    reason: 'migrate creates objects as its own user (SQL SECURITY DEFINER then runs as that user), under its session\'s sql_mode',
  }];
}

/**
 * Reads the service's database (refusing a managed or empty one), keeping what its `tablesFilter` lets in,
 * and checks each object against the server before it is written.
 */
export async function readDatabase(service: ServiceContext, session: Session): Promise<ReadDatabase> {
  assertUnmanaged(service, await createMysqlLedger(session, service.config.ledgerTable).list());
  const introspection = await introspectDatabase(session, { exclude: [service.config.ledgerTable] });
  const notAdopted: Unmodelled[] = [...introspection.unmodelled];
  const { schema, filteredOut } = filtered(introspection.schema, service.config.tablesFilter, notAdopted);
  if (schema.tables.length === 0) {
    const which = filteredOut.length > 0 ? ` that its tablesFilter lets in (${filteredOut.length} left out)` : '';
    throw new UsageError(`Database \`${service.database}\` has no tables${which}: there is nothing to adopt. Nothing was written.`,
      `Declare the tables in ${relative(service.root, service.schemaPath)}, then run ${commandHint('generate', '--name', '"..."')}.`);
  }
  const checked = await selfCheck(session, schema);
  notAdopted.push(...checked.unsupported, ...environmentNotes(checked.schema));
  return { schema: checked.schema, filteredOut, notAdopted };
}

