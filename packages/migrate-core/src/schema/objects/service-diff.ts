// A service's schema against the previous snapshot, objects included, with one drizzle-kit worker for both.
import type { ServiceContext } from '../../config/load.js';
import type { DiffOutcome } from '../drizzle/diff.js';
import { withKit, type SchemaOptions, type SchemaSnapshot } from '../drizzle/kit.js';
import type { KitSnapshot } from '../drizzle/kit-snapshot.js';
import type { Rename } from '../drizzle/renames.js';
import { checkedObjects, loadServiceObjects } from './home/service.js';
import { diffSchema } from './migration.js';
import type { ObjectsModel } from './model.js';

export interface ServiceDiffInput {
  /** The snapshot of the last migration (or the empty one), and its objects. */
  readonly prev: KitSnapshot;
  readonly prevObjects: ObjectsModel;
  readonly renames?: readonly Rename[];
  readonly noRenames?: boolean;
  /** How the service's schema is loaded (source, allowNoTables). */
  readonly schema?: SchemaOptions;
  /** The objects to diff to, when they are not (yet) in the service's objects home; checked against the schema. */
  readonly objects?: ObjectsModel;
}

export interface ServiceDiff {
  readonly schema: SchemaSnapshot;
  /** The objects of the service's objects home, read against the schema's snapshot. */
  readonly objects: ObjectsModel;
  readonly diff: DiffOutcome;
}

/** The service's schema snapshot, its objects, and the whole diff from `prev` to them. */
export async function diffServiceObjects(service: ServiceContext, input: ServiceDiffInput): Promise<ServiceDiff> {
  return withKit(async (kit) => {
    const schema = await kit.schema(service, input.schema);
    const objects = input.objects === undefined ? loadServiceObjects(service, schema.snapshot) : checkedObjects(service, input.objects, schema.snapshot);
    const diff = await diffSchema(kit, {
      prev: input.prev, next: schema.snapshot, prevObjects: input.prevObjects, nextObjects: objects,
      renames: input.renames ?? [], noRenames: input.noRenames ?? false,
    });
    return { schema, objects, diff };
  });
}
