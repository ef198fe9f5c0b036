// The only reader and writer of a service's migrations folder: `<dir>/<id>/{up.sql, down.sql, snapshot.json}`.
// Every command goes through it: the engine's source, generate, check, drift, adopt and plan.
import { normalize } from 'node:path';
import { MigrateError } from '../errors.js';
import { isMigrationId, MAX_ID_LENGTH } from '../migration-id.js';
import { textChecksumV2 } from '../sql/checksum.js';
import { decodeSqlFile } from '../sql/decode.js';
import type { MigrationFolder, MigrationId } from '../model.js';
import { childPath, DOWN_FILE, nodeFs, SNAPSHOT_FILE, UP_FILE, type FsLike } from './files.js';
import { shownPath, shownPathsIn } from './shown.js';
import { parseSnapshot, type MigrationSnapshot } from './snapshot.js';

export type Side = 'up' | 'down';

/** snapshot.json read: the snapshot, or why there is none (`missing`: no file; otherwise corrupt). */
export type SnapshotRead =
  | { readonly ok: true; readonly snapshot: MigrationSnapshot }
  | { readonly ok: false; readonly missing: boolean; readonly error: string };

export interface MigrationListing {
  /** Migration folders, sorted by id. */
  readonly folders: readonly MigrationFolder[];
  /** Entries that are not migration folders (other folders, `.sql` files, ids too long), in name order. */
  readonly strays: readonly string[];
  /** Why each stray is not a migration, by name. */
  readonly strayReasons: ReadonlyMap<string, string>;
  /** False when the migrations folder itself does not exist (a typo in the config's `migrations`?). */
  readonly exists: boolean;
}

/** What a new migration folder holds; `snapshot` without `migrateCore` (it is computed from up and down). */
export interface NewMigration {
  readonly id: MigrationId;
  readonly up: string;
  readonly down: string;
  readonly snapshot: MigrationSnapshot;
  /** A custom migration (`generate --custom`): its files are meant to be edited by hand. */
  readonly custom?: boolean;
}

export interface MigrationRepository {
  /** The migrations folder, absolute. */
  readonly dir: string;
  /** The workspace root, when known: paths in messages are relative to it. */
  readonly root: string | undefined;
  /** A path as messages show it: relative to the workspace root when known (shownPath). */
  shown(path: string): string;
  /** Every migration folder, sorted by id; a missing migrations folder is an empty listing. */
  list(): MigrationListing;
  /** The text of up.sql or down.sql, strict UTF-8 (SqlDecodeError names file, line and bytes); undefined when the file is missing. */
  text(folder: MigrationFolder, side: Side): string | undefined;
  /** The checksum new ledger rows and snapshots record for this text: `sha256v2:` (src/sql/checksum.ts). */
  checksum(text: string, file?: string): string;
  snapshot(folder: MigrationFolder): SnapshotRead;
  /** The last migration's snapshot, undefined when there is none; a SOURCE error when it cannot be read. */
  lastSnapshot(listing?: MigrationListing): MigrationSnapshot | undefined;
  /** Creates `<dir>/<id>/` with its three files; refuses to overwrite an existing folder. */
  write(migration: NewMigration): MigrationFolder;
  /** Replaces a migration's snapshot.json (accepting edits, rebase). */
  rewriteSnapshot(folder: MigrationFolder, snapshot: MigrationSnapshot): void;
  /** Gives a migration folder a new id (rebase); refuses when that folder exists. */
  rename(folder: MigrationFolder, id: MigrationId): MigrationFolder;
}

function folderOf(fs: FsLike, dir: string, id: MigrationId): MigrationFolder {
  const [upPath, downPath, snapshotPath] = [childPath(dir, UP_FILE), childPath(dir, DOWN_FILE), childPath(dir, SNAPSHOT_FILE)];
  const inside = new Set(fs.list(dir).map((entry) => entry.name));
  return { id, dir, upPath, downPath, snapshotPath, hasUp: inside.has(UP_FILE), hasDown: inside.has(DOWN_FILE), hasSnapshot: inside.has(SNAPSHOT_FILE) };
}

/**
 * Why an entry of the migrations folder is not a migration: a reason, null for a migration folder, undefined
 * for a file that is none of our business (a README). A `.sql` file is never ignored silently.
 */
function strayReason(name: string, isDirectory: boolean): string | null | undefined {
  if (!isDirectory) {
    return name.toLowerCase().endsWith('.sql')
      ? 'is a file, but each migration is a folder `<yyyymmddHHMMSS>_<name>/` holding up.sql and down.sql' : undefined;
  }
  if (!isMigrationId(name)) return 'is not a migration folder name (expected <yyyymmddHHMMSS>_<name>, e.g. 20261124183000_add_orders)';
  if (name.length > MAX_ID_LENGTH) return `is longer than ${MAX_ID_LENGTH} characters, the longest id the ledger's \`id\` column holds`;
  return null;
}

const serialise = (snapshot: MigrationSnapshot) => `${JSON.stringify(snapshot, null, 2)}\n`;

/**
 * Opens the migrations folder `dir`. Nothing is read until asked; `root` (the workspace root) makes paths in
 * messages relative to it.
 *
 * @example
 * const repository = openRepository('/ws/services/first/migrations', { root: '/ws' });
 * for (const folder of repository.list().folders) console.log(folder.id, repository.snapshot(folder).ok);
 */
export function openRepository(dir: string, options: { root?: string | undefined; fs?: FsLike } = {}): MigrationRepository {
  const fs = options.fs ?? nodeFs;
  const base = normalize(dir);
  const shown = (path: string) => shownPath(path, options.root);
  const repository: MigrationRepository = {
    dir,
    root: options.root,
    shown,
    list() {
      const entries = fs.list(dir).filter((entry) => !entry.name.startsWith('.')).sort((a, b) => (a.name < b.name ? -1 : 1));
      const reasons = new Map<string, string>();
      const folders: MigrationFolder[] = [];
      for (const { name, isDirectory } of entries) {
        const why = strayReason(name, isDirectory);
        if (why === null) folders.push(folderOf(fs, childPath(base, name), name));
        else if (why !== undefined) reasons.set(name, why);
      }
      return { folders, strays: [...reasons.keys()], strayReasons: reasons, exists: fs.exists(dir) };
    },
    text(folder, side) {
      const present = side === 'up' ? folder.hasUp : folder.hasDown;
      if (!present) return undefined;
      const path = side === 'up' ? folder.upPath : folder.downPath;
      return decodeSqlFile(fs.readBytes(path), shown(path));
    },
    checksum: (text, file) => textChecksumV2(text, file),
    snapshot(folder) {
      if (!folder.hasSnapshot) return { ok: false, missing: true, error: `${SNAPSHOT_FILE} is missing` };
      try {
        return { ok: true, snapshot: parseSnapshot(fs.readFile(folder.snapshotPath)) };
      } catch (error) {
        return { ok: false, missing: false, error: `${SNAPSHOT_FILE} is corrupt (${(error as Error).message})` };
      }
    },
    lastSnapshot(listing = repository.list()) {
      const last = listing.folders.at(-1);
      if (last === undefined) return undefined;
      const read = repository.snapshot(last);
      if (read.ok) return read.snapshot;
      throw new MigrateError('SOURCE', `${shown(last.dir)}: ${read.error}, so there is nothing to diff the schema against.`,
        { hint: `Restore it from git (git checkout -- ${shown(last.snapshotPath)}); snapshots are written by generate. If the migration is new and unapplied, delete its folder and generate it again.` });
    },
    write(migration) {
      const target = childPath(base, migration.id);
      try {
        fs.mkdir(dir, { parents: true });
        fs.mkdir(target);
      } catch (error) {
        throw new MigrateError('GENERATE', `Cannot create ${shown(target)}: ${shownPathsIn((error as Error).message, options.root)}`);
      }
      const checksums = { up: textChecksumV2(migration.up), down: textChecksumV2(migration.down) };
      const snapshot: MigrationSnapshot = { ...migration.snapshot, migrateCore: migration.custom ? { ...checksums, custom: true } : checksums };
      fs.writeFile(childPath(target, UP_FILE), migration.up);
      fs.writeFile(childPath(target, DOWN_FILE), migration.down);
      fs.writeFile(childPath(target, SNAPSHOT_FILE), serialise(snapshot));
      return folderOf(fs, target, migration.id);
    },
    rewriteSnapshot(folder, snapshot) {
      fs.writeFile(folder.snapshotPath, serialise(snapshot));
    },
    rename(folder, id) {
      const target = childPath(base, id);
      if (fs.rename === undefined) throw new MigrateError('GENERATE', `Cannot rename ${shown(folder.dir)}: this file system cannot rename folders.`);
      try {
        fs.rename(folder.dir, target);
      } catch (error) {
        throw new MigrateError('GENERATE', `Cannot rename ${shown(folder.dir)} to ${shown(target)}: ${shownPathsIn((error as Error).message, options.root)}`);
      }
      return folderOf(fs, target, id);
    },
  };
  return repository;
}
