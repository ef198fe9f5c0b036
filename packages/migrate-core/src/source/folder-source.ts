import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { checksumOf } from '../checksum.js';
import { MigrateError } from '../errors.js';
import { isMigrationId } from '../migration-id.js';
import type { Direction, MigrationFile } from '../model.js';
import { splitStatements, type ParsedStatement } from '../statements.js';

export const UP_FILE = 'up.sql';
export const DOWN_FILE = 'down.sql';
export const SNAPSHOT_FILE = 'snapshot.json';

/** The narrow file-system surface the source needs; tests can pass an in-memory one. */
export interface FsLike {
  readdir(path: string): Promise<string[]>;
  readFile(path: string, encoding: 'utf8'): Promise<string>;
  isDirectory(path: string): Promise<boolean>;
  exists(path: string): Promise<boolean>;
}

export const nodeFs: FsLike = {
  readdir: (path) => readdir(path),
  readFile: (path, encoding) => readFile(path, encoding),
  isDirectory: async (path) => (await stat(path)).isDirectory(),
  exists: async (path) => stat(path).then(() => true, () => false),
};

export interface MigrationSource {
  /** Every migration folder, sorted by id. Reads each up.sql once to checksum it; keeps no bodies. */
  list(): Promise<readonly MigrationFile[]>;
  /** The statements of one side of a migration, read when its step runs. */
  load(migration: MigrationFile, direction: Direction): Promise<ParsedStatement[]>;
}

/**
 * Reads a service's migrations folder: one folder per migration, `<id>/up.sql`, `<id>/down.sql`,
 * `<id>/snapshot.json`.
 */
export function createFolderSource(folder: string, options: { fs?: FsLike; root?: string } = {}): MigrationSource {
  const fs = options.fs ?? nodeFs;
  const shown = (path: string) => (options.root ? relative(options.root, path) : path);
  return {
    async list() {
      if (!(await fs.exists(folder))) return [];
      const names = (await fs.readdir(folder)).filter((name) => !name.startsWith('.')).sort();
      const files: MigrationFile[] = [];
      for (const name of names) {
        const dir = join(folder, name);
        if (!(await fs.isDirectory(dir))) continue;
        if (!isMigrationId(name)) {
          throw new MigrateError('SOURCE', `${shown(dir)} is not a migration folder name (expected <yyyymmddHHMMSS>_<name>, e.g. 20261124183000_add_orders).`,
            { hint: 'Rename or remove it; migrations are created by `generate`.' });
        }
        const upPath = join(dir, UP_FILE);
        if (!(await fs.exists(upPath))) throw new MigrateError('SOURCE', `${shown(dir)} has no ${UP_FILE}.`);
        const downPath = join(dir, DOWN_FILE);
        const checksum = checksumOf(await fs.readFile(upPath, 'utf8'));
        files.push((await fs.exists(downPath)) ? { id: name, dir, upPath, downPath, checksum } : { id: name, dir, upPath, checksum });
      }
      return files;
    },
    async load(migration, direction) {
      const path = direction === 'up' ? migration.upPath : migration.downPath;
      if (path === undefined) throw new MigrateError('SOURCE', `${migration.id} has no ${DOWN_FILE}.`);
      return splitStatements(await fs.readFile(path, 'utf8'));
    },
  };
}
