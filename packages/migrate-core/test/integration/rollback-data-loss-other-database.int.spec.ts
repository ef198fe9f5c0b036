// Rollback's data-loss guard on down statements that name another database (`other.t`): the rows and values are
// counted where the statement names them, so that a drop there is refused like a drop of the service's own tables.
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, serverUrl, sql, uniqueName, type TestDatabase } from '../../../../test/support/db.js';
import { makeWorkspace, type TempWorkspace } from '../../../../test/support/workspace.js';
import { runMain } from './support.js';

const A = '20260401000000_create_items';
const B = '20260402000000_touch_other';

const cleanups: Array<() => unknown> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** The CLI in this process (the sources, not the built bundle), never at a terminal: no one is asked. */
const run = (ws: TempWorkspace, args: readonly string[]) => runMain(ws.root, args, { DATABASE_URL: serverUrl() });

/** A database beside the service's, dropped when the file ends; `name` as written (it may hold capitals). */
async function otherDatabase(name: string, setup: string): Promise<void> {
  await sql(serverUrl(), `CREATE DATABASE \`${name}\`; USE \`${name}\`; ${setup}`);
  cleanups.push(() => sql(serverUrl(), `DROP DATABASE IF EXISTS \`${name}\``));
}

/** A service whose migration B has an up that changes nothing and the down `down`; both migrations applied. */
async function applied(prefix: string, down: string): Promise<{ ws: TempWorkspace; db: TestDatabase }> {
  const db = await createTestDatabase(prefix, { create: false });
  const ws = makeWorkspace({ shop: { database: db.name } });
  ws.writeMigration('shop', A, { up: 'CREATE TABLE items (id int PRIMARY KEY);', down: 'DROP TABLE items;' });
  ws.writeMigration('shop', B, { up: 'SELECT 1;', down });
  cleanups.push(() => ws.cleanup(), () => db.drop());
  const migrated = await run(ws, ['migrate', '--service', 'shop', '--create-database']);
  expect(migrated.code, migrated.stderr).toBe(0);
  return { ws, db };
}

describe('rollback counts what a down destroys in the database its statement names', () => {
  it('drop table, drop column, truncate and narrowing in another database: listed with their rows, refused, nothing changed', async () => {
    const other = await createTestDatabase('rb_other_data');
    cleanups.push(() => other.drop());
    await other.query([
      "CREATE TABLE precious (id int PRIMARY KEY); INSERT INTO precious VALUES (1), (2);",
      "CREATE TABLE t2 (id int PRIMARY KEY, d text, n int); INSERT INTO t2 VALUES (1, 'x', 100), (2, NULL, 1), (3, 'y', NULL);",
      'CREATE TABLE logs (id int); INSERT INTO logs VALUES (1), (2), (3), (4);',
      'CREATE TABLE `odd.name` (id int); INSERT INTO `odd.name` VALUES (7);',
    ].join('\n'));
    const down = [
      `DROP TABLE ${other.name}.precious;`,
      `ALTER TABLE \`${other.name}\`.\`t2\` DROP COLUMN d;`,
      `TRUNCATE ${other.name} . logs;`,
      `DROP TABLE \`${other.name}\`.\`odd.name\`;`,
      `ALTER TABLE ${other.name}.t2 MODIFY n tinyint;`,
      `DROP TABLE IF EXISTS ${uniqueName('rb_no_such_db')}.precious;`,
    ].join('\n');
    const { ws } = await applied('rb_other', down);
    const before = await other.fingerprint();

    const refused = await run(ws, ['rollback', '--service', 'shop']);
    expect(refused.code, refused.stderr).toBe(3);
    const file = `services/shop/migrations/${B}/down.sql`;
    expect(refused.stdout).toContain('[DATA_LOSS] Rolling back would destroy data');
    expect(refused.stdout).toContain(`${file}:1 (statement 1): drops table \`${other.name}\`.\`precious\` and every row in it (2 rows now)`);
    expect(refused.stdout).toContain(`${file}:2 (statement 2): drops column \`${other.name}\`.\`t2\`.\`d\` and its data (3 rows now, 2 with a value in it)`);
    expect(refused.stdout).toContain(`${file}:3 (statement 3): deletes every row of \`${other.name}\`.\`logs\` (4 rows now)`);
    expect(refused.stdout).toContain(`${file}:4 (statement 4): drops table \`${other.name}\`.\`odd.name\` and every row in it (1 row now)`);
    expect(refused.stdout).toContain(`${file}:5 (statement 5): narrows \`${other.name}\`.\`t2\`.\`n\` from int(11) to tinyint`);
    expect(refused.stdout).toMatch(/statement 6\): drops table `rb_no_such_db_[a-z0-9_]+`\.`precious` and every row in it \(already gone\)/);
    expect(await other.fingerprint()).toBe(before);

    const json = await run(ws, ['rollback', '--service', 'shop', '--json']);
    expect(json.code).toBe(3);
    expect(JSON.parse(json.stdout).dataLoss).toEqual([
      expect.objectContaining({ kind: 'drop-table', database: other.name, table: 'precious', rows: 2 }),
      expect.objectContaining({ kind: 'drop-column', database: other.name, table: 't2', column: 'd', rows: 3, values: 2 }),
      expect.objectContaining({ kind: 'truncate', database: other.name, table: 'logs', rows: 4 }),
      expect.objectContaining({ kind: 'drop-table', database: other.name, table: 'odd.name', rows: 1 }),
      expect.objectContaining({ kind: 'narrow-column', database: other.name, table: 't2', column: 'n', rows: 3, values: 2 }),
      expect.objectContaining({ kind: 'drop-table', table: 'precious', rows: null }),
    ]);
    expect(await other.fingerprint()).toBe(before);

    const allowed = await run(ws, ['rollback', '--service', 'shop', '--allow-data-loss']);
    expect(allowed.code, allowed.stdout + allowed.stderr).toBe(0);
    expect(allowed.stderr).toContain('destroying data (--allow-data-loss)');
    expect(await other.tables()).toEqual(['logs', 't2']);
    expect(await other.query('SELECT COUNT(*) AS n FROM logs')).toEqual([{ n: 0 }]);
  });

  it('a qualifier written with capitals is the database of that name; a table of the service\'s own name elsewhere is not confused with it', async () => {
    const mixed = uniqueName('Rb_Case');
    await otherDatabase(mixed, 'CREATE TABLE `Items` (id int); INSERT INTO `Items` VALUES (1), (2), (3);');
    const { ws, db } = await applied('rb_case', `DROP TABLE \`${mixed}\`.\`Items\`;`);

    const refused = await run(ws, ['rollback', '--service', 'shop', '--json']);
    expect(refused.code).toBe(3);
    expect(JSON.parse(refused.stdout).dataLoss).toEqual([expect.objectContaining({ kind: 'drop-table', database: mixed, table: 'Items', rows: 3 })]);
    expect(await sql(serverUrl(), `SELECT COUNT(*) AS n FROM \`${mixed}\`.\`Items\``)).toEqual([{ n: 3 }]);
    expect(await db.tables()).toContain('items');
  });
});
