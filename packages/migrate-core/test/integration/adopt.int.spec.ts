import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runAdopt } from '../../src/cli/commands/adopt.js';
import { parseCommandLine } from '../../src/cli/args.js';
import type { ContextOf } from '../../src/cli/command.js';
import { PLAIN } from '../../src/cli/style.js';
import { loadService } from '../../src/config/load.js';
import { diffSchemas } from '../../src/schema/canonical/compare.js';
import { MigrateError } from '../../src/errors.js';
import type { MigrationSnapshot } from '../../src/repository/snapshot.js';
import { introspectDatabase } from '../../src/introspect/introspect.js';
import { ROOT, runNode } from '../../../../test/support/cli.js';
import { createTestDatabase, serverUrl, type TestDatabase } from '../../../../test/support/db.js';
import { makeWorkspace, type TempWorkspace } from '../../../../test/support/workspace.js';
import { LEGACY_TABLES, scaffoldSchema } from './adopt.fixture.js';
import { cli, generate, kit, snapshotOfSchemaFile } from './drift-support.js';
import { sessionFor } from './support.js';

const SCAFFOLD_SCHEMA = await scaffoldSchema();
const env = () => ({ DATABASE_URL: serverUrl() });

const cleanups: Array<() => unknown> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** What main() would hand to `generate --from-database`, with output collected. */
async function context(ws: TempWorkspace, service: string, argv: readonly string[] = []): Promise<{ ctx: ContextOf<'generate'>; out: string[] }> {
  const out: string[] = [];
  const line = parseCommandLine(['generate', '--service', service, '--from-database', ...argv]);
  if (line.kind !== 'run' || line.command !== 'generate') throw new Error(`not a generate command line: ${JSON.stringify(line)}`);
  const ctx: ContextOf<'generate'> = {
    options: line.options, style: PLAIN, root: ws.root, env: env(), io: { stdout: process.stdout, stderr: process.stderr }, service: await loadService(ws.root, service),
    appliedBy: 'test', signal: new AbortController().signal, print: (line) => out.push(line), warn: (line) => out.push(line),
  };
  return { ctx, out };
}

async function legacyDatabase(prefix: string): Promise<TestDatabase> {
  const db = await createTestDatabase(prefix);
  cleanups.push(() => db.drop());
  for (const statement of LEGACY_TABLES) await db.query(statement);
  return db;
}

async function canonical(database: string) {
  const session = await sessionFor(database);
  try {
    return (await introspectDatabase(session, { exclude: ['_migrate_core_ledger'] })).schema;
  } finally {
    await session.close();
  }
}

describe('generate --from-database (adopting an existing database)', () => {
  it('writes a schema and a baseline that reproduce the database; stamp, drift and the next migration work', async () => {
    const legacy = await legacyDatabase('adopt_legacy');
    const replay = await createTestDatabase('adopt_replay', { create: false });
    cleanups.push(() => replay.drop());
    const ws = makeWorkspace({ shop: { database: legacy.name, schema: SCAFFOLD_SCHEMA }, replay: { database: replay.name } });
    cleanups.push(() => ws.cleanup());

    const { ctx, out } = await context(ws, 'shop', ['--name', 'baseline']);
    expect(readFileSync(join(ws.serviceDir('shop'), 'src', 'schema.ts'), 'utf8')).toBe(SCAFFOLD_SCHEMA);
    const result = await runAdopt(ctx);
    expect(result.exitCode).toBe(0);
    const id = String(result.document.migration);
    expect(id).toMatch(/^\d{14}_baseline$/);
    expect(result.document).toMatchObject({ tables: 13, warnings: [], uncaptured: [] });
    expect(out).toContain(`  2. Record the baseline as applied on this database, without running it: \`migrate-core stamp ${id}\``);
    const schemaPath = join(ws.serviceDir('shop'), 'src', 'schema.ts');
    const folder = join(ws.serviceDir('shop'), 'migrations', id);
    expect(readdirSync(folder).sort()).toEqual(['down.sql', 'snapshot.json', 'up.sql']);
    expect(readFileSync(schemaPath, 'utf8')).not.toMatch(/serial\('/);

    // The schema loads, and its snapshot is the baseline's: the next generate has nothing to do, check passes.
    const baseline = JSON.parse(readFileSync(join(folder, 'snapshot.json'), 'utf8')) as MigrationSnapshot;
    expect(baseline).toMatchObject({ id, prevId: 'base', migrateCore: { up: expect.stringMatching(/^sha256v2:/) } });
    const { migrateCore: _checksums, ...kitBaseline } = baseline;
    expect(await kit.generateMySQLMigration(kitBaseline, await snapshotOfSchemaFile(schemaPath))).toEqual([]);
    const noop = await cli(ws, ['generate', '--service', 'shop', '--name', 'nothing']);
    expect(noop.stdout).toContain('no schema changes: nothing written');
    const checked = await cli(ws, ['check', '--service', 'shop']);
    expect(checked.code, checked.stdout + checked.stderr).toBe(0);
    const typed = await typecheck(ws.root, schemaPath);
    expect(typed.code, typed.stdout).toBe(0);

    // up.sql on an empty database builds the same schema; down.sql drops it all again.
    ws.writeMigration('replay', id, { up: readFileSync(join(folder, 'up.sql'), 'utf8'), down: readFileSync(join(folder, 'down.sql'), 'utf8') });
    const migrated = await cli(ws, ['migrate', '--service', 'replay', '--create-database']);
    expect(migrated.code, migrated.stderr).toBe(0);
    expect(diffSchemas(await canonical(legacy.name), await canonical(replay.name))).toEqual([]);
    expect((await cli(ws, ['rollback', '--service', 'replay', '--to', 'base'])).code).toBe(0);
    expect(await replay.tables()).toEqual(['_migrate_core_ledger']);

    // Stamp on the original database, then drift: in sync.
    const stamped = await cli(ws, ['stamp', '--service', 'shop', id]);
    expect(stamped.code, stamped.stderr).toBe(0);
    const drift = await cli(ws, ['drift', '--service', 'shop']);
    expect(drift.code, drift.stdout).toBe(0);
    expect(drift.stdout).toContain(`is in sync with its migrations (compared with ${id})`);

    // The next schema change generates and applies normally.
    const changed = readFileSync(schemaPath, 'utf8').replace("  notes: text('notes'),", "  notes: text('notes'),\n  loyaltyPoints: int('loyalty_points').notNull().default(0),");
    ws.write('services/shop/src/schema.ts', changed);
    const next = await generate(ws, 'shop', 'add loyalty points');
    expect(readFileSync(join(ws.serviceDir('shop'), 'migrations', next, 'up.sql'), 'utf8')).toContain('ALTER TABLE `customers` ADD `loyalty_points` int DEFAULT 0 NOT NULL AFTER `notes`;');
    const applied = await cli(ws, ['migrate', '--service', 'shop']);
    expect(applied.code, applied.stderr + applied.stdout).toBe(0);
    expect((await cli(ws, ['drift', '--service', 'shop'])).stdout).toContain(`in sync with its migrations (compared with ${next})`);
  });

  it('refuses, writing nothing, when the service has migrations or a schema of its own, or the database is empty or managed', async () => {
    const legacy = await legacyDatabase('adopt_refuse');
    const empty = await createTestDatabase('adopt_empty');
    cleanups.push(() => empty.drop());
    const managed = await createTestDatabase('adopt_managed');
    cleanups.push(() => managed.drop());
    const ws = makeWorkspace({
      'with-migrations': { database: legacy.name, migrations: { '20260101000000_init': { up: 'SELECT 1;', down: 'SELECT 1;' } } },
      'with-schema': { database: legacy.name, schema: "import { int, mysqlTable } from 'drizzle-orm/mysql-core';\nexport const users = mysqlTable('users', { id: int('id') });\n" },
      bare: { database: empty.name },
      stranger: { database: managed.name },
    });
    // The database's owner lives in another workspace: two services of one workspace on one database are refused.
    const owners = makeWorkspace({ owner: { database: managed.name, migrations: { '20260101000000_init': { up: 'CREATE TABLE t (id int);', down: 'DROP TABLE t;' } } } });
    cleanups.push(() => ws.cleanup(), () => owners.cleanup());
    const refusal = async (service: string, message: RegExp) => {
      const before = readdirSync(join(ws.serviceDir(service), 'migrations')).length;
      const error = await runAdopt((await context(ws, service)).ctx).then(() => null, (e: unknown) => e);
      expect(error).toBeInstanceOf(MigrateError);
      expect((error as MigrateError).code).toBe('USAGE');
      expect((error as MigrateError).message).toMatch(message);
      expect((error as MigrateError).message).toContain('Nothing was written.');
      expect(readdirSync(join(ws.serviceDir(service), 'migrations')).length).toBe(before);
    };
    await refusal('with-migrations', /services\/with-migrations\/migrations already has 1 migration \(newest 20260101000000_init\)/);
    await refusal('with-schema', /src\/schema.ts already declares tables/);
    await refusal('bare', new RegExp(`Database \`${empty.name}\` has no tables`));
    expect(existsSync(join(ws.serviceDir('bare'), 'src', 'schema.ts'))).toBe(false);
    expect((await cli(owners, ['migrate', '--service', 'owner'])).code).toBe(0);
    await refusal('stranger', /already records 1 migration in `_migrate_core_ledger` \(newest 20260101000000_init\), but the service has none/);
  });

  it('runs through the CLI, keeps to the tablesFilter, and refuses a second time', async () => {
    const legacy = await legacyDatabase('adopt_cli');
    const ws = makeWorkspace({ shop: { config: { database: legacy.name, tablesFilter: ['*', '!audit_*'] } } });
    cleanups.push(() => ws.cleanup());
    const result = await cli(ws, ['generate', '--service', 'shop', '--from-database', '--name', 'baseline', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const document = JSON.parse(result.stdout);
    expect(document).toMatchObject({ service: 'shop', tables: 12, filteredOut: ['audit_log'], migration: expect.stringMatching(/_baseline$/), uncaptured: [] });
    expect((await cli(ws, ['check', '--service', 'shop'])).code).toBe(0);
    expect((await cli(ws, ['stamp', '--service', 'shop', document.migration])).code).toBe(0);
    // audit_log is outside the service's tablesFilter: not its table, so not drift either.
    const drift = await cli(ws, ['drift', '--service', 'shop', '--json']);
    expect(drift.code, drift.stdout).toBe(0);
    expect(JSON.parse(drift.stdout)).toMatchObject({ inSync: true, differences: [], notes: expect.arrayContaining(['not compared, outside tablesFilter: audit_log']) });
    const again = await cli(ws, ['generate', '--service', 'shop', '--from-database']);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already has 1 migration');
    expect(again.stderr).toContain('Nothing was written.');
  });
});

/** Type-checks one file as the repository's tsconfig would (strict, NodeNext). */
function typecheck(cwd: string, file: string) {
  return runNode([join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '--strict', '--target', 'es2022', '--module', 'nodenext',
    '--moduleResolution', 'nodenext', '--types', 'node', '--skipLibCheck', '--noUncheckedIndexedAccess', file], { cwd });
}
