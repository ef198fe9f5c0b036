import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { textChecksumV2 } from '../../src/sql/checksum.js';
import { runCli } from '../../../../test/support/cli.js';
import { makeWorkspace, type TempWorkspace } from '../../../../test/support/workspace.js';

const TEST_TABLE = `import { int, mysqlTable, text } from 'drizzle-orm/mysql-core';

export const test = mysqlTable('test', {
  id: int('id').autoincrement().primaryKey(),
  name: text('name'),
});
`;
const ID = /^\d{14}_[a-z0-9_]+$/;

const workspaces: TempWorkspace[] = [];
afterAll(() => {
  for (const ws of workspaces) ws.cleanup();
});

function workspace(schema: string | null = TEST_TABLE): { ws: TempWorkspace; gen: (...args: string[]) => ReturnType<typeof runCli>; ids: () => string[] } {
  const ws = makeWorkspace({ first: schema === null ? { database: 'first' } : { database: 'first', schema } });
  workspaces.push(ws);
  const dir = join(ws.serviceDir('first'), 'migrations');
  return { ws, gen: (...args) => runCli(['generate', '--service', 'first', ...args], { cwd: ws.root }), ids: () => readdirSync(dir).sort() };
}

describe('generate', () => {
  it('writes up, down and snapshot named from --name, prints paths and statements; no change writes nothing', async () => {
    const { ws, gen, ids } = workspace();
    const first = await gen('--name', 'First test created');
    expect(first.code, first.stderr).toBe(0);
    const [id] = ids();
    expect(id).toMatch(/^\d{14}_first_test_created$/);
    const dir = join(ws.serviceDir('first'), 'migrations', id!);
    expect(first.stdout).toContain(`first: wrote services/first/migrations/${id}/`);
    expect(first.stdout).toContain(`services/first/migrations/${id}/up.sql`);
    expect(first.stdout).toContain('CREATE TABLE `test` (');
    expect(first.stdout).toMatch(/DATA LOSS: drops table `test`[^\n]*\n\s+DROP TABLE `test`;/);
    const up = readFileSync(join(dir, 'up.sql'), 'utf8');
    const down = readFileSync(join(dir, 'down.sql'), 'utf8');
    expect(up).toContain('`id` int AUTO_INCREMENT NOT NULL');
    expect(down).toContain('-- DATA LOSS: drops table `test` and every row in it.\nDROP TABLE `test`;');
    const snapshot = JSON.parse(readFileSync(join(dir, 'snapshot.json'), 'utf8'));
    expect(snapshot).toMatchObject({ version: '5', dialect: 'mysql', id, prevId: 'base', migrateCore: { up: textChecksumV2(up), down: textChecksumV2(down) } });
    expect(Object.keys(snapshot.tables)).toEqual(['test']);

    const again = await gen('--name', 'Nothing');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('no schema changes: nothing written');
    expect(ids()).toEqual([id]);

    ws.write('services/first/src/schema.ts', TEST_TABLE.replace("name: text('name'),", "name: text('name'),\n  email: text('email'),"));
    const unnamed = await gen('--json');
    expect(unnamed.code).toBe(0);
    const document = JSON.parse(unnamed.stdout);
    expect(document).toMatchObject({ service: 'first', command: 'generate', outcome: 'written', up: ['ALTER TABLE `test` ADD `email` text AFTER `name`'], down: ['ALTER TABLE `test` DROP COLUMN `email`'] });
    expect(document.id).toMatch(/^\d{14}_schema_update$/);
    expect(document.dataLoss.down[0]).toMatchObject({ kind: 'drop-column', table: 'test', column: 'email' });
    expect(JSON.parse(readFileSync(join(ws.root, document.dir, 'snapshot.json'), 'utf8')).prevId).toBe(id);
  });

  it('never prompts on a possible rename: exit 2 naming the candidates and the flags, nothing written; then --rename or --no-renames', async () => {
    const { ws, gen, ids } = workspace();
    expect((await gen('--name', 'init')).code).toBe(0);
    ws.write('services/first/src/schema.ts', TEST_TABLE.replace("name: text('name')", "fullName: text('full_name')"));
    const ambiguous = await gen('--name', 'rename name');
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toContain('table `test`: columns removed: name; added: full_name');
    expect(ambiguous.stderr).toContain('npx migrate-core generate --service first --name "rename name" --rename test.name=test.full_name');
    expect(ambiguous.stderr).toContain('--no-renames');
    expect(ids()).toHaveLength(1);

    const unknown = await gen('--rename', 'test.nme=test.full_name');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('table `test` had no column `nme`');
    expect(unknown.stderr).toContain('Its columns: id, name');

    const renamed = await gen('--name', 'rename name', '--rename', 'test.name=test.full_name');
    expect(renamed.code, renamed.stderr).toBe(0);
    expect(renamed.stdout).toContain('ALTER TABLE `test` RENAME COLUMN `name` TO `full_name`;');
    expect(renamed.stdout).toContain('ALTER TABLE `test` RENAME COLUMN `full_name` TO `name`;');

    ws.write('services/first/src/schema.ts', TEST_TABLE.replace("name: text('name')", "title: text('title')"));
    const dropped = await gen('--name', 'replace', '--no-renames');
    expect(dropped.code).toBe(0);
    expect(dropped.stdout).toContain('ALTER TABLE `test` DROP COLUMN `full_name`;');
    expect(dropped.stdout).toContain('ALTER TABLE `test` ADD `title` text AFTER `id`;');
    expect(dropped.stderr).toContain('WARNING: up.sql destroys data and is not acknowledged');
    expect(dropped.stderr).toContain('-- migrate-core: allow-data-loss');
    // The other way out, as printed: remove it and generate it again, acknowledged.
    const again = /`rm -r (\S+) && npx migrate-core generate --service first ([^`]+)`/.exec(dropped.stderr);
    expect(again?.[2]).toBe('--name replace --no-renames --allow-data-loss');
    rmSync(join(ws.root, again![1]!), { recursive: true });
    const acknowledged = await gen(...again![2]!.split(' '));
    expect(acknowledged.code, acknowledged.stderr).toBe(0);
    expect(acknowledged.stderr).not.toContain('WARNING');
    expect(acknowledged.stdout).toContain('-- DATA LOSS (acknowledged)');
  });

  it('explains a missing schema, a schema that fails to import, one without tables, and a corrupt snapshot, writing nothing', async () => {
    const { ws, gen, ids } = workspace(null);
    const missing = await gen();
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('first: error: The schema file services/first/src/schema.ts does not exist.');

    ws.write('services/first/src/schema.ts', "import { int, mysqlTable } from 'drizzle-orm/mysql-core';\nexport const t = mysqlTable('t', { id: int('id') )};\n");
    const broken = await gen();
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/Cannot load services\/first\/src\/schema.ts: .*schema\.ts:2:\d+: ERROR: Expected "}" but found "\)"/s);

    ws.write('services/first/src/schema.ts', "throw new Error('no connection string');\n");
    const throwing = await gen();
    expect(throwing.stderr).toContain('Cannot load services/first/src/schema.ts: no connection string\n    at services/first/src/schema.ts:1:');

    ws.write('services/first/src/schema.ts', 'export const answer = 42;\n');
    const empty = await gen();
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('services/first/src/schema.ts exports no tables.');
    expect(ids()).toEqual([]);

    ws.write('services/first/src/schema.ts', TEST_TABLE);
    expect((await gen('--name', 'init')).code).toBe(0);
    const [id] = ids();
    writeFileSync(join(ws.serviceDir('first'), 'migrations', id!, 'snapshot.json'), '{ "tables": ');
    const corrupt = await gen('--name', 'more');
    expect(corrupt.code).toBe(2);
    expect(corrupt.stderr).toContain(`services/first/migrations/${id}: snapshot.json is corrupt (not valid JSON`);
    expect(corrupt.stderr).toContain('git checkout --');
    expect(ids()).toEqual([id]);
  });

  it('--custom writes an empty migration whose snapshot is the previous one; --accept-edits re-signs a hand edit', async () => {
    const { ws, gen, ids } = workspace();
    expect((await gen('--name', 'init')).code).toBe(0);
    const custom = await gen('--custom', '--name', 'Backfill names');
    expect(custom.code).toBe(0);
    expect(custom.stdout).toContain('custom migration: write up.sql and down.sql by hand');
    const [init, backfill] = ids();
    expect(backfill).toMatch(/_backfill_names$/);
    const read = (id: string, file: string) => readFileSync(join(ws.serviceDir('first'), 'migrations', id, file), 'utf8');
    expect(read(backfill!, 'up.sql')).toContain('Custom migration: write its statements below');
    const [before, after] = [JSON.parse(read(init!, 'snapshot.json')), JSON.parse(read(backfill!, 'snapshot.json'))];
    expect(after.tables).toEqual(before.tables);
    expect(after).toMatchObject({ id: backfill, prevId: init, migrateCore: { custom: true } });
    expect((await gen('--custom', '--rename', 'a=b')).code).toBe(2);

    writeFileSync(join(ws.serviceDir('first'), 'migrations', init!, 'down.sql'), 'DROP TABLE IF EXISTS `test`;\n');
    const accepted = await gen('--accept-edits', init!);
    expect(accepted.code).toBe(0);
    expect(accepted.stdout).toContain(`accepted the edits to down.sql of ${init}`);
    expect(JSON.parse(read(init!, 'snapshot.json')).migrateCore.down).toBe(textChecksumV2('DROP TABLE IF EXISTS `test`;\n'));
    expect((await gen('--accept-edits', '20990101000000_nope')).stderr).toContain('first has no migration 20990101000000_nope');
  });
});
