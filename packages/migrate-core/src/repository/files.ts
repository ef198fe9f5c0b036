// The layout of a migrations folder, and the narrow file-system surface the repository reads and writes through.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join, sep } from 'node:path';

export const UP_FILE = 'up.sql';
export const DOWN_FILE = 'down.sql';
export const SNAPSHOT_FILE = 'snapshot.json';
/** `prevId` of the first migration's snapshot. Persisted in snapshots: never change it. */
export const BASE_ID = 'base';

/**
 * The file-system calls the repository makes; tests pass an in-memory one. Synchronous on purpose: listing
 * hundreds of small folders is a start-up cost, and sync reads are several times faster there than
 * promise-based ones (`npm run bench -- --only profile`: listing 200 folders went from 113 ms to 11 ms).
 */
export interface FsLike {
  /** Entries of a folder with whether each is a folder (a symbolic link to one counts); [] when the folder does not exist. */
  list(path: string): Array<{ name: string; isDirectory: boolean }>;
  readFile(path: string): string;
  /** A file's bytes, as they are: SQL files are read this way, so that nothing is re-encoded. */
  readBytes(path: string): Uint8Array;
  exists(path: string): boolean;
  writeFile(path: string, text: string): void;
  /** Creates one folder; fails when it exists (never overwrites a migration). */
  mkdir(path: string, options?: { parents?: boolean }): void;
  /** Renames a folder (rebase gives a migration a new id); fails when the new name exists. */
  rename?(from: string, to: string): void;
}

/**
 * `join(parent, name)` for an entry `name` of the folder `parent`, which is already normalised (see
 * openRepository): listing hundreds of migration folders builds thousands of paths, and join() re-normalises
 * every one of them, slowly while its code is still cold.
 */
export function childPath(parent: string, name: string): string {
  if (parent === '.') return name;
  return parent.endsWith(sep) ? parent + name : parent + sep + name;
}

/** Whether a symbolic link leads to a folder (false when it leads nowhere). */
function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

export const nodeFs: FsLike = {
  list: (path) => {
    let entries;
    try {
      entries = readdirSync(path, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    return entries.map((entry) => ({
      name: entry.name,
      isDirectory: entry.isDirectory() || (entry.isSymbolicLink() && isFolder(join(path, entry.name))),
    }));
  },
  readFile: (path) => readFileSync(path, 'utf8'),
  readBytes: (path) => readFileSync(path),
  exists: (path) => existsSync(path),
  writeFile: (path, text) => writeFileSync(path, text),
  mkdir: (path, options) => {
    mkdirSync(path, { recursive: options?.parents ?? false });
  },
  rename: (from, to) => {
    if (existsSync(to)) throw new Error(`${to} exists`);
    renameSync(from, to);
  },
};
