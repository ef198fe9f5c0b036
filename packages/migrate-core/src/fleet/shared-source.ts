import type { MigrationFile } from '../model.js';
import type { MigrationSource } from '../repository/index.js';

/**
 * One migrations folder read once for a whole fleet: the listing (with its checksums), each migration's
 * statements and accepted checksums are read on first use and shared by every database's migrator.
 */
export function sharedSource(source: MigrationSource): MigrationSource {
  let listing: Promise<readonly MigrationFile[]> | undefined;
  const loaded = new Map<string, ReturnType<MigrationSource['load']>>();
  const accepted = new Map<string, ReturnType<MigrationSource['acceptedChecksums']>>();
  const once = <T>(cache: Map<string, T>, key: string, read: () => T): T => {
    if (!cache.has(key)) cache.set(key, read());
    return cache.get(key)!;
  };
  return {
    list: () => (listing ??= source.list()),
    load: (migration, direction) => once(loaded, `${direction}:${migration.id}:${migration.checksum}`, () => source.load(migration, direction)),
    acceptedChecksums: (migration) => once(accepted, migration.id, () => source.acceptedChecksums(migration)),
  };
}
