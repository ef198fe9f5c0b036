// A service's migrations folder as generate and check need it: every migration folder, which files it has,
// its snapshot (or why it could not be read). Never throws for a bad folder: callers decide.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { MigrateError } from '../errors.js';
import { isMigrationId } from '../migration-id.js';
import type { MigrationId } from '../model.js';
import { DOWN_FILE, SNAPSHOT_FILE, UP_FILE } from './source.js';
import { parseSnapshot, type MigrationSnapshot } from './snapshot.js';

export interface MigrationEntry {
  readonly id: MigrationId;
  readonly dir: string;
  readonly upPath: string;
  readonly downPath: string;
  readonly snapshotPath: string;
  readonly hasUp: boolean;
  readonly hasDown: boolean;
  /** Absent when snapshot.json is missing or cannot be read; then `snapshotError` says why. */
  readonly snapshot?: MigrationSnapshot;
  readonly snapshotError?: string;
}

export interface History {
  /** Migration folders, sorted by id. */
  readonly entries: readonly MigrationEntry[];
  /** Folders whose names are not migration ids. */
  readonly strays: readonly string[];
}

function readEntry(dir: string, id: MigrationId): MigrationEntry {
  const [upPath, downPath, snapshotPath] = [UP_FILE, DOWN_FILE, SNAPSHOT_FILE].map((file) => join(dir, file)) as [string, string, string];
  const base = { id, dir, upPath, downPath, snapshotPath, hasUp: existsSync(upPath), hasDown: existsSync(downPath) };
  if (!existsSync(snapshotPath)) return { ...base, snapshotError: `${SNAPSHOT_FILE} is missing` };
  try {
    return { ...base, snapshot: parseSnapshot(readFileSync(snapshotPath, 'utf8')) };
  } catch (error) {
    return { ...base, snapshotError: `${SNAPSHOT_FILE} is corrupt (${(error as Error).message})` };
  }
}

/** Reads every migration folder of `migrationsDir` (a missing folder is an empty history). */
export function readHistory(migrationsDir: string): History {
  if (!existsSync(migrationsDir)) return { entries: [], strays: [] };
  const names = readdirSync(migrationsDir).filter((name) => !name.startsWith('.') && statSync(join(migrationsDir, name)).isDirectory()).sort();
  return {
    entries: names.filter(isMigrationId).map((id) => readEntry(join(migrationsDir, id), id)),
    strays: names.filter((name) => !isMigrationId(name)),
  };
}

/** The last migration's snapshot, or undefined when there is no migration; a SOURCE error when it is unreadable. */
export function lastSnapshot(history: History, shown: (path: string) => string): MigrationSnapshot | undefined {
  const last = history.entries.at(-1);
  if (last === undefined) return undefined;
  if (last.snapshot) return last.snapshot;
  throw new MigrateError('SOURCE', `${shown(last.dir)}: ${last.snapshotError}, so there is nothing to diff the schema against.`,
    { hint: `Restore it from git (git checkout -- ${shown(last.snapshotPath)}); snapshots are written by generate. If the migration is new and unapplied, delete its folder and generate it again.` });
}
