import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../../test/support/cli.js';
import { serverUrl, sql, uniqueName } from '../../../../test/support/db.js';
import { makeWorkspace, type TempWorkspace } from '../../../../test/support/workspace.js';

// check replays every migration on a shadow server: up, each down newest first (the schema compared with the one
// before its up), up again. Here the shadow server is the test server (SHADOW_DATABASE_URL); the migrations are
// custom ones written by hand, as people write the SQL check used to let through.

const SCHEMA = `import { int, mysqlTable, text } from 'drizzle-orm/mysql-core';
export const test = mysqlTable('test', {
  id: int('id').autoincrement().primaryKey(),
  name: text('name'),
});
`;

interface Problem { code: string; migrationId?: string; file?: string; message: string; hint: string }
interface CheckDocument { ok: boolean; problems: Problem[]; warnings: Problem[]; shadow: { ran: boolean; proven: boolean; server?: string; seeds: number } }

let ws: TempWorkspace;
let init = '';
/** The service's database name: the shadow databases are named after it, so no other test's can be mistaken for them. */
const DATABASE = uniqueName('shadowspec');
const migrations = () => join(ws.serviceDir('first'), 'migrations');
const config = (extra: Record<string, unknown> = {}) => ws.write('services/first/migrate.config.json', `${JSON.stringify({ database: DATABASE, ...extra })}\n`);

beforeAll(async () => {
  ws = makeWorkspace({ first: { database: DATABASE, schema: SCHEMA } });
  expect((await runCli(['generate', '--service', 'first', '--name', 'init'], { cwd: ws.root })).code).toBe(0);
  init = readdirSync(migrations())[0]!;
});
afterAll(() => ws.cleanup());

/** Replaces every migration after init with custom ones holding `steps` (up and down SQL). */
async function custom(...steps: Array<{ up: string; down: string }>): Promise<string[]> {
  for (const id of readdirSync(migrations())) if (id !== init) rmSync(join(migrations(), id), { recursive: true });
  const ids: string[] = [];
  for (const [i, step] of steps.entries()) {
    const made = await runCli(['generate', '--service', 'first', '--custom', '--name', `step ${i + 1}`], { cwd: ws.root });
    expect(made.code, made.stderr).toBe(0);
    const id = readdirSync(migrations()).sort().at(-1)!;
    writeFileSync(join(migrations(), id, 'up.sql'), step.up);
    writeFileSync(join(migrations(), id, 'down.sql'), step.down);
    ids.push(id);
  }
  return ids;
}

async function check(...args: string[]): Promise<{ code: number; document: CheckDocument; stdout: string; stderr: string }> {
  const result = await runCli(['check', '--service', 'first', '--json', ...args], { cwd: ws.root, env: { SHADOW_DATABASE_URL: serverUrl() } });
  return { code: result.code, document: JSON.parse(result.stdout) as CheckDocument, stdout: result.stdout, stderr: result.stderr };
}

describe('check proves every migration on a shadow server: SQL the server refuses', () => {
  beforeAll(() => config());

  it.each([
    {
      what: 'a type change of a column in a foreign key', statement: 3, line: 3, error: 'ER_FK_COLUMN_CANNOT_CHANGE (1832)',
      up: 'CREATE TABLE parent (id int PRIMARY KEY);\nCREATE TABLE child (id int PRIMARY KEY, parent_id int, CONSTRAINT child_parent FOREIGN KEY (parent_id) REFERENCES parent (id));\nALTER TABLE child MODIFY parent_id bigint;\n',
      down: 'DROP TABLE child;\nDROP TABLE parent;\n',
    },
    {
      what: 'an expression index', statement: 2, line: 2, error: 'ER_PARSE_ERROR (1064)',
      up: 'CREATE INDEX test_name ON test (name(20));\nCREATE INDEX test_lower_name ON test ((lower(name)));\n',
      down: 'DROP INDEX test_name ON test;\n',
    },
    {
      what: 'NOT NULL on a generated column', statement: 1, line: 2, error: 'ER_PARSE_ERROR (1064)',
      up: '-- the upper-cased name\nALTER TABLE test ADD name_upper varchar(100) GENERATED ALWAYS AS (upper(name)) STORED NOT NULL;\n',
      down: 'ALTER TABLE test DROP COLUMN name_upper;\n',
    },
    {
      what: 'TEXT in a primary key', statement: 2, line: 2, error: 'ER_BLOB_KEY_WITHOUT_LENGTH (1170)',
      up: 'CREATE TABLE tags (id int PRIMARY KEY);\nCREATE TABLE notes (body text PRIMARY KEY);\n',
      down: 'DROP TABLE notes;\nDROP TABLE tags;\n',
    },
    {
      what: 'CHECK OPTION on a TEMPTABLE view', statement: 1, line: 1, error: 'ER_VIEW_NONUPD_CHECK (1368)',
      up: 'CREATE ALGORITHM=TEMPTABLE VIEW test_names AS SELECT id, name FROM test WITH CHECK OPTION;\n',
      down: 'DROP VIEW test_names;\n',
    },
  ])('$what: exit 3, naming the file, the statement, its line and the server error', async ({ up, down, statement, line, error }) => {
    const [id] = await custom({ up, down });
    const { code, document } = await check();
    expect(code).toBe(3);
    const problem = document.problems.find((p) => p.code === 'SHADOW_UP')!;
    expect(problem, JSON.stringify(document.problems)).toBeDefined();
    expect(problem.migrationId).toBe(id);
    expect(problem.file).toBe(`services/first/migrations/${id}/up.sql`);
    expect(problem.message).toContain(`statement ${statement} of `);
    expect(problem.message).toContain(`(services/first/migrations/${id}/up.sql:${line}): ${error}`);
    expect(problem.message).toMatch(/^shadow database on MariaDB \d+\.\d+\.\d+ \(SHADOW_DATABASE_URL: mysql:\/\/root@127\.0\.0\.1:\d+\)/);
    expect(problem.hint).toContain(`--accept-edits ${id}`);
    expect(document.shadow).toMatchObject({ ran: true, proven: false });
  });

  it('the same migrations written right pass, and nothing is left on the shadow server', async () => {
    await custom({ up: 'CREATE TABLE tags (id int PRIMARY KEY, label varchar(50));\nCREATE INDEX tags_label ON tags (label);\n', down: 'DROP TABLE tags;\n' });
    const { code, document } = await check();
    expect(code, JSON.stringify(document.problems)).toBe(0);
    expect(document.shadow).toMatchObject({ ran: true, proven: true });
    const left = await sql<Array<{ name: string }>>(serverUrl(), 'SELECT SCHEMA_NAME AS name FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE ?', [`${DATABASE}%`]);
    expect(left).toEqual([]);
  });
});

describe('check finds a down that does not undo its up', () => {
  beforeAll(() => config());

  it('a down that leaves a column behind: the differences, named against the down file', async () => {
    const [id] = await custom({ up: 'ALTER TABLE test ADD email varchar(100), ADD phone varchar(20);\n', down: 'ALTER TABLE test DROP COLUMN email;\n' });
    const { code, document } = await check();
    expect(code).toBe(3);
    expect(document.problems).toEqual([expect.objectContaining({ code: 'SHADOW_DOWN_DIFFERS', migrationId: id, file: `services/first/migrations/${id}/down.sql` })]);
    expect(document.problems[0]!.message).toContain('the schema is not what it was before its up');
    expect(document.problems[0]!.message).toContain('+ column test.phone varchar(20) NULL (left by the down)');
  });

  it('a down that leaves a procedure behind: the procedure, named against the down file', async () => {
    const [id] = await custom({ up: 'CREATE PROCEDURE test_count() SELECT COUNT(*) FROM test;\n', down: 'SELECT 1;\n' });
    const { code, document } = await check();
    expect(code).toBe(3);
    expect(document.problems.map((p) => [p.code, p.migrationId])).toEqual([['SHADOW_DOWN_DIFFERS', id]]);
    expect(document.problems[0]!.message).toContain('test_count');
  });

  it('a down that leaves behind what the schema model does not hold (a sequence): running the ups again fails', async () => {
    const [id] = await custom({ up: 'CREATE SEQUENCE note_numbers;\n', down: 'SELECT 1;\n' });
    const { code, document } = await check();
    expect(code).toBe(3);
    expect(document.problems.map((p) => [p.code, p.migrationId])).toEqual([['SHADOW_REDO', id]]);
    expect(document.problems[0]!.message).toContain('ER_TABLE_EXISTS_ERROR');
    expect(document.problems[0]!.hint).toContain(`most likely the down of ${id} itself`);
  });

  it('a down the server refuses: SHADOW_DOWN with the down file and its line', async () => {
    const [id] = await custom({ up: 'ALTER TABLE test ADD email varchar(100);\n', down: 'ALTER TABLE test DROP COLUMN email;\nALTER TABLE test DROP COLUMN email;\n' });
    const { document } = await check();
    expect(document.problems.map((p) => p.code)).toEqual(['SHADOW_DOWN']);
    expect(document.problems[0]!.message).toContain(`statement 2 of 2 failed (services/first/migrations/${id}/down.sql:2)`);
  });
});

describe('seed rows make data-dependent failures show', () => {
  afterAll(() => config());

  it('NOT NULL plus UNIQUE added to a filled table: passes on an empty shadow, fails with the seed rows', async () => {
    const [id] = await custom({
      up: 'ALTER TABLE test ADD code int NOT NULL;\nALTER TABLE test ADD CONSTRAINT test_code_unique UNIQUE (code);\n',
      down: 'ALTER TABLE test DROP INDEX test_code_unique;\nALTER TABLE test DROP COLUMN code;\n',
    });
    config();
    const empty = await check();
    expect(empty.code, JSON.stringify(empty.document.problems)).toBe(0);
    expect(empty.document.warnings.map((w) => w.code)).toEqual(['NOT_NULL_NO_DEFAULT', 'NEW_UNIQUE']);

    ws.write('services/first/seed.sql', "INSERT INTO test (name) VALUES ('ada'), ('grace');\n");
    config({ seed: [{ file: 'seed.sql', after: init }] });
    const seeded = await check();
    expect(seeded.code).toBe(3);
    expect(seeded.document.shadow.seeds).toBe(1);
    const problem = seeded.document.problems.find((p) => p.code === 'SHADOW_UP')!;
    expect(problem.message).toContain('(with the rows of services/first/seed.sql loaded)');
    expect(problem.message).toContain(`statement 2 of 2 failed (services/first/migrations/${id}/up.sql:2): ER_DUP_ENTRY (1062)`);
    expect(problem.hint).toContain('duplicates');
  });

  it('a rollback that restores a dropped unique column over rows that now hold duplicates', async () => {
    const [, drop] = await custom(
      { up: "ALTER TABLE test ADD code varchar(20) NOT NULL DEFAULT '';\nALTER TABLE test ADD CONSTRAINT test_code_unique UNIQUE (code);\n",
        down: 'ALTER TABLE test DROP INDEX test_code_unique;\nALTER TABLE test DROP COLUMN code;\n' },
      { up: '-- migrate-core: allow-data-loss\nALTER TABLE test DROP INDEX test_code_unique;\n-- migrate-core: allow-data-loss\nALTER TABLE test DROP COLUMN code;\n',
        down: "ALTER TABLE test ADD code varchar(20) NOT NULL DEFAULT '' AFTER name;\nALTER TABLE test ADD CONSTRAINT test_code_unique UNIQUE (code);\n" },
    );
    ws.write('services/first/seed.sql', "INSERT INTO test (name) VALUES ('ada'), ('grace');\n");
    config({ seed: [{ file: 'seed.sql', after: drop }] });
    const { code, document } = await check();
    expect(code).toBe(3);
    expect(document.problems.map((p) => [p.code, p.migrationId])).toEqual([['SHADOW_DOWN', drop]]);
    expect(document.problems[0]!.message).toContain(`statement 2 of 2 failed (services/first/migrations/${drop}/down.sql:2): ER_DUP_ENTRY (1062)`);
  });

  it('a seed that does not fit, a missing seed file and an unknown migration are problems of their own', async () => {
    await custom();
    ws.write('services/first/seed.sql', "INSERT INTO test (name, colour) VALUES ('ada', 'red');\n");
    config({ seed: [{ file: 'seed.sql', after: init }] });
    const bad = await check();
    expect(bad.code).toBe(3);
    expect(bad.document.problems.map((p) => p.code)).toEqual(['SEED']);
    expect(bad.document.problems[0]!.message).toContain(`services/first/seed.sql:1: statement 1 failed on the shadow database`);
    expect(bad.document.problems[0]!.message).toContain("ER_BAD_FIELD_ERROR (1054): Unknown column 'colour'");

    config({ seed: [{ file: 'missing.sql', after: init }, { file: 'seed.sql', after: '20990101000000_not_there' }] });
    const wrong = await check();
    expect(wrong.document.problems.map((p) => p.code)).toEqual(['SEED', 'SEED']);
    expect(wrong.document.problems[0]!.message).toBe('services/first/missing.sql (seed.0 of services/first/migrate.config.json) does not exist.');
    expect(wrong.document.problems[1]!.message).toContain('after 20990101000000_not_there, which is not a migration of this service');
    expect(wrong.document.shadow.ran).toBe(false);
  });
});

describe('lint warnings: each code, acknowledged per statement, or made an error by the config', () => {
  const statements: Array<[string, string]> = [
    ['NOT_NULL_NO_DEFAULT', 'ALTER TABLE test ADD code int NOT NULL;'],
    ['NEW_UNIQUE', 'CREATE UNIQUE INDEX test_code ON test (code);'],
    ['NARROW_TYPE TABLE_COPY', '-- migrate-core: allow-data-loss\nALTER TABLE test MODIFY name varchar(50);'],
    ['NO_PRIMARY_KEY', 'CREATE TABLE log (line text);'],
    ['DROP_COLUMN', '-- migrate-core: allow-data-loss\nALTER TABLE test DROP COLUMN code;'],
    ['DROP_TABLE', '-- migrate-core: allow-data-loss\nDROP TABLE log;'],
  ];
  const up = (acknowledged: boolean) => `${statements.map(([codes, sql]) => `${acknowledged ? `-- migrate-core: allow ${codes}\n` : ''}${sql}`).join('\n')}\n`;
  afterAll(() => config());

  it('warns with file, line, statement and the safer recipe; the shadow server says which statement copies the table and why', async () => {
    config();
    const [id] = await custom({ up: up(false), down: 'ALTER TABLE test MODIFY name text;\n' });
    const { code, document } = await check();
    expect(code, JSON.stringify(document.problems)).toBe(0);
    expect(document.warnings.map((w) => [w.code, (w as unknown as { statement: number }).statement])).toEqual([
      ['NOT_NULL_NO_DEFAULT', 1], ['NEW_UNIQUE', 2], ['NARROW_TYPE', 3], ['TABLE_COPY', 3], ['NO_PRIMARY_KEY', 4], ['DROP_COLUMN', 5], ['DROP_TABLE', 6],
    ]);
    const copy = document.warnings.find((w) => w.code === 'TABLE_COPY')!;
    expect(copy.message).toMatch(new RegExp(`^services/first/migrations/${id}/up.sql:4: statement 3 copies the table or blocks writes while it runs: MariaDB [0-9.]+ \\(SHADOW_DATABASE_URL: [^)]*\\) refuses ALGORITHM=INSTANT and ALGORITHM=INPLACE, LOCK=NONE for it \\(.+\\)\\.$`));
    expect(copy.hint).toContain('`-- migrate-core: allow TABLE_COPY` right above it (line 4)');

    const text = await runCli(['check', '--service', 'first'], { cwd: ws.root, env: { SHADOW_DATABASE_URL: serverUrl() } });
    expect(text.stdout).toContain('first: check ok with 7 warnings: 2 migrations, schema in sync, proven up, down and up again on MariaDB');
    expect(text.stdout).toContain(`  ! [NO_PRIMARY_KEY] services/first/migrations/${id}/up.sql:5: statement 4 creates table \`log\` without a primary key.\n    safer: Give the table a primary key`);
  });

  it('allow lines acknowledge them; "error" in the config fails check on an unacknowledged one, "off" silences a code', async () => {
    config();
    await custom({ up: up(true), down: 'ALTER TABLE test MODIFY name text;\n' });
    const acknowledged = await check();
    expect(acknowledged.code).toBe(0);
    expect(acknowledged.document.warnings).toEqual([]);
    expect((acknowledged.document as unknown as { notes: string[] }).notes).toContain('7 lint warnings acknowledged by `-- migrate-core: allow <CODE>` lines');

    config({ lint: { NO_PRIMARY_KEY: 'error', DROP_TABLE: 'off' } });
    await custom({ up: up(false), down: 'ALTER TABLE test MODIFY name text;\n' });
    const strict = await check();
    expect(strict.code).toBe(3);
    expect(strict.document.problems.map((p) => p.code)).toEqual(['NO_PRIMARY_KEY']);
    expect(strict.document.warnings.map((w) => w.code)).not.toContain('DROP_TABLE');
  });
});

describe('without a shadow server', () => {
  it('--no-shadow says the proof was skipped; no server binary and no SHADOW_DATABASE_URL is exit 2 naming the ways out', async () => {
    await custom();
    const skipped = await runCli(['check', '--service', 'first', '--no-shadow'], { cwd: ws.root });
    expect(skipped.code).toBe(0);
    expect(skipped.stdout).toContain('first: check ok: 1 migration, schema in sync, shadow proof skipped (--no-shadow: no migration was run on a server).');
    expect(skipped.stderr).toContain('the shadow proof was skipped (--no-shadow)');

    const none = await runCli(['check', '--service', 'first'], { cwd: ws.root, env: { CI: 'true', PATH: '/nonexistent', DEV_DB_SERVER_BIN: '/nonexistent/mariadbd' } });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('check proves every migration on a shadow server, and none is available: SHADOW_DATABASE_URL is not set and no MariaDB or MySQL server binary');
    expect(none.stderr).toContain('`npx migrate-core check --service first --no-shadow`');
  });

  it('a service that targets MySQL is not proven on MariaDB', async () => {
    config({ target: 'mysql' });
    try {
      const { code, stdout, stderr } = await runCli(['check', '--service', 'first'], { cwd: ws.root, env: { SHADOW_DATABASE_URL: serverUrl() } });
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toMatch(/first targets mysql \("target" in services\/first\/migrate\.config\.json\), but the shadow server is MariaDB \d+\.\d+\.\d+/);
      expect(stderr).toContain('Point SHADOW_DATABASE_URL at a MySQL 8 server');
    } finally {
      config();
    }
  });
});
