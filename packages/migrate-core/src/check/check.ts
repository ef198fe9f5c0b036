// `check`: the CI gate. Reads the migrations folder and the schema and writes nothing; touches no service's
// database. The shadow proof (proof.ts) replays the migrations on a private shadow server.
import { relative } from 'node:path';
import { repositoryOf, type ServiceContext } from '../config/load.js';
import { ambiguityMessage } from '../schema/drizzle/ambiguity.js';
import { emptySnapshot, toKitSnapshot, type KitSnapshot } from '../schema/drizzle/kit-snapshot.js';
import { diffServiceObjects } from '../schema/objects/service-diff.js';
import { objectsOfSnapshot } from '../schema/objects/snapshot.js';
import { describeConflict, findChainConflicts, type MigrationRepository, type MigrationSnapshot } from '../repository/index.js';
import type { MigrationFolder } from '../model.js';
import type { LintFinding } from './lint/lint.js';
import { folderProblems, type CheckProblem, type MigrationFolderText } from './problems.js';
import { proveAndLint, type ProofOptions, type ShadowSummary } from './proof.js';
import { readSql } from './sql-problems.js';

export interface CheckReport {
  readonly ok: boolean;
  readonly migrations: number;
  readonly problems: readonly CheckProblem[];
  /** Lint findings at level `warn`: shown, but the check passes. */
  readonly warnings: readonly LintFinding[];
  readonly shadow: ShadowSummary;
  /** Information that does not fail the check (tables left out, foreign keys dropped, ...). */
  readonly notes: readonly string[];
}

export interface CheckOptions extends Partial<Omit<ProofOptions, 'generate'>> {
  /** How hints name generate. @default `migrate-core generate` */
  readonly generate?: string;
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

/** A folder's files as check reads them, and the problems of those it could not read (not valid UTF-8). */
interface ReadTexts extends MigrationFolderText {
  readonly unreadable: readonly CheckProblem[];
}

/** Each folder's files, with the snapshot of the migration before it (the state its up.sql runs against). */
function folderTexts(repository: MigrationRepository, entries: readonly ReadFolder[]): ReadTexts[] {
  let before: KitSnapshot = emptySnapshot();
  return entries.map(({ folder, snapshot, snapshotError }) => {
    const [up, down] = [readSql(repository, folder, 'up'), readSql(repository, folder, 'down')];
    const unreadable = [up.problem, down.problem].filter((problem) => problem !== undefined);
    const text = { id: folder.id, dir: repository.shown(folder.dir), up: up.text, down: down.text, snapshot, snapshotError, before, unreadable };
    if (snapshot) before = toKitSnapshot(snapshot);
    return text;
  });
}

/** A file that cannot be read is reported as such (BAD_SQL), not also as missing. */
function unreadAware(problems: readonly CheckProblem[], text: ReadTexts): CheckProblem[] {
  const unread = new Set<string>(text.unreadable.map((problem) => (problem.file?.endsWith('/up.sql') ? 'NO_UP' : 'NO_DOWN')));
  return problems.filter((problem) => !unread.has(problem.code));
}

function conflictProblems(repository: MigrationRepository, entries: readonly ReadFolder[], generate: string): CheckProblem[] {
  const folder = (id: string) => repository.shown(`${repository.dir}/${id}`);
  return findChainConflicts(entries.map((entry) => ({ id: entry.folder.id, prevId: entry.snapshot?.prevId }))).map((conflict) => ({
    code: 'CONFLICT', severity: 'error', migrationId: conflict.id, file: `${folder(conflict.id)}/snapshot.json`, ...describeConflict(conflict, folder, generate),
  }));
}

const preview = (statements: readonly string[]) =>
  statements.slice(0, 5).map((sql) => `\n      ${sql.split('\n')[0]}${sql.includes('\n') ? ' ...' : ''}`).join('') + (statements.length > 5 ? `\n      ... (${statements.length - 5} more)` : '');

/** Compares the schema with the last snapshot; a SCHEMA_CHANGED problem when generate would write something. */
async function schemaProblems(service: ServiceContext, entries: readonly ReadFolder[], generate: string, notes: string[]): Promise<CheckProblem[]> {
  const last = entries.at(-1);
  if (last !== undefined && last.snapshot === undefined) return [];
  const prev = last?.snapshot ? toKitSnapshot(last.snapshot) : emptySnapshot();
  const { schema, diff } = await diffServiceObjects(service, { prev, prevObjects: objectsOfSnapshot(last?.snapshot ?? {}), schema: { allowNoTables: entries.length === 0 } });
  notes.push(...schema.notes, ...schema.warnings);
  const file = relative(service.root, service.schemaPath);
  const since = last === undefined ? 'there is no migration yet' : `since ${last.folder.id}`;
  const hint = `Generate a migration for it: \`${generate} --name "<what changed>"\``;
  if (!diff.ok) {
    const what = diff.ambiguities.map((a) => (a.kind === 'column' ? `\`${a.table}\` columns -${a.removed.join(', -')} +${a.added.join(', +')}` : `${a.kind}s -${a.removed.join(', -')} +${a.added.join(', +')}`));
    return [{ code: 'SCHEMA_CHANGED', severity: 'error', file, message: `${file} changed ${since} (removed and added at once: ${what.join('; ')}).`,
      hint: `Generate a migration for it, saying which are renames.\n        ${ambiguityMessage(diff.ambiguities, file, `${generate} --name "<what changed>"`).hint}` }];
  }
  if (diff.up.length === 0) return [];
  return [{ code: 'SCHEMA_CHANGED', severity: 'error', file, message: `${file} has changes not yet in a migration (${since}); generate would write:${preview(diff.up)}`, hint }];
}

/**
 * Checks a service: every migration folder complete, unedited since generated (or accepted), its destructive
 * statements acknowledged, its SQL valid on MariaDB; the snapshot chain unbroken; the schema with no change that
 * is not yet generated; with `options.shadow`, every migration proven up, down and up again on a shadow server;
 * lint warnings. Writes nothing.
 */
export async function checkService(service: ServiceContext, options: CheckOptions = {}): Promise<CheckReport> {
  const generate = options.generate ?? 'migrate-core generate';
  const repository = repositoryOf(service);
  const listing = repository.list();
  const entries = readFolders(repository, listing.folders);
  const texts = folderTexts(repository, entries);
  const notes: string[] = [];
  const problems: CheckProblem[] = [
    ...listing.strays.map((name): CheckProblem => {
      const file = repository.shown(`${repository.dir}/${name}`);
      return { code: 'BAD_FOLDER', severity: 'error', file, message: `${file} ${listing.strayReasons.get(name)}.`, hint: 'Rename or remove it; migrations are created by generate.' };
    }),
    ...texts.flatMap((text) => [...text.unreadable, ...unreadAware(folderProblems(text, generate), text)]),
    ...conflictProblems(repository, entries, generate),
  ];
  // The shadow proof runs on its server while drizzle-kit diffs the schema here; both finish before any error counts.
  const [schema, proof] = await Promise.allSettled([
    schemaProblems(service, entries, generate, notes),
    proveAndLint(service, texts, [...problems], { shadow: options.shadow, skipped: options.skipped, generate }),
  ]);
  if (schema.status === 'rejected') throw schema.reason;
  if (proof.status === 'rejected') throw proof.reason;
  problems.push(...schema.value, ...proof.value.problems);
  return { ok: problems.length === 0, migrations: listing.folders.length, problems, warnings: proof.value.warnings, shadow: proof.value.shadow, notes: [...notes, ...proof.value.notes] };
}
