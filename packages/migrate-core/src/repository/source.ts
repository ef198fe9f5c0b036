// The engine's view of a migrations folder: the migrations it can run, with their checksums, and their
// statements when a step runs. Built on the repository, the only reader of the folder.
import { MigrateError } from '../errors.js';
import type { Direction, MigrationFile } from '../model.js';
import { splitStatements, type ParsedStatement } from '../statements.js';
import { DOWN_FILE, UP_FILE, type FsLike } from './files.js';
import { openRepository, type MigrationRepository } from './repository.js';

export interface MigrationSource {
  /** Every migration folder, sorted by id. Reads each up.sql once to checksum it; keeps no bodies. */
  list(): Promise<readonly MigrationFile[]>;
  /** The statements of one side of a migration, read when its step runs. */
  load(migration: MigrationFile, direction: Direction): Promise<ParsedStatement[]>;
  /** Earlier checksums of up.sql accepted with `generate --accept-edits` (read from its snapshot; [] when none). */
  acceptedChecksums(migration: MigrationFile): Promise<readonly string[]>;
}

/** The engine's source over a repository; a stray folder or a folder without up.sql is a SOURCE error. */
export function sourceOf(repository: MigrationRepository): MigrationSource {
  const { shown } = repository;
  return {
    async list() {
      const listing = repository.list();
      const stray = listing.strays[0];
      if (stray !== undefined) {
        throw new MigrateError('SOURCE', `${shown(`${repository.dir}/${stray}`)} is not a migration folder name (expected <yyyymmddHHMMSS>_<name>, e.g. 20261124183000_add_orders).`,
          { hint: 'Rename or remove it; migrations are created by `generate`.' });
      }
      return listing.folders.map((folder): MigrationFile => {
        const up = repository.text(folder, 'up');
        if (up === undefined) throw new MigrateError('SOURCE', `${shown(folder.dir)} has no ${UP_FILE}.`, { hint: `Restore it (git checkout -- ${shown(folder.dir)}) or remove the folder.` });
        return { ...folder, checksum: repository.checksum(up) };
      });
    },
    async load(migration, direction) {
      const text = repository.text(migration, direction);
      if (text === undefined) throw new MigrateError('SOURCE', `${migration.id} has no ${direction === 'up' ? UP_FILE : DOWN_FILE}.`);
      // Read once for the checksum at the start of the run and once here: what runs must be what was verified.
      if (direction === 'up' && repository.checksum(text) !== migration.checksum) {
        throw new MigrateError('SOURCE', `${shown(migration.upPath)} changed while this run was going on.`, { hint: 'Run the command again once nobody edits the file.' });
      }
      return splitStatements(text);
    },
    async acceptedChecksums(migration) {
      const read = repository.snapshot(migration);
      return read.ok ? (read.snapshot.migrateCore?.accepted ?? []) : [];
    },
  };
}

/** The engine's source for the migrations folder `folder` (see openRepository for the options). */
export function createFolderSource(folder: string, options: { fs?: FsLike; root?: string | undefined } = {}): MigrationSource {
  return sourceOf(openRepository(folder, options));
}
