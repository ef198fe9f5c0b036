import type { ServiceContext } from '../config/load.js';
import { quoteIdentifier } from '../db/identifiers.js';
import { schemaFromSnapshot } from '../schema/canonical/from-snapshot.js';
import { MigrateError } from '../errors.js';
import { dataLossOf } from '../schema/data-loss.js';
import { emptySnapshot, type KitSnapshot } from '../schema/drizzle/kit-snapshot.js';
import type { SchemaOptions } from '../schema/drizzle/kit.js';
import { dropEvent } from '../schema/objects/events/ddl.js';
import { emptyObjects, type ObjectsModel } from '../schema/objects/model.js';
import { dropRoutine } from '../schema/objects/routines/ddl.js';
import { diffServiceObjects } from '../schema/objects/service-diff.js';
import { orderViews } from '../schema/objects/views/order.js';
import type { GeneratedStatement } from '../repository/index.js';
import { orderByDependencies } from './order.js';

export interface BaselineSql {
  /** The snapshot of the schema file, built exactly as `generate` and `check` build it. */
  readonly snapshot: KitSnapshot;
  /** The objects model read back from the service's objects home. */
  readonly objects: ObjectsModel;
  /** The CREATE statements of the whole schema, as `generate` writes them from an empty schema. */
  readonly up: readonly string[];
  /** The DROP statements that undo them. */
  readonly down: readonly GeneratedStatement[];
}

/**
 * The baseline of a schema: its snapshot through generate's own pipeline (schema filter, MariaDB rewrites), so
 * that the next `generate` is a no-op and `check` passes, and the SQL from an empty schema. The schema is the
 * service's schema file, or `source` (TypeScript, loaded from memory as if it were that file: nothing is written);
 * the objects are the service's objects home, or `objects` (not written yet either).
 */
export async function baselineOf(service: ServiceContext, source?: SchemaOptions['source'], objects?: ObjectsModel): Promise<BaselineSql> {
  const { schema: { snapshot }, objects: model, diff } = await diffServiceObjects(service, {
    prev: emptySnapshot(), prevObjects: emptyObjects(), schema: source ? { source } : {}, ...(objects ? { objects } : {}),
  });
  if (!diff.ok) throw new MigrateError('GENERATE', `drizzle-kit saw renames in the schema of database \`${service.database}\` built from nothing.`);
  return { snapshot, objects: model, up: diff.up, down: [...objectDrops(snapshot, model), ...dropStatements(snapshot)] };
}

/** Events, views (those that read others first) and routines: what dropping the tables leaves behind. */
function objectDrops(snapshot: KitSnapshot, objects: ObjectsModel): GeneratedStatement[] {
  const views = orderViews(Object.values(snapshot.views).map((view) => ({ name: view.name, definition: String(view['definition'] ?? '') }))).reverse();
  return [...objects.events.map(dropEvent), ...views.map((view) => `DROP VIEW ${quoteIdentifier(view.name)}`), ...objects.routines.map(dropRoutine)]
    .map((sql) => ({ sql }));
}

/**
 * DROP statements for every table of a snapshot, tables that reference others first; foreign keys inside
 * reference cycles are dropped before their tables (drizzle-kit drops tables in name order, which fails on
 * foreign keys). Each drop says which data it destroys.
 */
export function dropStatements(snapshot: KitSnapshot): GeneratedStatement[] {
  const { order, cyclic } = orderByDependencies(schemaFromSnapshot(snapshot).tables);
  const keys = cyclic.map(({ table, key }): GeneratedStatement => ({
    sql: `ALTER TABLE ${quoteIdentifier(table)} DROP FOREIGN KEY ${quoteIdentifier(key.name)}`,
  }));
  const drops = [...order].reverse().map((table): GeneratedStatement => {
    const sql = `DROP TABLE ${quoteIdentifier(table)}`;
    return { sql, comments: dataLossOf(sql, snapshot).map((loss) => `DATA LOSS: ${loss.what}.`) };
  });
  return [...keys, ...drops];
}
