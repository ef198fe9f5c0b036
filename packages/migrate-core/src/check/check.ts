// `check`: the offline CI gate. Reads the migrations folder and the schema, writes nothing, touches no database.
import { relative } from 'node:path';
import { repositoryOf, type ServiceContext } from '../config/load.js';
import { ambiguityMessage } from '../schema/drizzle/ambiguity.js';
import { diffSnapshots } from '../schema/drizzle/diff.js';
import { loadKit } from '../schema/drizzle/kit.js';
import { emptySnapshot, toKitSnapshot, type KitSnapshot } from '../schema/drizzle/kit-snapshot.js';
import { loadSchemas } from '../schema/drizzle/loader.js';
import { schemaSnapshot } from '../schema/drizzle/schema-snapshot.js';
import { describeConflict, findChainConflicts, type MigrationRepository, type MigrationSnapshot } from '../repository/index.js';
import type { MigrationFolder } from '../model.js';
import { folderProblems, type CheckProblem } from './problems.js';
import { readSql } from './sql-problems.js';

export interface CheckReport {
  readonly ok: boolean;
  readonly migrations: number;
  readonly problems: readonly CheckProblem[];
  /** Information that does not fail the check (tables left out, foreign keys dropped, ...). */
  readonly notes: readonly string[];
}

/** A migration folder with its snapshot read (or why it could not be). */
interface ReadFolder {
  readonly folder: MigrationFolder;
  readonly snapshot?: MigrationSnapshot;
  readonly snapshotError?: string;
}

function readFolders(repository: MigrationRepository, folders: readonly MigrationFolder[]): ReadFolder[] {
  return folders.map((folder) => {
    const read = repository.snapshot(folder);
    return read.ok ? { folder, snapshot: read.snapshot } : { folder, snapshotError: read.error };
  });
}

function migrationProblems(repository: MigrationRepository, entries: readonly ReadFolder[], generate: string): CheckProblem[] {
  let before: KitSnapshot = emptySnapshot();
  return entries.flatMap(({ folder, snapshot, snapshotError }) => {
    const [up, down] = [readSql(repository, folder, 'up'), readSql(repository, folder, 'down')];
    const problems = folderProblems({
      id: folder.id, dir: repository.shown(folder.dir), up: up.text, down: down.text, snapshot, snapshotError, before,
    }, generate);
    if (snapshot) before = toKitSnapshot(snapshot);
    // A file that cannot be read is reported as such, not as missing.
    const unread = new Set([up.problem ? 'NO_UP' : '', down.problem ? 'NO_DOWN' : '']);
    return [...[up.problem, down.problem].filter((problem) => problem !== undefined), ...problems.filter((problem) => !unread.has(problem.code))];
  });
}

function conflictProblems(repository: MigrationRepository, entries: readonly ReadFolder[], generate: string): CheckProblem[] {
  const folder = (id: string) => repository.shown(`${repository.dir}/${id}`);
  return findChainConflicts(entries.map((entry) => ({ id: entry.folder.id, prevId: entry.snapshot?.prevId }))).map((conflict) => ({
    code: 'CONFLICT', migrationId: conflict.id, file: `${folder(conflict.id)}/snapshot.json`, ...describeConflict(conflict, folder, generate),
  }));
}

const preview = (statements: readonly string[]) =>
  statements.slice(0, 5).map((sql) => `\n      ${sql.split('\n')[0]}${sql.includes('\n') ? ' ...' : ''}`).join('') + (statements.length > 5 ? `\n      ... (${statements.length - 5} more)` : '');

/** Compares the schema with the last snapshot; a SCHEMA_CHANGED problem when generate would write something. */
async function schemaProblems(service: ServiceContext, entries: readonly ReadFolder[], generate: string, notes: string[]): Promise<CheckProblem[]> {
  const last = entries.at(-1);
  if (last !== undefined && last.snapshot === undefined) return [];
  const prev = last?.snapshot ? toKitSnapshot(last.snapshot) : emptySnapshot();
  const kit = await loadKit();
  const schema = await schemaSnapshot(kit, service, await loadSchemas(service), { allowNoTables: entries.length === 0 });
  notes.push(...schema.notes, ...schema.warnings);
  const diff = await diffSnapshots(kit, { prev, next: schema.snapshot, renames: [], noRenames: false });
  const file = relative(service.root, service.schemaPath);
  const since = last === undefined ? 'there is no migration yet' : `since ${last.folder.id}`;
  const hint = `Generate a migration for it: \`${generate} --name "<what changed>"\``;
  if (!diff.ok) {
    const what = diff.ambiguities.map((a) => (a.kind === 'column' ? `\`${a.table}\` columns -${a.removed.join(', -')} +${a.added.join(', +')}` : `${a.kind}s -${a.removed.join(', -')} +${a.added.join(', +')}`));
    return [{ code: 'SCHEMA_CHANGED', file, message: `${file} changed ${since} (removed and added at once: ${what.join('; ')}).`,
      hint: `Generate a migration for it, saying which are renames.\n        ${ambiguityMessage(diff.ambiguities, file, `${generate} --name "<what changed>"`).hint}` }];
  }
  if (diff.up.length === 0) return [];
  return [{ code: 'SCHEMA_CHANGED', file, message: `${file} has changes not yet in a migration (${since}); generate would write:${preview(diff.up)}`, hint }];
}

/**
 * Checks a service offline: every migration folder complete, unedited since generated (or accepted), its
 * destructive statements acknowledged, its SQL valid on MariaDB; the snapshot chain unbroken; the schema with
 * no change that is not yet generated. Writes nothing.
 */
export async function checkService(service: ServiceContext, options: { generate?: string } = {}): Promise<CheckReport> {
  const generate = options.generate ?? 'migrate-core generate';
  const repository = repositoryOf(service);
  const listing = repository.list();
  const entries = readFolders(repository, listing.folders);
  const notes: string[] = [];
  const problems: CheckProblem[] = [
    ...listing.strays.map((name): CheckProblem => {
      const file = repository.shown(`${repository.dir}/${name}`);
      return { code: 'BAD_FOLDER', file, message: `${file} ${listing.strayReasons.get(name)}.`, hint: 'Rename or remove it; migrations are created by generate.' };
    }),
    ...migrationProblems(repository, entries, generate),
    ...conflictProblems(repository, entries, generate),
    ...(await schemaProblems(service, entries, generate, notes)),
  ];
  return { ok: problems.length === 0, migrations: listing.folders.length, problems, notes };
}
