import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../../test/support/cli.js';
import { createTestDatabase, serverUrl } from '../../../../test/support/db.js';
import { makeWorkspace } from '../../../../test/support/workspace.js';

const SCHEMA = `import { bigint, int, mysqlTable, text, type AnyMySqlColumn } from 'drizzle-orm/mysql-core';
export const a = mysqlTable('a', {
  id: int('id').autoincrement().primaryKey(),
  bId: int('b_id').references((): AnyMySqlColumn => b.id),
  big: bigint('big', { mode: 'bigint' }).default(9007199254740993n),
  note: text('note'),
});
export const b = mysqlTable('b', {
  id: int('id').autoincrement().primaryKey(),
  aId: int('a_id').references((): AnyMySqlColumn => a.id),
});
`;

const cleanups: Array<() => unknown> = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

describe('generate on schemas drizzle-kit alone gets wrong', () => {
  it('handles BigInt defaults and tables that reference each other, up and down', async () => {
    const db = await createTestDatabase('edge', { create: false });
    const ws = makeWorkspace({ edge: { database: db.name, schema: SCHEMA } });
    cleanups.push(() => ws.cleanup(), () => db.drop());
    const env = { DATABASE_URL: serverUrl() };
    const run = (...argv: string[]) => runCli([argv[0]!, '--service', 'edge', ...argv.slice(1)], { cwd: ws.root, env });

    const generated = await run('generate', '--name', 'cycle');
    expect(generated.code, generated.stderr).toBe(0);
    expect(generated.stdout).toContain('DEFAULT 9007199254740993');
    expect((await run('check')).code).toBe(0);
    expect((await run('migrate', '--create-database')).code).toBe(0);
    const [column] = await db.query<Array<{ d: string }>>("SELECT COLUMN_DEFAULT AS d FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'a' AND COLUMN_NAME = 'big'");
    expect(column?.d).toBe('9007199254740993');
    const rollback = await run('rollback');
    expect(rollback.code, rollback.stdout).toBe(0);
    expect(await db.tables()).toEqual(['_migrate_core_ledger']);
    expect((await run('migrate')).code).toBe(0);
    const drift = await run('drift');
    expect(drift.code, drift.stdout).toBe(0);
    expect(drift.stdout).toContain('in sync');
  });

  it('writes string and JSON defaults with backslashes and quotes as the schema says them', async () => {
    const db = await createTestDatabase('edge_defaults', { create: false });
    const schema = `import { int, json, mysqlTable, varchar } from 'drizzle-orm/mysql-core';
export const paths = mysqlTable('paths', {
  id: int('id').autoincrement().primaryKey(),
  dir: varchar('dir', { length: 64 }).default('C:\\\\temp\\\\new'),
  quoted: varchar('quoted', { length: 64 }).default("it's \\\\n"),
  meta: json('meta').default({ note: "it's \\"x\\"", path: 'a\\\\b' }),
});
`;
    const ws = makeWorkspace({ edge: { database: db.name, schema } });
    cleanups.push(() => ws.cleanup(), () => db.drop());
    const env = { DATABASE_URL: serverUrl() };
    const run = (...argv: string[]) => runCli([argv[0]!, '--service', 'edge', ...argv.slice(1)], { cwd: ws.root, env });

    const generated = await run('generate', '--name', 'paths');
    expect(generated.code, generated.stderr).toBe(0);
    const migrated = await run('migrate', '--create-database');
    expect(migrated.code, `${migrated.stdout}\n${migrated.stderr}`).toBe(0);
    await db.query('INSERT INTO paths () VALUES ()');
    const [row] = await db.query<Array<{ dir: string; quoted: string; meta: string }>>('SELECT dir, quoted, CAST(meta AS CHAR) AS meta FROM paths');
    expect(row?.dir).toBe('C:\\temp\\new');
    expect(row?.quoted).toBe("it's \\n");
    expect(JSON.parse(String(row?.meta))).toEqual({ note: 'it\'s "x"', path: 'a\\b' });

    expect((await run('check')).code).toBe(0);
    const again = await run('generate', '--name', 'nothing');
    expect(again.stdout).toContain('no schema changes');
    const drift = await run('drift');
    expect(drift.code, drift.stdout).toBe(0);
    expect(drift.stdout).toContain('in sync');
  });
});
