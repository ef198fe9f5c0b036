// Pure: a three-way merge of snapshots. Two migrations generated on the same parent (two branches) each change
// the schema; when they change different things (other tables, other columns of one table) the schema after
// both is the parent with both changes. When they change the same thing differently, there is no such schema.

/** Where two changes collide, as a path: `tables.orders.columns.total`. */
export interface MergeConflict {
  readonly path: string;
}

type Json = unknown;

const isObject = (value: Json): value is Record<string, Json> => typeof value === 'object' && value !== null && !Array.isArray(value);

function equal(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => equal(item, b[i]));
  if (!isObject(a) || !isObject(b)) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && equal(a[key], b[key]));
}

/**
 * `base` changed into `ours` and into `theirs`: the value with both changes. A key absent from a side is
 * `undefined` there (removed, or never added). Objects merge key by key (ours' keys first, then theirs' new
 * ones); any other value changed on both sides to different values is a conflict.
 */
function merge(base: Json, ours: Json, theirs: Json, path: string, conflicts: MergeConflict[]): Json {
  if (equal(ours, theirs) || equal(base, theirs)) return ours;
  if (equal(base, ours)) return theirs;
  if (isObject(ours) && isObject(theirs)) {
    const from = isObject(base) ? base : {};
    const out: Record<string, Json> = {};
    for (const key of new Set([...Object.keys(ours), ...Object.keys(theirs)])) {
      const value = merge(from[key], ours[key], theirs[key], path === '' ? key : `${path}.${key}`, conflicts);
      if (value !== undefined) out[key] = value;
    }
    return out;
  }
  conflicts.push({ path: path === '' ? '(the whole snapshot)' : path });
  return ours;
}

/**
 * The merge of two snapshots made from `base`: the fields in `only` (the schema: tables, views, ...). Returns
 * the merged fields, or the places where both changed the same thing.
 */
export function mergeSnapshots<T extends Record<string, Json>>(base: T, ours: T, theirs: T, only: readonly string[]):
  { readonly ok: true; readonly merged: Partial<T> } | { readonly ok: false; readonly conflicts: readonly MergeConflict[] } {
  const conflicts: MergeConflict[] = [];
  const merged: Record<string, Json> = {};
  for (const key of only) merged[key] = merge(base[key], ours[key], theirs[key], key, conflicts);
  return conflicts.length > 0 ? { ok: false, conflicts } : { ok: true, merged: merged as Partial<T> };
}
