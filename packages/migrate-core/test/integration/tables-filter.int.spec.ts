import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEphemeralServer, type EphemeralServer } from '@repo/dev-db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileTablesFilter } from '../../src/schema/filter.js';
import { ROOT, runNode } from '../../../../test/support/cli.js';
import { databaseUrl, sql } from '../../../../test/support/db.js';
import { TABLE_NAMES, TABLES_FILTER_CASES } from '../unit/tables-filter.fixture.js';

// drizzle-kit applies tablesFilter when it reads a database (pull, push); `pull` writes the snapshot of the tables
// its filter kept. Each case runs drizzle-kit's own filter on a database holding TABLE_NAMES and compares.
// drizzle-kit reads information_schema.check_constraints of the whole server; while other test files create and
// drop tables, MariaDB 10.11 crashed on that once, so it reads a server of its own.
let server: EphemeralServer;
let url: string;
let dir: string;

beforeAll(async () => {
  server = await startEphemeralServer({ cacheDir: join(ROOT, '.dev-db') });
  url = databaseUrl('tables_filter', server.url);
  await sql(server.url, `CREATE DATABASE tables_filter; ${TABLE_NAMES.map((name) => `CREATE TABLE tables_filter.\`${name}\` (id int)`).join('; ')}`);
  dir = mkdtempSync(join(tmpdir(), 'tables-filter-'));
});
afterAll(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The tables drizzle-kit's `pull` keeps with these globs. */
async function keptByDrizzleKit(globs: readonly string[], index: number): Promise<string[]> {
  const out = join(dir, `out-${index}`);
  const config = join(dir, `drizzle-${index}.config.json`);
  writeFileSync(config, JSON.stringify({ dialect: 'mysql', out, dbCredentials: { url }, tablesFilter: globs }));
  const pulled = await runNode([join(ROOT, 'node_modules', 'drizzle-kit', 'bin.cjs'), 'pull', '--config', config], { cwd: dir });
  expect(pulled.code, pulled.stdout + pulled.stderr).toBe(0);
  const snapshot = JSON.parse(readFileSync(join(out, 'meta', '0000_snapshot.json'), 'utf8')) as { tables: Record<string, unknown> };
  return Object.keys(snapshot.tables);
}

describe('tablesFilter selects exactly the tables drizzle-kit selects', () => {
  it.each(TABLES_FILTER_CASES.map((c, index) => ({ ...c, index })))('$globs', async ({ globs, kept, index }) => {
    const byKit = (await keptByDrizzleKit(globs, index)).sort();
    expect(byKit).toEqual([...kept].sort());
    expect(TABLE_NAMES.filter(compileTablesFilter(globs)).sort()).toEqual(byKit);
  });
});
