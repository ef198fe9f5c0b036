// `generate --accept-edits <id>`: after a deliberate hand edit of a migration's up.sql or down.sql, record their
// new checksums in its snapshot. The one way to accept an edit: `check` then passes, and databases that applied
// the earlier up.sql keep verifying (the earlier checksum is kept in `migrateCore.accepted`). The snapshot's
// schema is left as it is.
import { MigrateError, UsageError } from '../errors.js';
import type { MigrationId } from '../model.js';
import type { MigrationRepository } from './repository.js';
import type { MigrationSnapshot } from './snapshot.js';

export interface AcceptEditsReport {
  readonly id: MigrationId;
  /** The snapshot file, as messages show paths. */
  readonly snapshot: string;
  /** The files whose checksum changed; empty when nothing was edited. */
  readonly accepted: readonly ('up.sql' | 'down.sql')[];
}

/** Re-signs migration `id`'s up.sql and down.sql in its snapshot.json. */
export function acceptEdits(repository: MigrationRepository, id: MigrationId, service: string): AcceptEditsReport {
  const { shown } = repository;
  const listing = repository.list();
  const folder = listing.folders.find((candidate) => candidate.id === id);
  if (folder === undefined) {
    throw new UsageError(`--accept-edits ${id}: ${service} has no migration ${id}.`,
      `Its migrations: ${listing.folders.map((f) => f.id).join(', ') || '(none)'}.`);
  }
  const read = repository.snapshot(folder);
  if (!read.ok) throw new MigrateError('SOURCE', `${shown(folder.dir)}: ${read.error}.`, { hint: `Restore it from git: git checkout -- ${shown(folder.snapshotPath)}` });
  const up = repository.text(folder, 'up');
  const down = repository.text(folder, 'down');
  if (up === undefined || down === undefined) {
    throw new MigrateError('GENERATE', `${shown(folder.dir)} has no ${up === undefined ? 'up.sql' : 'down.sql'}: nothing to accept.`,
      { hint: 'Write the missing file (down.sql: the statements that undo up.sql), then run --accept-edits again.' });
  }
  const now = { up: repository.checksum(up), down: repository.checksum(down) };
  const recorded = read.snapshot.migrateCore;
  const accepted = (['up', 'down'] as const).filter((side) => recorded?.[side] !== now[side]).map((side) => `${side}.sql` as const);
  if (accepted.length > 0) {
    const earlier = [...(recorded?.accepted ?? []), ...(recorded && recorded.up !== now.up ? [recorded.up] : [])];
    const migrateCore: NonNullable<MigrationSnapshot['migrateCore']> = {
      ...now, ...(recorded?.custom ? { custom: true } : {}), ...(earlier.length > 0 ? { accepted: [...new Set(earlier)] } : {}),
    };
    repository.rewriteSnapshot(folder, { ...read.snapshot, migrateCore });
  }
  return { id, snapshot: shown(folder.snapshotPath), accepted };
}
