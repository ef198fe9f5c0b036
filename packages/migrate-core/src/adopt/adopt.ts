// `generate --from-database` as a library call: adopt an existing database as a service's baseline.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { repositoryOf, type ServiceContext } from '../config/load.js';
import type { Session } from '../db/session.js';
import { diffSchemas, type Difference } from '../schema/canonical/compare.js';
import { schemaFromSnapshot } from '../schema/canonical/from-snapshot.js';
import { commandHint, UsageError } from '../errors.js';
import { withIds } from '../schema/drizzle/kit-snapshot.js';
import { BASE_ID, renderSqlFile, sourceOf, type NewMigration } from '../repository/index.js';
import type { CanonicalSchema } from '../schema/canonical/model.js';
import { objectsHomeOf } from '../schema/objects/home/service.js';
import { loadObjectsHome, memoryReader } from '../schema/objects/home/load.js';
import { objectsHomeFiles, writeObjectsHome } from '../schema/objects/home/write.js';
import { withObjects } from '../schema/objects/snapshot.js';
import type { Unmodelled } from '../schema/objects/unmodelled.js';
import { newMigrationId, slugify } from '../migration-id.js';
import { systemClock, type Clock } from '../model.js';
import { baselineOf } from './baseline.js';
import { generateSchemaCode } from './codegen.js';
import { objectsFromSchema } from './objects.js';
import { assertDistinctObjectFiles, assertNothingToOverwrite, assertQuotableNames } from './preflight.js';
import { readDatabase } from './read.js';

/** Every file of the adoption, path and text: rendered (and the SQL lexed) before the first one is written. */
interface BaselineFiles {
  readonly id: string;
  readonly home: ReadonlyMap<string, string>;
  readonly migration: NewMigration;
  readonly schema: string;
  readonly warnings: readonly string[];
  /** What the written schema does not reproduce: drift will report these after stamp. */
  readonly uncaptured: readonly Difference[];
}

/**
 * The up.sql header. A file outlives the run that wrote it and is read by whoever opens it later, with Nx or
 * without, so it names the command in the form that runs in any checkout (`npx migrate-core ...`), and the Nx
 * target beside it.
 */
function upHeader(service: ServiceContext, id: string, name: string, now: Date): string[] {
  const svc = service.service;
  return [`${id}: ${name}`,
    `Baseline of database \`${service.database}\` (generate --from-database): its schema on ${now.toISOString().slice(0, 10)}.`,
    `Do not run it there: record it with \`npx migrate-core stamp --service ${svc} ${id}\` (in Nx: \`nx run ${svc}:stamp ${id}\`).`,
    '`migrate` runs it on a new, empty database.'];
}

async function renderBaseline(service: ServiceContext, schema: CanonicalSchema, name: string, now: Date): Promise<BaselineFiles> {
  const code = generateSchemaCode(schema, { service: service.service, database: service.database, date: now });
  // The objects home is read back from the files it will be written as, so that the baseline, its snapshot and
  // the next generate all see the same objects.
  const home = objectsHomeOf(service);
  const homeFiles = objectsHomeFiles(home, objectsFromSchema(schema));
  const model = loadObjectsHome(home, service.root, memoryReader(homeFiles));
  const baseline = await baselineOf(service, { code: code.source, description: `the schema generated from database \`${service.database}\`` }, model);
  const id = newMigrationId(name, now, []);
  const up = renderSqlFile(upHeader(service, id, name, now), baseline.up.map((sql) => ({ sql })));
  const down = renderSqlFile([`${id}: reverts "${name}": drops everything the baseline made`], baseline.down);
  const snapshot = withObjects(withIds(baseline.snapshot, id, BASE_ID), baseline.objects);
  const uncaptured = diffSchemas(schemaFromSnapshot(withObjects(baseline.snapshot, baseline.objects)), schema);
  return { id, home: homeFiles, migration: { id, up, down, snapshot }, schema: code.source, warnings: code.warnings, uncaptured };
}

/** Writes the rendered files: the objects home, the migration, then the schema file. */
function writeBaseline(service: ServiceContext, files: BaselineFiles): { dir: string; objectFiles: string[] } {
  const objectFiles = writeObjectsHome(files.home);
  const { dir } = repositoryOf(service).write(files.migration);
  mkdirSync(dirname(service.schemaPath), { recursive: true });
  writeFileSync(service.schemaPath, files.schema);
  return { dir, objectFiles };
}

/** What to do next; commands as `migrate-core <command> <args>`, which the CLI prints the way it was run. */
function nextSteps(service: ServiceContext, id: string): string[] {
  return [
    `Review ${relative(service.root, service.schemaPath)} and the migration: the schema file is the source of truth from now on.`,
    `Record the baseline as applied on this database, without running it: ${commandHint('stamp', id)}`,
    `Check that the database matches it: ${commandHint('drift')} (expect "in sync").`,
    `Commit. Then as usual: edit the schema, ${commandHint('generate', '--name', '"..."')}, ${commandHint('migrate')}. ` +
      'Stamp every other copy of this database the same way; a new, empty one gets the baseline from migrate.',
  ];
}

export interface AdoptOptions {
  readonly service: ServiceContext;
  /** A session on the service's database; left open. */
  readonly session: Session;
  /** Names the baseline migration. @default 'baseline' */
  readonly name?: string | undefined;
  readonly clock?: Clock;
}

export interface AdoptReport {
  readonly database: string;
  /** The baseline migration's id. */
  readonly migration: string;
  readonly tables: number;
  /** Tables of the database left out by the service's tablesFilter. */
  readonly filteredOut: readonly string[];
  /** Files written, relative to the workspace root. */
  readonly files: readonly string[];
  readonly warnings: readonly string[];
  /** What the written schema does not reproduce: drift will report these after stamp. */
  readonly uncaptured: readonly Difference[];
  /** What the database has that the baseline does not (kind, name, reason). */
  readonly notAdopted: readonly Unmodelled[];
  /** What to do next, in order, each step runnable as written. */
  readonly next: readonly string[];
}

/**
 * Adopts an existing database (a monolith's tables moving to a service): reads its schema, writes the
 * service's schema file and a baseline migration (CREATE statements of the whole schema, drops as its down,
 * the snapshot of the written schema), and says how to stamp it. Refuses, writing nothing, when the service
 * already has migrations or a schema of its own, or the database is managed or empty.
 *
 * @example const report = await adoptDatabase({ service: await loadService(root, 'orders'), session });
 */
export async function adoptDatabase(options: AdoptOptions): Promise<AdoptReport> {
  const { service, session } = options;
  const name = options.name ?? 'baseline';
  if (slugify(name) === '') throw new UsageError(`--name "${name}" gives an empty migration name: use letters or digits.`);
  assertNothingToOverwrite(service, await sourceOf(repositoryOf(service)).list());
  const { schema, filteredOut, notAdopted } = await readDatabase(service, session);
  assertQuotableNames(service, schema);
  assertDistinctObjectFiles(service, schema);
  const rendered = await renderBaseline(service, schema, name, (options.clock ?? systemClock).now());
  const written = writeBaseline(service, rendered);
  const files = [service.schemaPath, ...written.objectFiles, ...['up.sql', 'down.sql', 'snapshot.json'].map((file) => join(written.dir, file))]
    .map((file) => relative(service.root, file));
  return {
    database: service.database, migration: rendered.id, tables: schema.tables.length, filteredOut, files, warnings: rendered.warnings,
    uncaptured: rendered.uncaptured, notAdopted, next: nextSteps(service, rendered.id),
  };
}
