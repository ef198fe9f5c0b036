// The up and down statements between two snapshots: renames done by us, the rest by drizzle-kit, in one pass or
// (--no-renames) in a drop phase and an add phase, each pass made MariaDB-valid.
import { findAmbiguities, withoutRemoved, type Ambiguity } from './ambiguity.js';
import type { ServiceContext } from '../../config/load.js';
import { withKit, type Kit, type SchemaOptions, type SchemaSnapshot } from './kit.js';
import { alignPrimaryKeyNames, type KitSnapshot } from './kit-snapshot.js';
import { fixForMariaDb } from './mariadb-fixups.js';
import { applyRenames, checkRenames, renameStatements, type Rename } from './renames.js';

export interface DiffInput {
  /** The snapshot of the last migration (or the empty one). */
  readonly prev: KitSnapshot;
  /** The schema's snapshot. */
  readonly next: KitSnapshot;
  readonly renames: readonly Rename[];
  /** Treat removed-and-added pairs as drop + create. */
  readonly noRenames: boolean;
}

export type DiffOutcome =
  /** `base`: prev with the renames done, the state the statements after the RENAMEs run against. */
  | { readonly ok: true; readonly up: readonly string[]; readonly down: readonly string[]; readonly base: KitSnapshot }
  | { readonly ok: false; readonly ambiguities: readonly Ambiguity[] };

async function pass(kit: Pick<Kit, 'diff'>, from: KitSnapshot, to: KitSnapshot): Promise<string[]> {
  return fixForMariaDb(await kit.diff(from, to), from, to);
}

/**
 * Up and down SQL for prev -> next. Renames are checked (a GENERATE error names a bad one), applied to a copy of
 * prev and emitted as RENAME statements; what is left would make drizzle-kit ask rename-or-not, it is either
 * split into drop + add phases (`noRenames`) or returned as ambiguities, and drizzle-kit is not called.
 */
export async function diffSnapshots(kit: Pick<Kit, 'diff'>, input: DiffInput): Promise<DiffOutcome> {
  checkRenames(input.renames, input.prev, input.next);
  const base = alignPrimaryKeyNames(applyRenames(input.prev, input.renames), input.next);
  const ambiguities = findAmbiguities(base, input.next);
  if (ambiguities.length > 0 && !input.noRenames) return { ok: false, ambiguities };
  let up: string[];
  let down: string[];
  if (ambiguities.length > 0) {
    const middle = withoutRemoved(base, input.next);
    up = [...(await pass(kit, base, middle)), ...(await pass(kit, middle, input.next))];
    down = [...(await pass(kit, input.next, middle)), ...(await pass(kit, middle, base))];
  } else {
    up = await pass(kit, base, input.next);
    down = await pass(kit, input.next, base);
  }
  return { ok: true, up: [...renameStatements(input.renames, 'up'), ...up], down: [...down, ...renameStatements(input.renames, 'down')], base };
}

export interface SchemaDiffInput {
  readonly prev: KitSnapshot;
  readonly renames?: readonly Rename[];
  readonly noRenames?: boolean;
  /** How the service's schema is loaded (source, allowNoTables). */
  readonly schema?: SchemaOptions;
}

/** The service's schema snapshot and the diff from `prev` to it, with one drizzle-kit worker for both. */
export async function diffServiceSchema(service: ServiceContext, input: SchemaDiffInput): Promise<{ schema: SchemaSnapshot; diff: DiffOutcome }> {
  return withKit(async (kit) => {
    const schema = await kit.schema(service, input.schema);
    const diff = await diffSnapshots(kit, { prev: input.prev, next: schema.snapshot, renames: input.renames ?? [], noRenames: input.noRenames ?? false });
    return { schema, diff };
  });
}
