// `check`: the offline CI gate. Reads the migrations folder and the schema, writes nothing, touches no database.
import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import type { ServiceContext } from '../config/load.js';
import { diffSnapshots } from '../schema/drizzle/diff.js';
import { readHistory, type MigrationEntry } from '../repository/read.js';
import { loadKit } from '../schema/drizzle/kit.js';
import { emptySnapshot, toKitSnapshot, type KitSnapshot } from '../schema/drizzle/kit-snapshot.js';
import { loadSchemas } from '../schema/drizzle/loader.js';
import { schemaSnapshot } from '../schema/drizzle/schema-snapshot.js';
import { describeConflict, findChainConflicts } from '../repository/chain.js';
import { folderProblems, type CheckProblem } from './problems.js';

export interface CheckReport {
  readonly ok: boolean;
  readonly migrations: number;
  readonly problems: readonly CheckProblem[];
  /** Information that does not fail the check (tables left out, foreign keys dropped, ...). */
  readonly notes: readonly string[];
}

const readIf = (path: string, present: boolean) => (present && existsSync(path) ? readFileSync(path, 'utf8') : undefined);

function migrationProblems(service: ServiceContext, entries: readonly MigrationEntry[], generate: string): CheckProblem[] {
  const shown = (path: string) => relative(service.root, path);
  let before: KitSnapshot = emptySnapshot();
  return entries.flatMap((entry) => {
    const problems = folderProblems({
      id: entry.id, dir: shown(entry.dir), up: readIf(entry.upPath, entry.hasUp), down: readIf(entry.downPath, entry.hasDown),
      snapshot: entry.snapshot, snapshotError: entry.snapshotError, before,
    }, generate);
    if (entry.snapshot) before = toKitSnapshot(entry.snapshot);
    return problems;
  });
}

function conflictProblems(service: ServiceContext, entries: readonly MigrationEntry[], generate: string): CheckProblem[] {
  const folder = (id: string) => relative(service.root, `${service.migrationsDir}/${id}`);
  return findChainConflicts(entries.map((entry) => ({ id: entry.id, prevId: entry.snapshot?.prevId }))).map((conflict) => ({
    code: 'CONFLICT', migrationId: conflict.id, file: `${folder(conflict.id)}/snapshot.json`, ...describeConflict(conflict, folder, generate),
  }));
}

const preview = (statements: readonly string[]) =>
  statements.slice(0, 5).map((sql) => `\n      ${sql.split('\n')[0]}${sql.includes('\n') ? ' ...' : ''}`).join('') + (statements.length > 5 ? `\n      ... (${statements.length - 5} more)` : '');

/** Compares the schema with the last snapshot; a SCHEMA_CHANGED problem when generate would write something. */
async function schemaProblems(service: ServiceContext, entries: readonly MigrationEntry[], generate: string, notes: string[]): Promise<CheckProblem[]> {
  const last = entries.at(-1);
  if (last !== undefined && last.snapshot === undefined) return [];
  const prev = last?.snapshot ? toKitSnapshot(last.snapshot) : emptySnapshot();
  const kit = await loadKit();
  const schema = await schemaSnapshot(kit, service, await loadSchemas(service), { allowNoTables: entries.length === 0 });
  notes.push(...schema.notes, ...schema.warnings);
  const diff = await diffSnapshots(kit, { prev, next: schema.snapshot, renames: [], noRenames: false });
  const file = relative(service.root, service.schemaPath);
  const since = last === undefined ? 'there is no migration yet' : `since ${last.id}`;
  const hint = `Generate a migration for it: ${generate} --name "<what changed>"`;
  if (!diff.ok) {
    const what = diff.ambiguities.map((a) => (a.kind === 'column' ? `\`${a.table}\` columns -${a.removed.join(', -')} +${a.added.join(', +')}` : `${a.kind}s -${a.removed.join(', -')} +${a.added.join(', +')}`));
    return [{ code: 'SCHEMA_CHANGED', file, message: `${file} changed ${since} (removed and added at once: ${what.join('; ')}).`, hint: `${hint} --rename <old>=<new> (for renames) or --no-renames` }];
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
  const generate = options.generate ?? `nx run ${service.service}:generate`;
  const history = readHistory(service.migrationsDir);
  const notes: string[] = [];
  const problems: CheckProblem[] = [
    ...history.strays.map((name): CheckProblem => ({ code: 'BAD_FOLDER', file: relative(service.root, `${service.migrationsDir}/${name}`),
      message: `${relative(service.root, `${service.migrationsDir}/${name}`)} is not a migration folder (expected <yyyymmddHHMMSS>_<name>).`, hint: 'Rename or remove it; migrations are created by generate.' })),
    ...migrationProblems(service, history.entries, generate),
    ...conflictProblems(service, history.entries, generate),
    ...(await schemaProblems(service, history.entries, generate, notes)),
  ];
  return { ok: problems.length === 0, migrations: history.entries.length, problems, notes };
}
