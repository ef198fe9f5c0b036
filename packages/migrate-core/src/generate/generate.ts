// `generate`: diff a service's schema against its last snapshot and write up.sql, down.sql and snapshot.json.
import { relative } from 'node:path';
import { repositoryOf, type ServiceContext } from '../config/load.js';
import { MigrateError, UsageError } from '../errors.js';
import { newMigrationId, slugify } from '../migration-id.js';
import { systemClock, type Clock, type MigrationId } from '../model.js';
import { ambiguityMessage } from '../schema/drizzle/ambiguity.js';
import { emptySnapshot, toKitSnapshot, withIds, type KitSnapshot } from '../schema/drizzle/kit-snapshot.js';
import { BASE_ID, describeConflict, findChainConflicts, type MigrationListing, type MigrationRepository, type MigrationSnapshot } from '../repository/index.js';
import { parseRenames, type Rename } from '../schema/drizzle/renames.js';
import { renderCustomMigration, renderMigration, type DataLossNote } from './render.js';
import { spellForTarget } from '../schema/drizzle/target-spelling.js';
import type { ObjectsModel } from '../schema/objects/model.js';
import { diffServiceObjects } from '../schema/objects/service-diff.js';
import { objectsOfSnapshot, withObjects } from '../schema/objects/snapshot.js';

/** The name of a migration generated without --name (e.g. by `nx affected -t generate`). */
export const DEFAULT_MIGRATION_NAME = 'schema update';

export interface GenerateOptions {
  readonly service: ServiceContext;
  readonly name?: string | undefined;
  /** `--rename` values: `old=new` (table) or `table.old=table.new` (column). */
  readonly renames?: readonly string[];
  readonly noRenames?: boolean;
  readonly allowDataLoss?: boolean;
  readonly custom?: boolean;
  readonly clock?: Clock;
  /** How hints name generate. @default `migrate-core generate` (the CLI prints it as the user runs it) */
  readonly command?: string;
}

export interface GenerateReport {
  readonly outcome: 'written' | 'noop';
  readonly id?: MigrationId;
  /** Paths relative to the workspace root. */
  readonly dir?: string;
  readonly files: readonly string[];
  readonly up: readonly string[];
  readonly down: readonly string[];
  readonly upDataLoss: readonly DataLossNote[];
  readonly downDataLoss: readonly DataLossNote[];
  readonly warnings: readonly string[];
  readonly notes: readonly string[];
}

/** Refuses a folder generate cannot build on: stray folders, broken snapshot chain. */
function assertBuildable(repository: MigrationRepository, listing: MigrationListing, command: string): void {
  const { shown } = repository;
  const stray = listing.strays[0];
  if (stray !== undefined) {
    throw new MigrateError('SOURCE', `${shown(repository.dir)}/${stray} ${listing.strayReasons.get(stray)}.`,
      { hint: 'Rename or remove it; migrations are created by generate.' });
  }
  const chain = listing.folders.map((folder) => {
    const read = repository.snapshot(folder);
    return { id: folder.id, prevId: read.ok ? read.snapshot.prevId : undefined };
  });
  const conflict = findChainConflicts(chain)[0];
  if (conflict !== undefined) {
    const { message, hint } = describeConflict(conflict, (id) => shown(`${repository.dir}/${id}`), command);
    throw new MigrateError('GENERATE', `${message} A new migration on top would repeat changes.`, { hint });
  }
}

/** The objects model of the last snapshot; a SOURCE error when its `objects` key is malformed. */
function objectsOf(repository: MigrationRepository, listing: MigrationListing, last: MigrationSnapshot | undefined): ObjectsModel {
  try {
    return objectsOfSnapshot(last ?? {});
  } catch (error) {
    const folder = listing.folders.at(-1)!;
    throw new MigrateError('SOURCE', `${repository.shown(folder.snapshotPath)}: ${(error as Error).message}`,
      { hint: `Restore it from git (git checkout -- ${repository.shown(folder.snapshotPath)}).` });
  }
}

function newId(name: string, clock: Clock, listing: MigrationListing): MigrationId {
  return newMigrationId(name, clock.now(), listing.folders.map((folder) => folder.id));
}

function written(repository: MigrationRepository, dir: string): Pick<GenerateReport, 'dir' | 'files'> {
  const shown = repository.shown(dir);
  return { dir: shown, files: ['up.sql', 'down.sql', 'snapshot.json'].map((file) => `${shown}/${file}`) };
}

const EMPTY = { files: [], up: [], down: [], upDataLoss: [], downDataLoss: [], warnings: [], notes: [] };

function writeCustom(options: GenerateOptions, repository: MigrationRepository, name: string, prev: { kit: KitSnapshot; objects: ObjectsModel }, prevId: string, listing: MigrationListing): GenerateReport {
  const id = newId(name, options.clock ?? systemClock, listing);
  const { up, down } = renderCustomMigration(id, name);
  const folder = repository.write({ id, up, down, snapshot: withObjects(withIds(prev.kit, id, prevId), prev.objects), custom: true });
  return { ...EMPTY, outcome: 'written', id, ...written(repository, folder.dir) };
}

function renameError(service: ServiceContext, ambiguities: Parameters<typeof ambiguityMessage>[0], command: string, name: string): MigrateError {
  const target = `${command} --name "${name}"`;
  const { message, hint } = ambiguityMessage(ambiguities, relative(service.root, service.schemaPath), target);
  return new MigrateError('GENERATE', `${message}\nNothing was written.`, { hint });
}

/** The up and down statements spelled for the service's target family; a GENERATE error listing what it cannot do. */
function spelledForTarget(service: ServiceContext, up: readonly string[], down: readonly string[], next: KitSnapshot, prev: KitSnapshot): { up: string[]; down: string[] } {
  const { target } = service.config;
  const spelledUp = spellForTarget(up, target, next);
  const spelledDown = spellForTarget(down, target, prev);
  const refusals = [...new Set([...spelledUp.refusals, ...spelledDown.refusals])];
  if (refusals.length > 0) {
    const config = relative(service.root, service.configFile);
    throw new MigrateError('GENERATE', `${relative(service.root, service.schemaPath)} asks for what ${target === 'mariadb' ? 'MariaDB' : 'MySQL'} cannot do ("target": "${target}" in ${config}):\n  - ${refusals.join('\n  - ')}\nNothing was written.`,
      { hint: `Change the schema as said above${target === 'mariadb' ? `, or, if the service runs on MySQL 8, set "target": "mysql" in ${config}` : ''}, then generate again.` });
  }
  return { up: spelledUp.statements, down: spelledDown.statements };
}

/**
 * Generates the next migration of a service from its Drizzle schema. Writes nothing when the schema has no
 * change (outcome `noop`). Throws MigrateError (GENERATE/SOURCE/USAGE) naming the service and file.
 *
 * @example await generateMigration({ service: await loadService(root, 'first'), name: 'First test created' })
 */
export async function generateMigration(options: GenerateOptions): Promise<GenerateReport> {
  const { service } = options;
  const command = options.command ?? 'migrate-core generate';
  const name = options.name?.trim() || DEFAULT_MIGRATION_NAME;
  if (slugify(name) === '') throw new UsageError(`--name "${name}" has no letters or digits to name the migration with.`, 'e.g. --name "add orders"');
  const renames: Rename[] = parseRenames(options.renames ?? []);
  const repository = repositoryOf(service);
  const listing = repository.list();
  assertBuildable(repository, listing, command);
  const last = repository.lastSnapshot(listing);
  const prev = last ? toKitSnapshot(last) : emptySnapshot();
  const prevObjects = objectsOf(repository, listing, last);
  const prevId = listing.folders.at(-1)?.id ?? BASE_ID;
  if (options.custom) return writeCustom(options, repository, name, { kit: prev, objects: prevObjects }, prevId, listing);
  const { schema, objects: nextObjects, diff } = await diffServiceObjects(service, { prev, prevObjects, renames, noRenames: options.noRenames ?? false });
  if (!diff.ok) throw renameError(service, diff.ambiguities, command, name);
  const context = { warnings: schema.warnings, notes: schema.notes };
  if (diff.up.length === 0) return { ...EMPTY, ...context, outcome: 'noop' };
  const { up, down } = spelledForTarget(service, diff.up, diff.down, schema.snapshot, diff.base);
  const id = newId(name, options.clock ?? systemClock, listing);
  const rendered = renderMigration({
    id, name, schemaFile: relative(service.dir, service.schemaPath), up, down,
    beforeUp: diff.base, beforeDown: schema.snapshot, allowDataLoss: options.allowDataLoss ?? false,
  });
  const folder = repository.write({ id, up: rendered.up, down: rendered.down, snapshot: withObjects(withIds(schema.snapshot, id, prevId), nextObjects) });
  return { ...context, outcome: 'written', id, ...written(repository, folder.dir), up, down, upDataLoss: rendered.upLoss, downDataLoss: rendered.downLoss };
}
