import { appendFileSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { serverUrl, uniqueName } from '../../../../test/support/db.js';
import { makeWorkspace, type TempWorkspace } from '../../../../test/support/workspace.js';
import { runMain } from './support.js';

// check holds each up to its snapshot.json on the shadow server: the schema after the up must be the one generate
// recorded for it, compared as drift compares a database with its snapshot. The commands run in this process
// (main), on the sources; the shadow server is the test server (SHADOW_DATABASE_URL).

const schemaWith = (...columns: string[]) => `import { int, mysqlTable, text } from 'drizzle-orm/mysql-core';
export const test = mysqlTable('test', {
  id: int('id').autoincrement().primaryKey(),
  name: text('name'),${columns.map((column) => `\n  ${column},`).join('')}
});
`;
const COUNT = "count: int('count').notNull().default(0)";
const LABEL = "label: text('label')";

interface Problem { code: string; migrationId?: string; file?: string; message: string; hint: string }
interface CheckDocument { ok: boolean; problems: Problem[]; shadow: { ran: boolean; proven: boolean; snapshots: number } }

const DATABASE = uniqueName('snapspec');
let ws: TempWorkspace;
/** Every file of the migrations folder as generate wrote it: each test starts from them. */
let generated = new Map<string, string>();
let ids: string[] = [];
const migrations = () => join(ws.serviceDir('first'), 'migrations');
const file = (id: string, name: string) => join(migrations(), id, name);

const run = (...args: string[]) => runMain(ws.root, args, { SHADOW_DATABASE_URL: serverUrl() });

async function generate(...args: string[]): Promise<void> {
  const made = await run('generate', '--service', 'first', ...args);
  expect(made.code, made.stdout + made.stderr).toBe(0);
}

async function check(): Promise<{ code: number; document: CheckDocument }> {
  const result = await run('check', '--service', 'first', '--json');
  return { code: result.code, document: JSON.parse(result.stdout) as CheckDocument };
}

function folderFiles(): Map<string, string> {
  return new Map(readdirSync(migrations(), { recursive: true, encoding: 'utf8' }).filter((path) => path.includes('.')).map((path) => [path, readFileSync(join(migrations(), path), 'utf8')]));
}

/** Migration `id`'s up.sql with `sql` appended, its files accepted as deliberate edits: only the shadow can tell. */
async function appendToUp(id: string, sql: string): Promise<void> {
  appendFileSync(file(id, 'up.sql'), sql);
  await generate('--accept-edits', id);
}

beforeAll(async () => {
  ws = makeWorkspace({ first: { database: DATABASE, schema: schemaWith() } });
  await generate('--name', 'init');
  ws.write('services/first/src/schema.ts', schemaWith(COUNT));
  await generate('--name', 'add count');
  ws.write('services/first/src/schema.ts', schemaWith(COUNT, LABEL));
  await generate('--name', 'add label');
  ids = readdirSync(migrations()).sort();
  generated = folderFiles();
}, 120_000);
afterAll(() => ws.cleanup());

beforeEach(() => {
  rmSync(migrations(), { recursive: true });
  for (const [path, text] of generated) {
    ws.write(join('services/first/migrations', path), text);
  }
  ws.write('services/first/src/schema.ts', schemaWith(COUNT, LABEL));
});

describe('check compares the schema after each up with its snapshot.json', () => {
  it('ups that make their snapshots: ok, each of them compared', async () => {
    const { code, document } = await check();
    expect(code, JSON.stringify(document.problems)).toBe(0);
    expect(document.shadow).toMatchObject({ ran: true, proven: true, snapshots: 3 });
  });

  it('an up that drops the DEFAULT 0 its snapshot has: SNAPSHOT_MISMATCH naming the migration and the column, once', async () => {
    const [, addCount] = ids as [string, string, string];
    await appendToUp(addCount, 'ALTER TABLE `test` MODIFY COLUMN `count` int NOT NULL;\n');
    const { code, document } = await check();
    expect(code).toBe(3);
    // Reported at the migration that made the difference, not again at the one after it, which inherits it.
    expect(document.problems).toEqual([expect.objectContaining({ code: 'SNAPSHOT_MISMATCH', migrationId: addCount, file: `services/first/migrations/${addCount}/up.sql` })]);
    const [problem] = document.problems as [Problem];
    expect(problem.message).toContain(`after services/first/migrations/${addCount}/up.sql runs, the schema is not the one services/first/migrations/${addCount}/snapshot.json records`);
    expect(problem.message).toContain('~ column test.count: int NOT NULL DEFAULT 0 in snapshot.json, int NOT NULL after up.sql');
    expect(problem.hint).toContain(`--accept-edits ${addCount}`);
    expect(document.shadow).toMatchObject({ ran: true, proven: false, snapshots: 3 });
  });

  it('an up that makes a table its snapshot does not have: the table', async () => {
    const [, , addLabel] = ids as [string, string, string];
    writeFileSync(file(addLabel, 'down.sql'), `DROP TABLE \`notes\`;\n${readFileSync(file(addLabel, 'down.sql'), 'utf8')}`);
    await appendToUp(addLabel, 'CREATE TABLE `notes` (`id` int PRIMARY KEY);\n');
    const { document } = await check();
    expect(document.problems.map((p) => [p.code, p.migrationId])).toEqual([['SNAPSHOT_MISMATCH', addLabel]]);
    expect(document.problems[0]!.message).toContain('+ table notes (made by up.sql, not in snapshot.json)');
  });

  it('a migration without snapshot.json is not compared, nor is what it changes blamed on the migrations after it', async () => {
    const [, addCount] = ids as [string, string, string];
    appendFileSync(file(addCount, 'up.sql'), 'ALTER TABLE `test` MODIFY COLUMN `count` int NOT NULL;\n');
    rmSync(file(addCount, 'snapshot.json'));
    const { document } = await check();
    expect(document.problems.map((p) => [p.code, p.migrationId])).toEqual([['NO_SNAPSHOT', addCount]]);
    expect(document.shadow).toMatchObject({ ran: true, proven: true, snapshots: 2 });
  });

  it('a custom migration is held to no snapshot (its snapshot is the one before it)', async () => {
    const [, , addLabel] = ids as [string, string, string];
    rmSync(join(migrations(), addLabel), { recursive: true });
    ws.write('services/first/src/schema.ts', schemaWith(COUNT));
    await generate('--custom', '--name', 'audit table');
    const custom = readdirSync(migrations()).sort().at(-1)!;
    writeFileSync(file(custom, 'up.sql'), 'CREATE TABLE `audit` (`id` int PRIMARY KEY);\n');
    writeFileSync(file(custom, 'down.sql'), 'DROP TABLE `audit`;\n');
    ws.write('services/first/src/schema.ts', schemaWith(COUNT, LABEL));
    await generate('--name', 'add label');
    const { code, document } = await check();
    expect(code, JSON.stringify(document.problems)).toBe(0);
    expect(document.shadow).toMatchObject({ ran: true, proven: true, snapshots: 3 });
  });
});
