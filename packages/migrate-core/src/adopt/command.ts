import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { flagString, type CommandContext, type CommandResult } from '../cli/command.js';
import { connectService } from '../cli/connect.js';
import { ExitCode } from '../cli/exit-codes.js';
import { diffSchemas, type Difference } from '../schema/canonical/compare.js';
import { schemaFromSnapshot } from '../schema/canonical/from-snapshot.js';
import { UsageError } from '../errors.js';
import { withIds } from '../schema/drizzle/kit-snapshot.js';
import { BASE_ID, renderSqlFile, writeMigrationFolder } from '../repository/snapshot.js';
import { compileTablesFilter } from '../schema/filter.js';
import { introspectDatabase } from '../introspect/introspect.js';
import type { CanonicalSchema } from '../schema/canonical/model.js';
import { createMysqlLedger } from '../ledger/mysql-ledger.js';
import { newMigrationId, slugify } from '../migration-id.js';
import { createFolderSource } from '../repository/source.js';
import { baselineOf, type BaselineSql } from './baseline.js';
import { generateSchemaCode } from './codegen.js';
import { assertNothingToOverwrite, assertUnmanaged } from './preflight.js';

/**
 * Reads the service's database (refusing a managed or empty one), keeping the tables its `tablesFilter`
 * lets in; the session is closed before returning.
 */
async function readDatabase(ctx: CommandContext): Promise<{ schema: CanonicalSchema; filteredOut: string[] }> {
  const { service } = ctx;
  const session = await connectService(ctx, { createDatabase: false });
  let read: { schema: CanonicalSchema; filteredOut: string[] };
  try {
    assertUnmanaged(service, await createMysqlLedger(session, service.config.ledgerTable).list());
    const { schema } = await introspectDatabase(session, { exclude: [service.config.ledgerTable] });
    const keep = compileTablesFilter(service.config.tablesFilter);
    read = {
      schema: { ...schema, tables: schema.tables.filter((table) => keep(table.name)) },
      filteredOut: schema.tables.filter((table) => !keep(table.name)).map((table) => table.name),
    };
  } finally {
    await session.close();
  }
  if (read.schema.tables.length > 0) return read;
  const which = read.filteredOut.length > 0 ? ` that its tablesFilter lets in (${read.filteredOut.length} left out)` : '';
  throw new UsageError(`Database \`${service.database}\` has no tables${which}: there is nothing to adopt. Nothing was written.`,
    `Declare the tables in ${relative(service.root, service.schemaPath)}, then run nx run ${service.service}:generate --name "..."`);
}

/** The baseline of generated code, loaded from a temporary file next to the service's config (removed after). */
async function baselineOfSource(ctx: CommandContext, source: string): Promise<BaselineSql> {
  const temporary = join(ctx.service.dir, `.schema-from-database-${process.pid}.ts`);
  writeFileSync(temporary, source);
  try {
    return await baselineOf(ctx.service, temporary);
  } finally {
    rmSync(temporary, { force: true });
  }
}

interface Baseline {
  readonly id: string;
  readonly dir: string;
  readonly warnings: readonly string[];
  /** What the written schema does not reproduce: drift will report these after stamp. */
  readonly uncaptured: readonly Difference[];
}

async function writeBaseline(ctx: CommandContext, schema: CanonicalSchema, name: string): Promise<Baseline> {
  const { service } = ctx;
  const now = new Date();
  const code = generateSchemaCode(schema, { service: service.service, database: service.database, date: now });
  const baseline = await baselineOfSource(ctx, code.source);
  const id = newMigrationId(name, now, []);
  const up = renderSqlFile([`${id}: ${name}`,
    `Baseline of database \`${service.database}\` (generate --from-database): its schema on ${now.toISOString().slice(0, 10)}.`,
    `Do not run it there: record it with \`nx run ${service.service}:stamp ${id}\`. \`migrate\` runs it on a new, empty database.`],
  baseline.up.map((sql) => ({ sql })));
  const down = renderSqlFile([`${id}: reverts "${name}": drops every table of the baseline`], baseline.down);
  const dir = writeMigrationFolder(service.migrationsDir, { id, up, down, snapshot: withIds(baseline.snapshot, id, BASE_ID) });
  mkdirSync(dirname(service.schemaPath), { recursive: true });
  writeFileSync(service.schemaPath, code.source);
  return { id, dir, warnings: code.warnings, uncaptured: diffSchemas(schemaFromSnapshot(baseline.snapshot), schema) };
}

function nextSteps(ctx: CommandContext, id: string): string[] {
  const svc = ctx.service.service;
  return [
    `Review ${relative(ctx.root, ctx.service.schemaPath)} and the migration: the schema file is the source of truth from now on.`,
    `Record the baseline as applied on this database, without running it: nx run ${svc}:stamp ${id}`,
    `Check that the database matches it: nx run ${svc}:drift (expect "in sync").`,
    `Commit. Then as usual: edit the schema, nx run ${svc}:generate --name "...", nx run ${svc}:migrate. ` +
      'Stamp every other copy of this database the same way; a new, empty one gets the baseline from migrate.',
  ];
}

/**
 * `generate --from-database`: adopts an existing database (a monolith's tables moving to a service). Reads
 * its schema, writes the service's src/schema.ts and a baseline migration (CREATE statements of the whole
 * schema, drops as its down, the snapshot of the written schema), and says how to stamp it. Refuses, writing
 * nothing, when the service already has migrations or a schema of its own, or the database is managed or empty.
 */
export async function runAdopt(ctx: CommandContext): Promise<CommandResult> {
  const { service } = ctx;
  const name = flagString(ctx.args, 'name') ?? 'baseline';
  if (slugify(name) === '') throw new UsageError(`--name "${name}" gives an empty migration name: use letters or digits.`);
  assertNothingToOverwrite(service, await createFolderSource(service.migrationsDir, { root: ctx.root }).list());
  const { schema, filteredOut } = await readDatabase(ctx);
  const baseline = await writeBaseline(ctx, schema, name);
  const files = [service.schemaPath, ...['up.sql', 'down.sql', 'snapshot.json'].map((file) => join(baseline.dir, file))].map((file) => relative(ctx.root, file));
  ctx.print(`${service.service}: adopted database \`${service.database}\`: ${schema.tables.length} tables. Wrote:`);
  for (const file of files) ctx.print(`  ${file}`);
  if (filteredOut.length > 0) ctx.print(`note: left out by tablesFilter: ${filteredOut.join(', ')}`);
  for (const warning of baseline.warnings) ctx.print(`warning: ${warning}`);
  for (const difference of baseline.uncaptured) ctx.print(`warning: not reproduced by the baseline: ${difference.message}`);
  ctx.print('Next:');
  const next = nextSteps(ctx, baseline.id);
  next.forEach((step, i) => ctx.print(`  ${i + 1}. ${step}`));
  return {
    exitCode: ExitCode.ok,
    document: {
      database: service.database, migration: baseline.id, tables: schema.tables.length, filteredOut, files,
      warnings: baseline.warnings, uncaptured: baseline.uncaptured, next,
    },
  };
}
