// The engine's view of a migrations folder: the migrations it can run, with their checksums, and their
// statements when a step runs. Built on the repository, the only reader of the folder.
import { MigrateError } from '../errors.js';
import type { Direction, MigrationFile, MigrationFolder } from '../model.js';
import { checksumMatches } from '../sql/checksum.js';
import type { ScanOptions } from '../sql/scan.js';
import { splitStatements, type ParsedStatement } from '../statements.js';
import { DOWN_FILE, UP_FILE, type FsLike } from './files.js';
import { openRepository, type MigrationRepository } from './repository.js';

export interface MigrationSource {
  /** Every migration folder, sorted by id. Reads each up.sql once to checksum it; keeps no bodies. */
  list(): Promise<readonly MigrationFile[]>;
  /**
   * The statements of one side of a migration, read when its step runs; `options` says how the server reads
   * them (its flavor decides which executable comments are code; the service's database).
   */
  load(migration: MigrationFile, direction: Direction, options?: ScanOptions): Promise<ParsedStatement[]>;
  /**
   * Other checksums the migration's up.sql still verifies against: earlier ones accepted with `generate
   * --accept-edits` (read from its snapshot), and `stored` itself when the file matches it by the algorithm
   * it names (a `sha256:` checksum recorded by an earlier version).
   */
  acceptedChecksums(migration: MigrationFile, stored?: string): Promise<readonly string[]>;
}

/** The engine's source over a repository; a missing folder, a stray entry or a folder without up.sql is a SOURCE error. */
export function sourceOf(repository: MigrationRepository): MigrationSource {
  const { shown } = repository;
  const upText = (migration: MigrationFolder) => {
    const text = repository.text(migration, 'up');
    if (text === undefined) throw new MigrateError('SOURCE', `${shown(migration.dir)} has no ${UP_FILE}.`, { hint: `Restore it (git checkout -- ${shown(migration.dir)}) or remove the folder.` });
    return text;
  };
  return {
    async list() {
      const listing = repository.list();
      if (!listing.exists) {
        throw new MigrateError('SOURCE', `The migrations folder ${shown(repository.dir)} does not exist.`,
          { hint: 'Check `migrations` in the service\'s migrate.config.json (a typo?), or create the folder: `migrate-core generate` writes the first migration into it.' });
      }
      const stray = listing.strays[0];
      if (stray !== undefined) {
        throw new MigrateError('SOURCE', `${shown(`${repository.dir}/${stray}`)} ${listing.strayReasons.get(stray)}.`,
          { hint: 'Rename or remove it; migrations are created by `generate`.' });
      }
      return listing.folders.map((folder): MigrationFile => ({ ...folder, checksum: repository.checksum(upText(folder), shown(folder.upPath)) }));
    },
    async load(migration, direction, options = {}) {
      const text = direction === 'up' ? upText(migration) : repository.text(migration, direction);
      if (text === undefined) throw new MigrateError('SOURCE', `${migration.id} has no ${direction === 'up' ? UP_FILE : DOWN_FILE}.`);
      const file = shown(direction === 'up' ? migration.upPath : migration.downPath);
      // Read once for the checksum at the start of the run and once here: what runs must be what was verified.
      if (direction === 'up' && repository.checksum(text, file) !== migration.checksum) {
        throw new MigrateError('SOURCE', `${shown(migration.upPath)} changed while this run was going on.`, { hint: 'Run the command again once nobody edits the file.' });
      }
      return splitStatements(text, { ...options, file });
    },
    async acceptedChecksums(migration, stored) {
      const read = repository.snapshot(migration);
      const accepted = read.ok ? (read.snapshot.migrateCore?.accepted ?? []) : [];
      const matches = stored !== undefined && stored !== migration.checksum && checksumMatches(stored, upText(migration), shown(migration.upPath));
      return matches ? [...accepted, stored] : accepted;
    },
  };
}

/** The engine's source for the migrations folder `folder` (see openRepository for the options). */
export function createFolderSource(folder: string, options: { fs?: FsLike; root?: string | undefined } = {}): MigrationSource {
  return sourceOf(openRepository(folder, options));
}
