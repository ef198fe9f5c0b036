// `rebase <id>`: after two branches each generated a migration on the same parent, put one of them on top of
// the other. Its SQL stays as it is (its changes do not depend on the other's); its snapshot is rebuilt as the
// other's plus its own changes, so that check, generate and drift see the schema after both.
import { join } from 'node:path';
import { MigrateError, UsageError } from '../errors.js';
import { newMigrationId, slugify } from '../migration-id.js';
import type { MigrationFolder, MigrationId } from '../model.js';
import { BASE_ID } from './files.js';
import { mergeSnapshots } from './merge.js';
import type { MigrationRepository } from './repository.js';
import type { MigrationSnapshot } from './snapshot.js';

export interface RebaseReport {
  readonly from: MigrationId;
  /** Its id now: a new one after the latest, or the same with `keepId`. */
  readonly to: MigrationId;
  /** What its snapshot follows now. */
  readonly prevId: string;
  /** Later migrations whose snapshots were rebuilt too (with `keepId`). */
  readonly rebuilt: readonly MigrationId[];
}

/** Keys of a snapshot that are not its schema. */
const NOT_SCHEMA = new Set(['id', 'prevId', 'migrateCore', 'version', 'dialect']);

function read(repository: MigrationRepository, folder: MigrationFolder): MigrationSnapshot {
  const result = repository.snapshot(folder);
  if (result.ok) return result.snapshot;
  throw new MigrateError('SOURCE', `${repository.shown(folder.dir)}: ${result.error}, so its schema cannot be rebuilt.`,
    { hint: `Restore it from git: git checkout -- ${repository.shown(folder.snapshotPath)}` });
}

/** `snapshot`'s schema rebuilt on `next` instead of `previous` (its parent before): both changes, or the conflicts. */
function rebuilt(repository: MigrationRepository, id: MigrationId, snapshot: MigrationSnapshot, previous: Record<string, unknown>, next: Record<string, unknown>): Record<string, unknown> {
  const keys = [...new Set([...Object.keys(snapshot), ...Object.keys(next)])].filter((key) => !NOT_SCHEMA.has(key));
  const merged = mergeSnapshots(previous, next, snapshot as Record<string, unknown>, keys);
  if (merged.ok) return merged.merged;
  throw new MigrateError('GENERATE', `${id} and the migration it would follow both change ${merged.conflicts.map((c) => c.path).join(', ')}: its changes are not independent, so it cannot simply be put on top.`,
    { hint: `Write a new migration on top of the latest instead (delete ${repository.shown(join(repository.dir, id))} if no database ran it, then run \`migrate-core generate\`).` });
}

/**
 * Moves migration `id` on top of the migrations before it: with a new id after the latest (the default: for a
 * migration that no shared environment ran), or keeping its id (`keepId`: one that ran somewhere; it is
 * relinked onto the migration before it, and later snapshots are rebuilt on top). Refuses when its changes
 * collide with the other's, or when another migration was generated on top of it.
 */
export function rebaseMigration(repository: MigrationRepository, id: MigrationId, options: { keepId?: boolean; now: Date }): RebaseReport {
  const folders = repository.list().folders;
  const index = folders.findIndex((folder) => folder.id === id);
  if (index === -1) throw new UsageError(`${id} is not a migration of this service.`, `Its migrations: ${folders.map((f) => f.id).join(', ') || '(none)'}.`);
  const moving = folders[index]!;
  const snapshot = read(repository, moving);
  const dependent = folders.find((folder) => folder !== moving && repository.snapshot(folder).ok && read(repository, folder).prevId === id);
  if (dependent !== undefined && !options.keepId) {
    throw new MigrateError('GENERATE', `${dependent.id} was generated on top of ${id}: moving ${id} would break it.`, { hint: `Rebase ${dependent.id} instead, or use --keep-id.` });
  }
  const byId = new Map(folders.map((folder) => [folder.id, folder]));
  const parentOf = (prevId: string) => (prevId === BASE_ID || !byId.has(prevId) ? {} : read(repository, byId.get(prevId)!) as Record<string, unknown>);
  const others = folders.filter((folder) => folder !== moving);
  const onto = options.keepId ? folders[index - 1] : others.at(-1);
  const next = onto === undefined ? {} : read(repository, onto) as Record<string, unknown>;
  const prevId = onto?.id ?? BASE_ID;
  // After every other migration and after its own old id, even within the same second: always a new id.
  const to = options.keepId ? id : newMigrationId(slugify(id.replace(/^\d{14}_/, '').replace(/_/g, ' ')) || 'rebased', options.now, folders.map((f) => f.id));
  const schema = rebuilt(repository, id, snapshot, parentOf(String(snapshot.prevId)), next);
  let folder = moving;
  if (to !== id) folder = repository.rename(moving, to);
  const written: MigrationSnapshot = { ...snapshot, ...schema, id: to, prevId } as MigrationSnapshot;
  repository.rewriteSnapshot(folder, written);
  const later = options.keepId ? folders.slice(index + 1) : [];
  let before: Record<string, unknown> = snapshot as Record<string, unknown>;
  let after: Record<string, unknown> = written as Record<string, unknown>;
  for (const follower of later) {
    const own = read(repository, follower);
    const schemaAfter = rebuilt(repository, follower.id, own, before, after);
    const rewritten = { ...own, ...schemaAfter } as MigrationSnapshot;
    repository.rewriteSnapshot(follower, rewritten);
    [before, after] = [own as Record<string, unknown>, rewritten as Record<string, unknown>];
  }
  return { from: id, to, prevId, rebuilt: later.map((f) => f.id) };
}
