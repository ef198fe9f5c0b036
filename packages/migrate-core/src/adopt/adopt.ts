// `generate --from-database` as a library call: adopt an existing database as a service's baseline.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { repositoryOf, type ServiceContext } from '../config/load.js';
import type { Session } from '../db/session.js';
import { diffSchemas, type Difference } from '../schema/canonical/compare.js';
import { schemaFromSnapshot } from '../schema/canonical/from-snapshot.js';
import { UsageError } from '../errors.js';
import { withIds } from '../schema/drizzle/kit-snapshot.js';
import { BASE_ID, renderSqlFile, sourceOf } from '../repository/index.js';
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
import { assertNothingToOverwrite } from './preflight.js';
import { readDatabase } from './read.js';

interface Baseline {
  readonly id: string;
  readonly dir: string;
  /** The objects home's files written. */
  readonly objectFiles: readonly string[];
  readonly warnings: readonly string[];
  /** What the written schema does not reproduce: drift will report these after stamp. */
  readonly uncaptured: readonly Difference[];
}

async function writeBaseline(service: ServiceContext, schema: CanonicalSchema, name: string, now: Date): Promise<Baseline> {
  const code = generateSchemaCode(schema, { service: service.service, database: service.database, date: now });
  // The objects home is read back from the files it will be written as, so that the baseline, its snapshot and
  // the next generate all see the same objects; nothing is written before the baseline is known to load.
  const home = objectsHomeOf(service);
  const homeFiles = objectsHomeFiles(home, objectsFromSchema(schema));
  const model = loadObjectsHome(home, service.root, memoryReader(homeFiles));
  const baseline = await baselineOf(service, { code: code.source, description: `the schema generated from database \`${service.database}\`` }, model);
  const objectFiles = writeObjectsHome(homeFiles);
  const snapshot = withObjects(baseline.snapshot, baseline.objects);
  const id = newMigrationId(name, now, []);
  const up = renderSqlFile([`${id}: ${name}`,
    `Baseline of database \`${service.database}\` (generate --from-database): its schema on ${now.toISOString().slice(0, 10)}.`,
    `Do not run it there: record it with \`nx run ${service.service}:stamp ${id}\`. \`migrate\` runs it on a new, empty database.`],
  baseline.up.map((sql) => ({ sql })));
  const down = renderSqlFile([`${id}: reverts "${name}": drops everything the baseline made`], baseline.down);
  const { dir } = repositoryOf(service).write({ id, up, down, snapshot: withObjects(withIds(baseline.snapshot, id, BASE_ID), baseline.objects) });
  mkdirSync(dirname(service.schemaPath), { recursive: true });
  writeFileSync(service.schemaPath, code.source);
  return { id, dir, objectFiles, warnings: code.warnings, uncaptured: diffSchemas(schemaFromSnapshot(snapshot), schema) };
}

function nextSteps(service: ServiceContext, id: string): string[] {
  const svc = service.service;
  return [
    `Review ${relative(service.root, service.schemaPath)} and the migration: the schema file is the source of truth from now on.`,
    `Record the baseline as applied on this database, without running it: nx run ${svc}:stamp ${id}`,
    `Check that the database matches it: nx run ${svc}:drift (expect "in sync").`,
    `Commit. Then as usual: edit the schema, nx run ${svc}:generate --name "...", nx run ${svc}:migrate. ` +
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
  const baseline = await writeBaseline(service, schema, name, (options.clock ?? systemClock).now());
  const files = [service.schemaPath, ...baseline.objectFiles, ...['up.sql', 'down.sql', 'snapshot.json'].map((file) => join(baseline.dir, file))]
    .map((file) => relative(service.root, file));
  return {
    database: service.database, migration: baseline.id, tables: schema.tables.length, filteredOut, files,
    warnings: baseline.warnings, uncaptured: baseline.uncaptured, notAdopted, next: nextSteps(service, baseline.id),
  };
}
