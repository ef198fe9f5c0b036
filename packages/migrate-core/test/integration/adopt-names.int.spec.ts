// Adoption of databases whose names the generated SQL must quote, and the commands it tells the user to run
// next, as the CLI was run: `npx migrate-core ...` outside Nx, `nx run <service>:<target>` inside its task.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Env } from '../../src/config/load.js';
import { createTestDatabase, serverUrl, type TestDatabase } from '../../../../test/support/db.js';
import { makeWorkspace, type TempWorkspace } from '../../../../test/support/workspace.js';
import { runMain } from './support.js';

const cleanups: Array<() => unknown> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** The CLI in this process (the sources, not the built bundle). */
const run = (ws: TempWorkspace, args: readonly string[], env: Env = {}) => runMain(ws.root, args, { DATABASE_URL: serverUrl(), ...env });

const adopt = (ws: TempWorkspace, service: string, env?: Env) => run(ws, ['generate', '--service', service, '--from-database', '--name', 'baseline'], env);

/** Every file under `dir`, relative to it, sorted. */
function tree(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((path) => statSync(join(dir, path)).isFile()).sort();
}

async function database(prefix: string, statements: readonly string[]): Promise<TestDatabase> {
  const db = await createTestDatabase(prefix);
  cleanups.push(() => db.drop());
  for (const statement of statements) await db.query(statement);
  return db;
}

function workspace(service: string, db: TestDatabase): TempWorkspace {
  const ws = makeWorkspace({ [service]: { database: db.name } });
  cleanups.push(() => ws.cleanup());
  return ws;
}

/** The one migration adopt wrote. */
function baselineId(ws: TempWorkspace, service: string): string {
  const ids = readdirSync(join(ws.serviceDir(service), 'migrations'));
  expect(ids).toHaveLength(1);
  return ids[0]!;
}

describe('generate --from-database and names with a backtick', () => {
  it('refuses a column named with a backtick, naming table and column, and writes nothing; a rerun is a first run', async () => {
    const db = await database('adopt_bt', ['CREATE TABLE t (id int PRIMARY KEY, `a``b` int)']);
    const ws = workspace('bt', db);
    const before = tree(ws.serviceDir('bt'));

    const first = await adopt(ws, 'bt');
    expect(first.code).toBe(2);
    expect(first.stderr).toContain(`bt: error: Database \`${db.name}\` has a name with a backtick (\`): column \`a\`\`b\` of table \`t\`.`);
    expect(first.stderr).toContain('Nothing was written.');
    expect(first.stderr).toContain('ALTER TABLE `t` RENAME COLUMN `a``b` TO `a_b`;');
    expect(tree(ws.serviceDir('bt'))).toEqual(before);

    const again = await adopt(ws, 'bt');
    expect(again).toEqual(first);
    expect(tree(ws.serviceDir('bt'))).toEqual(before);

    // Renamed as the error says, the database is adopted on the next run.
    await db.query('ALTER TABLE t RENAME COLUMN `a``b` TO a_b');
    const adopted = await adopt(ws, 'bt');
    expect(adopted.code, adopted.stderr).toBe(0);
    const id = baselineId(ws, 'bt');
    expect(readFileSync(join(ws.serviceDir('bt'), 'migrations', id, 'up.sql'), 'utf8')).toContain('`a_b` int');
  });

  it('lists every table, column, index and check named with a backtick, and writes nothing', async () => {
    const db = await database('adopt_bt_all', [
      'CREATE TABLE `x``y` (id int PRIMARY KEY)',
      'CREATE TABLE t (id int PRIMARY KEY, `a``b` int, c int, KEY `i``x` (c), CONSTRAINT `c``k` CHECK (c > 0))',
    ]);
    const ws = workspace('bt', db);
    const before = tree(ws.serviceDir('bt'));
    const refused = await adopt(ws, 'bt');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('column `a``b` of table `t`, index `i``x` of table `t`, check `c``k` of table `t`, table `x``y`.');
    expect(refused.stderr).toContain('RENAME TABLE `x``y` TO `x_y`;');
    expect(refused.stderr).toContain('a foreign key or check: drop it and add it again under another name');
    expect(tree(ws.serviceDir('bt'))).toEqual(before);
  });

  it('refuses triggers whose files would be one file, and writes nothing', async () => {
    const db = await database('adopt_same_file', [
      'CREATE TABLE t (id int PRIMARY KEY)',
      'CREATE TRIGGER `a b` BEFORE INSERT ON t FOR EACH ROW SET @x = 1',
      'CREATE TRIGGER a_b AFTER INSERT ON t FOR EACH ROW SET @y = 1',
    ]);
    const ws = workspace('bt', db);
    const before = tree(ws.serviceDir('bt'));
    const refused = await adopt(ws, 'bt');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('`a b` and `a_b` (triggers/a_b.sql). Nothing was written.');
    expect(tree(ws.serviceDir('bt'))).toEqual(before);
  });

  it('adopts names with a backslash, quotes, ${ and letters beyond ASCII: the baseline runs and drift is in sync', async () => {
    const db = await database('adopt_odd', ["CREATE TABLE `tête` (id int PRIMARY KEY, `a\\b` int, `c'd` int, `e\"f` int, `g${h}` int, `日本` int, KEY `ïdx` (`日本`))"]);
    const ws = workspace('odd', db);
    const adopted = await adopt(ws, 'odd');
    expect(adopted.code, adopted.stderr).toBe(0);
    const id = baselineId(ws, 'odd');

    const replay = await createTestDatabase('adopt_odd_replay', { create: false });
    cleanups.push(() => replay.drop());
    const target = makeWorkspace({ odd: { database: replay.name } });
    cleanups.push(() => target.cleanup());
    const folder = join(ws.serviceDir('odd'), 'migrations', id);
    target.writeMigration('odd', id, { up: readFileSync(join(folder, 'up.sql'), 'utf8'), down: readFileSync(join(folder, 'down.sql'), 'utf8') });
    const migrated = await run(target, ['migrate', '--service', 'odd', '--create-database']);
    expect(migrated.code, migrated.stdout + migrated.stderr).toBe(0);
    const columns = await replay.query(`SELECT column_name AS name FROM information_schema.columns WHERE table_schema = '${replay.name}' AND table_name = 'tête' ORDER BY ordinal_position`) as Array<{ name: string }>;
    expect(columns.map((column) => column.name)).toEqual(['id', 'a\\b', "c'd", 'e"f', 'g${h}', '日本']);

    expect((await run(ws, ['stamp', '--service', 'odd', id])).code).toBe(0);
    const drift = await run(ws, ['drift', '--service', 'odd']);
    expect(drift.code, drift.stdout + drift.stderr).toBe(0);
    expect(drift.stdout).toContain('is in sync');
  });
});

describe('generate --from-database: what to run next', () => {
  const TABLE = 'CREATE TABLE t (id int PRIMARY KEY, name varchar(20))';

  it('names the commands as npx migrate-core when run without Nx', async () => {
    const db = await database('adopt_next', [TABLE]);
    const ws = workspace('legacy', db);
    const adopted = await adopt(ws, 'legacy');
    expect(adopted.code, adopted.stderr).toBe(0);
    const id = baselineId(ws, 'legacy');
    expect(adopted.stdout).toContain(`  2. Record the baseline as applied on this database, without running it: \`npx migrate-core stamp --service legacy ${id}\``);
    expect(adopted.stdout).toContain('  3. Check that the database matches it: `npx migrate-core drift --service legacy` (expect "in sync").');
    expect(adopted.stdout).toContain('`npx migrate-core generate --service legacy --name "..."`, `npx migrate-core migrate --service legacy`.');
    expect(adopted.stdout).not.toContain('nx run');
    // The file is read later, with Nx or without: it gives both forms.
    const up = readFileSync(join(ws.serviceDir('legacy'), 'migrations', id, 'up.sql'), 'utf8');
    expect(up).toContain(`record it with \`npx migrate-core stamp --service legacy ${id}\` (in Nx: \`nx run legacy:stamp ${id}\`).`);
  });

  it('names them as Nx targets inside the service\'s Nx task', async () => {
    const db = await database('adopt_next_nx', [TABLE]);
    const ws = workspace('legacy', db);
    const adopted = await adopt(ws, 'legacy', { NX_TASK_TARGET_PROJECT: 'legacy' });
    expect(adopted.code, adopted.stderr).toBe(0);
    const id = baselineId(ws, 'legacy');
    expect(adopted.stdout).toContain(`without running it: \`nx run legacy:stamp ${id}\``);
    expect(adopted.stdout).toContain('`nx run legacy:drift` (expect "in sync")');
    expect(adopted.stdout).not.toContain('npx migrate-core');
  });

  it('gives the commands of a refusal the same way', async () => {
    const db = await createTestDatabase('adopt_next_empty');
    cleanups.push(() => db.drop());
    const ws = workspace('legacy', db);
    const refused = await adopt(ws, 'legacy');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('then run `npx migrate-core generate --service legacy --name "..."`.');
  });
});
