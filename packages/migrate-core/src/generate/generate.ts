// `generate`: diff a service's schema against its last snapshot and write up.sql, down.sql and snapshot.json.
import { relative } from 'node:path';
import { repositoryOf, type ServiceContext } from '../config/load.js';
import { MigrateError, UsageError } from '../errors.js';
import { newMigrationId, slugify } from '../migration-id.js';
import { systemClock, type Clock, type MigrationId } from '../model.js';
import { ambiguityMessage } from '../schema/drizzle/ambiguity.js';
import { diffSnapshots } from '../schema/drizzle/diff.js';
import { loadKit } from '../schema/drizzle/kit.js';
import { emptySnapshot, toKitSnapshot, withIds, type KitSnapshot } from '../schema/drizzle/kit-snapshot.js';
import { BASE_ID, describeConflict, findChainConflicts, type MigrationListing, type MigrationRepository } from '../repository/index.js';
import { parseRenames, type Rename } from '../schema/drizzle/renames.js';
import { renderCustomMigration, renderMigration, type DataLossNote } from './render.js';
import { loadSchemas } from '../schema/drizzle/loader.js';
import { schemaSnapshot } from '../schema/drizzle/schema-snapshot.js';

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

function newId(name: string, clock: Clock, listing: MigrationListing): MigrationId {
  return newMigrationId(name, clock.now(), listing.folders.map((folder) => folder.id));
}

function written(repository: MigrationRepository, dir: string): Pick<GenerateReport, 'dir' | 'files'> {
  const shown = repository.shown(dir);
  return { dir: shown, files: ['up.sql', 'down.sql', 'snapshot.json'].map((file) => `${shown}/${file}`) };
}

const EMPTY = { files: [], up: [], down: [], upDataLoss: [], downDataLoss: [], warnings: [], notes: [] };

function writeCustom(options: GenerateOptions, repository: MigrationRepository, name: string, prev: KitSnapshot, prevId: string, listing: MigrationListing): GenerateReport {
  const id = newId(name, options.clock ?? systemClock, listing);
  const { up, down } = renderCustomMigration(id, name);
  const folder = repository.write({ id, up, down, snapshot: withIds(prev, id, prevId), custom: true });
  return { ...EMPTY, outcome: 'written', id, ...written(repository, folder.dir) };
}

function renameError(service: ServiceContext, ambiguities: Parameters<typeof ambiguityMessage>[0], command: string, name: string): MigrateError {
  const target = `${command} --name "${name}"`;
  const { message, hint } = ambiguityMessage(ambiguities, relative(service.root, service.schemaPath), target);
  return new MigrateError('GENERATE', `${message}\nNothing was written.`, { hint });
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
  const prevId = listing.folders.at(-1)?.id ?? BASE_ID;
  if (options.custom) return writeCustom(options, repository, name, prev, prevId, listing);
  const kit = await loadKit();
  const schema = await schemaSnapshot(kit, service, await loadSchemas(service));
  const diff = await diffSnapshots(kit, { prev, next: schema.snapshot, renames, noRenames: options.noRenames ?? false });
  if (!diff.ok) throw renameError(service, diff.ambiguities, command, name);
  const context = { warnings: schema.warnings, notes: schema.notes };
  if (diff.up.length === 0) return { ...EMPTY, ...context, outcome: 'noop' };
  const id = newId(name, options.clock ?? systemClock, listing);
  const rendered = renderMigration({
    id, name, schemaFile: relative(service.dir, service.schemaPath), up: diff.up, down: diff.down,
    beforeUp: diff.base, beforeDown: schema.snapshot, allowDataLoss: options.allowDataLoss ?? false,
  });
  const folder = repository.write({ id, up: rendered.up, down: rendered.down, snapshot: withIds(schema.snapshot, id, prevId) });
  return { ...context, outcome: 'written', id, ...written(repository, folder.dir), up: diff.up, down: diff.down, upDataLoss: rendered.upLoss, downDataLoss: rendered.downLoss };
}
