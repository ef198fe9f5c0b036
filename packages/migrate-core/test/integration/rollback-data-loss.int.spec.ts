import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../../test/support/cli.js';
import { createTestDatabase, serverUrl, type TestDatabase } from '../../../../test/support/db.js';
import { runCliInTerminal } from '../../../../test/support/terminal.js';
import { makeWorkspace, type TempWorkspace } from '../../../../test/support/workspace.js';

const A = '20260401000000_create_items';
const B = '20260402000000_add_note';
const C = '20260403000000_add_index';
const D = '20260404000000_create_drafts';

const cleanups: Array<() => unknown> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** items (3 rows, 2 notes) made by A and B; C's down only drops an index; D's drops an empty table: neither loses data. */
async function applied(prefix: string): Promise<{ ws: TempWorkspace; db: TestDatabase; env: Record<string, string> }> {
  const db = await createTestDatabase(prefix, { create: false });
  const ws = makeWorkspace({ shop: { database: db.name } });
  ws.writeMigration('shop', A, { up: "CREATE TABLE items (id int AUTO_INCREMENT PRIMARY KEY, name text);\nINSERT INTO items (name) VALUES ('pen'), ('ink'), ('pad');", down: 'DROP TABLE items;' });
  ws.writeMigration('shop', B, { up: "ALTER TABLE items ADD note text;\nUPDATE items SET note = 'blue' WHERE id < 3;", down: 'ALTER TABLE items DROP COLUMN note;' });
  ws.writeMigration('shop', C, { up: 'CREATE INDEX items_name ON items (name(10));', down: 'DROP INDEX items_name ON items;' });
  ws.writeMigration('shop', D, { up: 'CREATE TABLE drafts (id int PRIMARY KEY);', down: 'DROP TABLE drafts;' });
  cleanups.push(() => ws.cleanup(), () => db.drop());
  const env = { DATABASE_URL: serverUrl() };
  const migrated = await runCli(['migrate', '--service', 'shop', '--create-database'], { cwd: ws.root, env });
  expect(migrated.code, migrated.stderr).toBe(0);
  return { ws, db, env };
}

describe('rollback shows what it would destroy and asks first', () => {
  it('without --allow-data-loss: exit 3, nothing changed, the tables, columns and row counts listed with the command to run', async () => {
    const { ws, db, env } = await applied('rb_loss');
    const before = await db.fingerprint();
    const result = await runCli(['rollback', '--service', 'shop', '--to', 'base'], { cwd: ws.root, env });
    expect(result.code).toBe(3);
    expect(result.stdout).toContain('[DATA_LOSS] Rolling back would destroy data');
    expect(result.stdout).toContain(`services/shop/migrations/${B}/down.sql:1 (statement 1): drops column \`items\`.\`note\` and its data (3 rows now, 2 with a value in it)`);
    expect(result.stdout).toContain(`services/shop/migrations/${A}/down.sql:1 (statement 1): drops table \`items\` and every row in it (3 rows now)`);
    expect(result.stdout).toContain(`services/shop/migrations/${D}/down.sql:1 (statement 1): drops table \`drafts\` and every row in it (0 rows now)`);
    expect(result.stdout).not.toContain('items_name');
    expect(result.stdout).toContain('`npx migrate-core rollback --service shop --to base --allow-data-loss`');
    expect(await db.fingerprint()).toBe(before);

    const json = await runCli(['rollback', '--service', 'shop', '--to', 'base', '--json'], { cwd: ws.root, env });
    expect(json.code).toBe(3);
    const document = JSON.parse(json.stdout);
    expect(document).toMatchObject({ outcome: 'blocked', steps: [], issues: [{ code: 'DATA_LOSS' }] });
    expect(document.dataLoss).toEqual([
      expect.objectContaining({ migrationId: D, kind: 'drop-table', table: 'drafts', rows: 0 }),
      expect.objectContaining({ migrationId: B, kind: 'drop-column', table: 'items', column: 'note', rows: 3, values: 2, statement: 1, line: 1 }),
      expect.objectContaining({ migrationId: A, kind: 'drop-table', table: 'items', rows: 3 }),
    ]);
    expect(await db.fingerprint()).toBe(before);
  });

  it('a rollback that loses nothing runs without asking (an empty table only noted); --allow-data-loss runs the rest and says what went', async () => {
    const { ws, db, env } = await applied('rb_allow');
    const safe = await runCli(['rollback', '--service', 'shop', '--steps', '2'], { cwd: ws.root, env });
    expect(safe.code, safe.stdout).toBe(0);
    expect(safe.stdout).toContain(`${D} rolled back`);
    expect(safe.stdout).toContain(`${C} rolled back`);
    expect(safe.stderr).toContain('shop: dropping only what holds no data now:');
    expect(safe.stderr).toContain('drops table `drafts` and every row in it (0 rows now)');
    const allowed = await runCli(['rollback', '--service', 'shop', '--to', 'base', '--allow-data-loss'], { cwd: ws.root, env });
    expect(allowed.code, allowed.stdout).toBe(0);
    expect(allowed.stderr).toContain('destroying data (--allow-data-loss)');
    expect(allowed.stderr).toContain('drops table `items` and every row in it (3 rows now)');
    expect(allowed.stdout).toContain('2 migrations rolled back');
    expect(await db.tables()).toEqual(['_migrate_core_ledger']);
  });

  it('at a terminal it asks: yes runs the rollback, anything else changes nothing; under CI or --json it never asks', async () => {
    const { ws, db, env } = await applied('rb_tty');
    expect((await runCli(['rollback', '--service', 'shop', '--steps', '2'], { cwd: ws.root, env })).code).toBe(0);
    const before = await db.fingerprint();
    const declined = await runCliInTerminal(['rollback', '--service', 'shop'], 'no\n', { cwd: ws.root, env });
    expect(declined.stdout).toContain('type yes to run these statements');
    expect(declined.stdout).toContain('not confirmed: the answer was "no"');
    expect(declined.code).toBe(3);
    expect(await db.fingerprint()).toBe(before);

    const ci = await runCliInTerminal(['rollback', '--service', 'shop'], 'yes\n', { cwd: ws.root, env: { ...env, CI: 'true' } });
    expect(ci.code).toBe(3);
    expect(ci.stdout).not.toContain('type yes');
    const json = await runCliInTerminal(['rollback', '--service', 'shop', '--json'], 'yes\n', { cwd: ws.root, env });
    expect(json.code).toBe(3);
    expect(json.stdout).not.toContain('type yes');
    expect(await db.fingerprint()).toBe(before);

    const confirmed = await runCliInTerminal(['rollback', '--service', 'shop'], 'yes\n', { cwd: ws.root, env });
    expect(confirmed.stdout).toContain(`${B} rolled back`);
    expect(confirmed.code, confirmed.stdout).toBe(0);
    expect(await db.query('SELECT COUNT(*) AS n FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND COLUMN_NAME = ?', [db.name, 'items', 'note'])).toEqual([{ n: 0 }]);
  });
});
