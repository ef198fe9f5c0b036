// The `objects` key of a migration's snapshot.json: the objects model after the migration. Snapshots written
// before it existed (or by a service without objects) have no such key: their objects model is empty.
import { emptyObjects, isEmptyObjects, sortObjects, type ObjectsModel } from './model.js';

export const OBJECTS_KEY = 'objects';

/** The objects model a snapshot records (empty when it records none); throws an Error when the key is malformed. */
export function objectsOfSnapshot(snapshot: object): ObjectsModel {
  const value = (snapshot as Record<string, unknown>)[OBJECTS_KEY];
  if (value === undefined || value === null) return emptyObjects();
  if (typeof value !== 'object' || Array.isArray(value)) throw new Error(`"${OBJECTS_KEY}" is not an object`);
  const model = value as Partial<ObjectsModel>;
  return sortObjects({
    defaults: model.defaults ?? {}, tables: model.tables ?? {}, triggers: model.triggers ?? [], routines: model.routines ?? [], events: model.events ?? [],
  });
}

/** The snapshot with its `objects` key set to `objects` (left out when empty, as snapshots had it before). */
export function withObjects<T extends object>(snapshot: T, objects: ObjectsModel): T {
  const copy = { ...snapshot } as Record<string, unknown>;
  delete copy[OBJECTS_KEY];
  if (!isEmptyObjects(objects)) copy[OBJECTS_KEY] = sortObjects(objects);
  return copy as T;
}
