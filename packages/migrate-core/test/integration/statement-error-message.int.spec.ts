import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../../test/support/cli.js';
import { createTestDatabase, serverUrl } from '../../../../test/support/db.js';
import { makeWorkspace } from '../../../../test/support/workspace.js';

const cleanups: Array<() => unknown> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

describe('a failed statement is reported with the user statement', () => {
  it('quotes the statement and its file:line, never the ledger write sent after it', async () => {
    const db = await createTestDatabase('stmt_err', { create: false });
    const ws = makeWorkspace({ shop: { database: db.name } });
    cleanups.push(() => ws.cleanup(), () => db.drop());
    const id = '20260401000000_broken';
    ws.writeMigration('shop', id, { up: 'CREATE TABLE a (id int);\n\nCREATE TABLE b (\n  id int,\n  x int,\n);\nCREATE TABLE c (id int);\n', down: 'DROP TABLE a;' });
    for (const json of [false, true]) {
      const result = await runCli(['migrate', '--service', 'shop', '--create-database', ...(json ? ['--json'] : [])], { cwd: ws.root, env: { DATABASE_URL: serverUrl() } });
      expect(result.code).toBe(1);
      const message = json ? JSON.parse(result.stdout).error.message as string : result.stdout;
      expect(message).toContain(`statement 2 of 3 failed (services/shop/migrations/${id}/up.sql:3): ER_PARSE_ERROR (1064)`);
      expect(message).toContain(`near ')' at services/shop/migrations/${id}/up.sql:6`);
      expect(message).toContain('CREATE TABLE b ( id int, x int, )');
      expect(message).not.toMatch(/_migrate_core_ledger|UPDATE|statements_done/);
    }
  });

  it('never prints a password the statement gives, nor keeps it in the ledger', async () => {
    const db = await createTestDatabase('stmt_secret', { create: false });
    const ws = makeWorkspace({ shop: { database: db.name } });
    cleanups.push(() => ws.cleanup(), () => db.drop());
    const id = '20260401000000_user';
    const user = `'no_such_user_${db.name}'@'%'`;
    ws.writeMigration('shop', id, { up: `CREATE TABLE a (id int);\nALTER USER ${user}\n  IDENTIFIED BY 'TopSecretPw2';\n`, down: 'DROP TABLE a;' });
    for (const json of [false, true]) {
      const result = await runCli(['migrate', '--service', 'shop', '--create-database', ...(json ? ['--json'] : [])], { cwd: ws.root, env: { DATABASE_URL: serverUrl() } });
      expect(result.code).toBe(1);
      expect(`${result.stdout}${result.stderr}`).toContain(`ALTER USER ${user} IDENTIFIED BY '***'`);
      expect(`${result.stdout}${result.stderr}`).not.toContain('TopSecret');
    }
    const rows = await db.query<Array<{ error: string }>>('SELECT error FROM _migrate_core_ledger');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.error).toContain('ER_CANNOT_USER');
    expect(rows[0]!.error).not.toContain('TopSecret');
  });
});
