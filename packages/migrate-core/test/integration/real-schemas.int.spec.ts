import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { splitStatements } from '../../src/statements.js';
import { ROOT, runCli, runNode } from '../../../../test/support/cli.js';
import { connect, createTestDatabase, databaseUrl, serverUrl, type TestDatabase } from '../../../../test/support/db.js';
import { makeWorkspace } from '../../../../test/support/workspace.js';
import { fingerprint } from './fingerprint.js';

// Real public schemas (see fixtures/*/README.md): each is loaded into a fresh database, adopted as a service,
// stamped, and compared with drift; then its baseline is migrated onto an empty database, whose catalog must be
// the same, rolled back to nothing and migrated again.
const FIXTURES = [
  { name: 'sakila', database: 'sakila', files: ['sakila/sakila-schema.sql'], tables: 16, views: 7, triggers: 3, routines: 6 },
  { name: 'employees', database: 'employees', files: ['employees/employees_partitioned.sql', 'employees/objects.sql'], tables: 6, views: 4, triggers: 0, routines: 7 },
  { name: 'friendica', database: 'friendica', files: ['friendica/database.sql'], tables: 91, views: 27, triggers: 0, routines: 0 },
] as const;

/** Statements of a fixture that name a database or need the mysql client: not run. */
const CLIENT_ONLY = /^(USE|CREATE (SCHEMA|DATABASE)|DROP (SCHEMA|DATABASE)|source|flush)\b/i;

/**
 * Runs the fixture's files on one connection (they set session variables), as the mysql client would, with the
 * names they qualify with their own database (`sakila.film`) pointed at the test database.
 */
async function load(db: TestDatabase, fixture: (typeof FIXTURES)[number]): Promise<void> {
  const connection = await connect(db.url);
  const own = new RegExp(`\\b${fixture.database}\\.(?=\\w)`, 'g');
  try {
    for (const file of fixture.files) {
      for (const statement of splitStatements(readFileSync(join(import.meta.dirname, 'fixtures', file), 'utf8'))) {
        if (!CLIENT_ONLY.test(statement.sql)) await connection.query(statement.sql.replace(own, `\`${db.name}\`.`));
      }
    }
  } finally {
    await connection.end();
  }
}

const cleanups: Array<() => unknown> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

const catalogOf = (db: TestDatabase) => fingerprint((sql, values) => db.query(sql, values), db.name);

describe.each(FIXTURES)('adopting the real schema $name', (fixture) => {
  it('adopts it, stamps it, finds it in sync, and rebuilds an identical database from the baseline, down and up again', async () => {
    const source = await createTestDatabase(`real_${fixture.name}`);
    const rebuilt = await createTestDatabase(`real_${fixture.name}_rb`, { create: false });
    const ws = makeWorkspace({ svc: { database: source.name } });
    cleanups.push(() => source.drop(), () => rebuilt.drop(), () => ws.cleanup());
    await load(source, fixture);
    const original = await catalogOf(source);
    const env = { DATABASE_URL: serverUrl() };
    const cli = (argv: readonly string[], extra: Record<string, string> = {}) => runCli(argv, { cwd: ws.root, env: { ...env, ...extra } });

    const adopted = await cli(['generate', '--service', 'svc', '--from-database', '--name', 'baseline', '--json']);
    expect(adopted.code, adopted.stderr).toBe(0);
    const report = JSON.parse(adopted.stdout);
    expect(report).toMatchObject({ tables: fixture.tables, uncaptured: [], warnings: [] });
    // Only what no schema file can hold is left out: who created the objects, under which sql_mode.
    expect(report.notAdopted, JSON.stringify(report.notAdopted)).toBeDefined();
    expect(report.notAdopted.map((item: { kind: string }) => item.kind)).toEqual(fixture.views + fixture.triggers + fixture.routines > 0 ? ['definer and sql_mode of'] : []);
    const objects = join(ws.serviceDir('svc'), 'src', 'objects');
    const count = (folder: string) => readdirSync(join(objects, folder), { withFileTypes: true }).length;
    expect(fixture.triggers === 0 || count('triggers') === fixture.triggers).toBe(true);
    expect(fixture.routines === 0 || count('procedures') + count('functions') === fixture.routines).toBe(true);
    expect(readFileSync(join(ws.serviceDir('svc'), 'src', 'schema.ts'), 'utf8').match(/= mysqlView\(/g)?.length ?? 0).toBe(fixture.views);

    const typed = await runNode([join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '--strict', '--target', 'es2022', '--module', 'nodenext',
      '--moduleResolution', 'nodenext', '--types', 'node', '--skipLibCheck', '--noUncheckedIndexedAccess', join(ws.serviceDir('svc'), 'src', 'schema.ts')], { cwd: ws.root });
    expect(typed.code, typed.stdout).toBe(0);
    const checked = await cli(['check', '--service', 'svc']);
    expect(checked.code, checked.stdout + checked.stderr).toBe(0);

    expect((await cli(['stamp', '--service', 'svc', report.migration])).code).toBe(0);
    const drift = await cli(['drift', '--service', 'svc']);
    expect(drift.code, drift.stdout + drift.stderr).toBe(0);
    expect(drift.stdout).toContain(`is in sync with its migrations (compared with ${report.migration})`);

    const onRebuilt = { SVC_DATABASE_URL: databaseUrl(rebuilt.name) };
    const migrated = await cli(['migrate', '--service', 'svc', '--create-database'], onRebuilt);
    expect(migrated.code, migrated.stderr + migrated.stdout).toBe(0);
    expect(await catalogOf(rebuilt)).toEqual(original);
    expect((await cli(['drift', '--service', 'svc'], onRebuilt)).code).toBe(0);

    const rolledBack = await cli(['rollback', '--service', 'svc', '--to', 'base'], onRebuilt);
    expect(rolledBack.code, rolledBack.stderr + rolledBack.stdout).toBe(0);
    expect(Object.values(await catalogOf(rebuilt)).flat()).toEqual([]);
    expect((await cli(['migrate', '--service', 'svc'], onRebuilt)).code).toBe(0);
    expect(await catalogOf(rebuilt)).toEqual(original);
  }, 300_000);
});
