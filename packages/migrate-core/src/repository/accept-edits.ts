// `generate --accept-edits <id>`: after a deliberate hand edit of a migration's up.sql or down.sql, record their
// new checksums in its snapshot, so that `check` accepts them. The snapshot's schema is left as it is.
import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { checksumOf } from '../checksum.js';
import type { ServiceContext } from '../config/load.js';
import { MigrateError, UsageError } from '../errors.js';
import type { MigrationId } from '../model.js';
import { readHistory } from './read.js';

export interface AcceptEditsReport {
  readonly id: MigrationId;
  /** Relative to the workspace root. */
  readonly snapshot: string;
  /** The files whose checksum changed; empty when nothing was edited. */
  readonly accepted: readonly ('up.sql' | 'down.sql')[];
}

/** Re-signs migration `id`'s up.sql and down.sql in its snapshot.json. */
export function acceptEdits(service: ServiceContext, id: MigrationId): AcceptEditsReport {
  const shown = (path: string) => relative(service.root, path);
  const history = readHistory(service.migrationsDir);
  const entry = history.entries.find((candidate) => candidate.id === id);
  if (entry === undefined) {
    throw new UsageError(`--accept-edits ${id}: ${service.service} has no migration ${id}.`,
      `Its migrations: ${history.entries.map((e) => e.id).join(', ') || '(none)'}.`);
  }
  if (!entry.snapshot) throw new MigrateError('SOURCE', `${shown(entry.dir)}: ${entry.snapshotError}.`, { hint: `Restore it from git: git checkout -- ${shown(entry.snapshotPath)}` });
  if (!entry.hasUp || !entry.hasDown) {
    throw new MigrateError('GENERATE', `${shown(entry.dir)} has no ${entry.hasUp ? 'down.sql' : 'up.sql'}: nothing to accept.`,
      { hint: 'Write the missing file (down.sql: the statements that undo up.sql), then run --accept-edits again.' });
  }
  const now = { up: checksumOf(readFileSync(entry.upPath, 'utf8')), down: checksumOf(readFileSync(entry.downPath, 'utf8')) };
  const recorded = entry.snapshot.migrateCore;
  const accepted = (['up', 'down'] as const).filter((side) => recorded?.[side] !== now[side]).map((side) => `${side}.sql` as const);
  if (accepted.length > 0) {
    const migrateCore = recorded?.custom ? { ...now, custom: true } : now;
    writeFileSync(entry.snapshotPath, `${JSON.stringify({ ...entry.snapshot, migrateCore }, null, 2)}\n`);
  }
  return { id, snapshot: shown(entry.snapshotPath), accepted };
}
