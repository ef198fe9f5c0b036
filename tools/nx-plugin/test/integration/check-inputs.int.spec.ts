import { appendFileSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyWorkspace } from '../support/nx-workspace.js';

// check is cached. Its inputs come from migrate.config.json: with the schema and the migrations moved out of src/
// and migrations/, an edit there must re-run check, and an edit anywhere else must not.
const ws = copyWorkspace(['first']);
const service = join(ws.root, 'services', 'first');
let migrationId = '';

beforeAll(() => {
  mkdirSync(join(service, 'db'));
  mkdirSync(join(service, 'sql'));
  renameSync(join(service, 'migrations'), join(service, 'sql', 'migrations'));
  rmSync(join(service, 'src'), { recursive: true });
  migrationId = readdirSync(join(service, 'sql', 'migrations'))[0]!;
  // The same table as before, its column now made by a helper the schema imports from outside its folder.
  ws.write('services/first/db/schema.ts', [
    "import { int, mysqlTable } from 'drizzle-orm/mysql-core';",
    "import { nameColumn } from '../lib/columns.ts';",
    '',
    "export const test = mysqlTable('test', {",
    "  id: int('id').autoincrement().primaryKey(),",
    '  name: nameColumn(),',
    '});',
    '',
  ].join('\n'));
  ws.write('services/first/lib/columns.ts', "import { text } from 'drizzle-orm/mysql-core';\n\nexport const nameColumn = () => text('name');\n");
  ws.write('services/first/src/notes.ts', '// not part of the schema\n');
  writeFileSync(join(service, 'migrate.config.json'), `${JSON.stringify({ database: 'first', schema: 'db/schema.ts', migrations: 'sql/migrations' }, null, 2)}\n`);
});
afterAll(() => ws.cleanup());

/** Runs `nx run first:check`; whether Nx took the result from its cache instead of running the command. */
async function check(): Promise<{ cached: boolean; output: string }> {
  const result = await ws.nx(['run', 'first:check']);
  const output = result.stdout + result.stderr;
  expect(result.code, output).toBe(0);
  expect(output).toContain('first: check ok: 1 migration, schema in sync');
  return { cached: /Nx read the output from the cache instead of running the command for 1 out of 1 tasks/.test(output), output };
}

describe("check's cache follows the folders migrate.config.json names", () => {
  it('lists the moved folders and the imported helper as inputs', async () => {
    const shown = await ws.nx(['show', 'project', 'first', '--json']);
    expect(shown.code, shown.stderr).toBe(0);
    expect(JSON.parse(shown.stdout).targets.check.inputs.slice(0, 5)).toEqual([
      '{projectRoot}/migrate.config.json', '{projectRoot}/db/**/*', '{projectRoot}/lib/columns.ts', '{projectRoot}/sql/migrations/**/*', '{projectRoot}/package.json',
    ]);
  });

  it('runs check once, then answers from the cache', async () => {
    expect((await check()).cached).toBe(false);
    expect((await check()).cached).toBe(true);
  });

  it('an edit outside the schema, its imports and the migrations is a cache hit', async () => {
    appendFileSync(join(service, 'src', 'notes.ts'), '// edited\n');
    ws.write('services/first/README.md', '# first\n');
    ws.write('services/first/lib/unused.ts', 'export const unused = 1;\n');
    expect((await check()).cached).toBe(true);
  });

  it('an edit inside the moved schema folder runs check again', async () => {
    appendFileSync(join(service, 'db', 'schema.ts'), '// a comment\n');
    expect((await check()).cached).toBe(false);
    expect((await check()).cached).toBe(true);
  });

  it('an edit to a file the schema imports runs check again', async () => {
    appendFileSync(join(service, 'lib', 'columns.ts'), '// a comment\n');
    expect((await check()).cached).toBe(false);
  });

  it("the seed file of check's shadow proof is an input: editing it runs check again, with the rows loaded", async () => {
    ws.write('services/first/seeds/rows.sql', "INSERT INTO test (name) VALUES ('ada');\n");
    writeFileSync(join(service, 'migrate.config.json'), `${JSON.stringify({ database: 'first', schema: 'db/schema.ts', migrations: 'sql/migrations', seed: [{ file: 'seeds/rows.sql', after: migrationId }] }, null, 2)}\n`);
    const seeded = await check();
    expect(seeded.cached).toBe(false);
    expect(seeded.output).toContain('with 1 seed file');
    expect((await check()).cached).toBe(true);
    appendFileSync(join(service, 'seeds', 'rows.sql'), "INSERT INTO test (name) VALUES ('grace');\n");
    expect((await check()).cached).toBe(false);
    expect((await check()).cached).toBe(true);
  });

  it("an edit to the engine's source runs check again", async () => {
    ws.write('packages/migrate-core/src/new-module.ts', 'export const x = 1;\n');
    expect((await check()).cached).toBe(false);
  });

  it('an edit inside the moved migrations folder runs check again', async () => {
    appendFileSync(join(service, 'sql', 'migrations', migrationId, 'down.sql'), '\n');
    expect((await check()).cached).toBe(false);
    expect((await check()).cached).toBe(true);
  });
});
