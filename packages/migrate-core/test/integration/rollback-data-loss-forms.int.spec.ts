// Rollback's data-loss guard reads a down statement's names as the server does: comments between tokens,
// executable comments, line breaks anywhere, optional words, several clauses, double-quoted names. A statement it
// knows destroys data but whose names it cannot read is listed as not counted and refused like any other; only
// the server saying the table or column does not exist makes it "already gone".
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, serverUrl, sql, uniqueName, type TestDatabase } from '../../../../test/support/db.js';
import { makeWorkspace, type TempWorkspace } from '../../../../test/support/workspace.js';
import { runMain } from './support.js';

const A = '20260401000000_create_t';
const B = '20260402000000_touch_t';
const DOWN = `services/shop/migrations/${B}/down.sql`;

const cleanups: Array<() => unknown> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});


/** The CLI in this process (the sources, not the built bundle); with `answer`, at a terminal that answers it. */
const run = (ws: TempWorkspace, args: readonly string[], answer?: string, url = serverUrl()) => runMain(ws.root, args, { DATABASE_URL: url }, answer);

/** The service's database, and a database beside it with `t` (2 rows) for statements that name it as OTHER. */
interface Applied {
  readonly ws: TempWorkspace;
  readonly db: TestDatabase;
  readonly other: TestDatabase;
}

/**
 * A service whose `t` (3 rows; x set in 2, a and b in every one) A creates, and whose B's down is `down` (OTHER
 * standing for the other database's name); both applied.
 */
async function applied(down: string): Promise<Applied> {
  const other = await createTestDatabase('rb_forms_other');
  cleanups.push(() => other.drop());
  await other.query('CREATE TABLE t (id int PRIMARY KEY, x text); INSERT INTO t VALUES (1, NULL), (2, NULL);');
  const db = await createTestDatabase('rb_forms', { create: false });
  const ws = makeWorkspace({ shop: { database: db.name } });
  ws.writeMigration('shop', A, {
    up: "CREATE TABLE t (id int PRIMARY KEY, x text, a int, b int);\nINSERT INTO t VALUES (1, 'p', 1, 1), (2, 'q', 2, 2), (3, NULL, 3, 3);",
    down: 'DROP TABLE t;',
  });
  ws.writeMigration('shop', B, { up: 'SELECT 1;', down: down.replaceAll('OTHER', other.name) });
  cleanups.push(() => ws.cleanup(), () => db.drop());
  const migrated = await run(ws, ['migrate', '--service', 'shop', '--create-database']);
  expect(migrated.code, migrated.stderr).toBe(0);
  return { ws, db, other };
}

/** `t` of a database as it is: its definition and its rows. */
async function tableT(db: TestDatabase): Promise<string> {
  const [create] = await db.query<Array<Record<string, string>>>('SHOW CREATE TABLE t');
  return `${create?.['Create Table']}\n${JSON.stringify(await db.query('SELECT * FROM t ORDER BY id'))}`;
}

/** Rolls B back without --allow-data-loss: refused (exit 3) with `lines` listed, and `t` unchanged in both databases. */
async function refusedWith(down: string, lines: readonly string[]): Promise<void> {
  const { ws, db, other } = await applied(down);
  const [mine, theirs] = [await tableT(db), await tableT(other)];
  const refused = await run(ws, ['rollback', '--service', 'shop']);
  expect(refused.code, refused.stdout + refused.stderr).toBe(3);
  expect(refused.stdout).toContain('[DATA_LOSS] Rolling back would destroy data');
  for (const line of lines) expect(refused.stdout).toContain(`${DOWN}:${line.replaceAll('OTHER', other.name)}`);
  expect(refused.stdout).not.toContain('already gone');
  expect(await tableT(db)).toBe(mine);
  expect(await tableT(other)).toBe(theirs);
}

describe('rollback reads the names of destructive down statements as the server does', () => {
  it.each([
    ['a comment between DROP TABLE and a qualified name', 'DROP TABLE /* old */ OTHER.t;',
      ['1 (statement 1): drops table `OTHER`.`t` and every row in it (2 rows now)']],
    ['comments inside the qualified name', 'drop table `OTHER` /* a */ . -- b\n t;',
      ['1 (statement 1): drops table `OTHER`.`t` and every row in it (2 rows now)']],
    ['a line comment before the name', 'DROP TABLE -- x\n t;', ['1 (statement 1): drops table `t` and every row in it (3 rows now)']],
    ["mysqldump's IF EXISTS in an executable comment", 'DROP TABLE /*!32312 IF EXISTS*/ t;', ['1 (statement 1): drops table `t` and every row in it (3 rows now)']],
    ['the whole statement in an executable comment', '/*!40000 DROP TABLE t */;', ['1 (statement 1): drops table `t` and every row in it (3 rows now)']],
    ["MariaDB's executable comment", '/*M!100100 DROP TABLE t */;', ['1 (statement 1): drops table `t` and every row in it (3 rows now)']],
    ['line breaks between every word', 'DROP\nTABLE\n`t`\n;', ['1 (statement 1): drops table `t` and every row in it (3 rows now)']],
    ['names in double quotes (ANSI_QUOTES)', 'DROP TABLE "OTHER"."t", "t";', [
      '1 (statement 1): drops table `OTHER`.`t` and every row in it (2 rows now)',
      '1 (statement 1): drops table `t` and every row in it (3 rows now)']],
    ['TRUNCATE with a comment before TABLE', 'TRUNCATE /* all */ TABLE t;', ['1 (statement 1): deletes every row of `t` (3 rows now)']],
    ['DROP without COLUMN', 'ALTER TABLE t DROP x;', ['1 (statement 1): drops column `t`.`x` and its data (3 rows now, 2 with a value in it)']],
    ['several DROP COLUMN clauses', 'ALTER TABLE t DROP COLUMN a, DROP COLUMN b;', [
      '1 (statement 1): drops column `t`.`a` and its data (3 rows now, 3 with a value in it)',
      '1 (statement 1): drops column `t`.`b` and its data (3 rows now, 3 with a value in it)']],
    ['ALTER IGNORE TABLE', 'ALTER IGNORE TABLE t DROP COLUMN x;', ['1 (statement 1): drops column `t`.`x` and its data (3 rows now, 2 with a value in it)']],
    ['ALTER ONLINE TABLE, the column on the next lines', 'ALTER ONLINE TABLE t\n  DROP\n  COLUMN\n  x;', ['1 (statement 1): drops column `t`.`x` and its data (3 rows now, 2 with a value in it)']],
    ['a comment between the clauses and after DROP', 'ALTER TABLE t ADD c int /* new */, DROP /* old */ COLUMN a;',
      ['1 (statement 1): drops column `t`.`a` and its data (3 rows now, 3 with a value in it)']],
    ['a narrowing whose table the snapshot does not know', 'ALTER TABLE t MODIFY /* smaller */ x varchar(1);',
      ['1 (statement 1): narrows `t`.`x` from text to varchar(1): values that do not fit are cut, rounded or refused (3 rows now, 2 with a value in it)']],
    ['IF EXISTS in an executable comment before TABLE: no table name it can read', 'DROP /*!32312 IF EXISTS*/ TABLE t;',
      ['1 (statement 1): drops tables (`DROP IF EXISTS TABLE t`) (rows not counted: the table names could not be read)']],
    ['DROP PARTITION: the rows of the partitions go, not counted', 'ALTER TABLE t DROP PARTITION p0, p1;',
      ['1 (statement 1): deletes the rows of the partitions it drops from `t` (rows not counted: the rows of single partitions are not counted)']],
    ['TRUNCATE PARTITION of another database\'s table', 'ALTER TABLE OTHER.t TRUNCATE PARTITION ALL;',
      ['1 (statement 1): deletes the rows of the partitions it truncates in `OTHER`.`t` (rows not counted: the rows of single partitions are not counted)']],
    ['a list with something other than a name in it', 'DROP TABLE t, (x);', [
      '1 (statement 1): drops table `t` and every row in it (3 rows now)',
      '1 (statement 1): drops tables (`DROP TABLE t , ( x )`) (rows not counted: the table names could not be read)']],
  ])('%s', async (_form, down, lines) => {
    await refusedWith(down, lines);
  });

  it('--json lists a statement it cannot read with why it was not counted', async () => {
    const { ws } = await applied('DROP /*!32312 IF EXISTS*/ TABLE t;');
    const json = await run(ws, ['rollback', '--service', 'shop', '--json']);
    expect(json.code).toBe(3);
    expect(JSON.parse(json.stdout).dataLoss).toEqual([
      expect.objectContaining({ kind: 'drop-table', table: '', rows: null, uncounted: 'the table names could not be read', statement: 1, line: 1 }),
    ]);
  });

  it('"already gone" only when the server says the table or column does not exist; then nothing is refused', async () => {
    const { ws, db } = await applied('DROP TABLE IF EXISTS /* never made */ nothing_here;\nALTER TABLE t DROP COLUMN IF EXISTS nope;');
    const rolled = await run(ws, ['rollback', '--service', 'shop']);
    expect(rolled.code, rolled.stdout + rolled.stderr).toBe(0);
    expect(rolled.stderr).toContain(`${DOWN}:1 (statement 1): drops table \`nothing_here\` and every row in it (already gone)`);
    expect(rolled.stderr).toContain(`${DOWN}:2 (statement 2): drops column \`t\`.\`nope\` and its data (already gone)`);
    expect(await db.query('SELECT COUNT(*) AS n FROM t')).toEqual([{ n: 3 }]);
  });

  it('DROP TEMPORARY TABLE takes nothing that outlives the session: not listed, and a table of that name keeps its rows', async () => {
    const { ws, db } = await applied('CREATE TEMPORARY TABLE t (id int);\nDROP TEMPORARY TABLE t;');
    const rolled = await run(ws, ['rollback', '--service', 'shop']);
    expect(rolled.code, rolled.stdout + rolled.stderr).toBe(0);
    expect(rolled.stdout + rolled.stderr).not.toContain('drops table');
    expect(await db.query('SELECT COUNT(*) AS n FROM t')).toEqual([{ n: 3 }]);
  });

  it('a table the user may not read is not counted, and refused', async () => {
    const { ws, db, other } = await applied('DROP TABLE OTHER.t;');
    const user = uniqueName('rb_forms').slice(0, 32);
    await sql(serverUrl(), `CREATE USER '${user}'@'%' IDENTIFIED BY 'pw'; GRANT ALL ON \`${db.name}\`.* TO '${user}'@'%'`);
    cleanups.push(() => sql(serverUrl(), `DROP USER IF EXISTS '${user}'@'%'`));
    const url = new URL(serverUrl());
    [url.username, url.password] = [user, 'pw'];
    const refused = await run(ws, ['rollback', '--service', 'shop'], undefined, url.toString());
    expect(refused.code, refused.stdout + refused.stderr).toBe(3);
    expect(refused.stdout).toMatch(new RegExp(`drops table \`${other.name}\`\\.\`t\` and every row in it \\(rows not counted: the server would not count them: .*denied`));
    expect(await other.query('SELECT COUNT(*) AS n FROM t')).toEqual([{ n: 2 }]);
  });

  it('with --allow-data-loss the statements run', async () => {
    const { ws, db } = await applied('ALTER TABLE t DROP /* gone */ COLUMN a;\nDROP /*!32312 IF EXISTS*/ TABLE nothing_here;');
    expect((await run(ws, ['rollback', '--service', 'shop'])).code).toBe(3);
    const allowed = await run(ws, ['rollback', '--service', 'shop', '--allow-data-loss']);
    // The second statement is not SQL the server runs: the first ran, and the step stops at the second.
    expect(allowed.stderr).toContain('destroying data (--allow-data-loss)');
    expect(allowed.code).not.toBe(3);
    expect(await db.query("SELECT COUNT(*) AS n FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = 't' AND COLUMN_NAME = 'a'", [db.name])).toEqual([{ n: 0 }]);
  });
});

describe('the question at a terminal names where the data is', () => {
  it('the databases the listed statements name, and statements it could not read', async () => {
    const { ws, db, other } = await applied('DROP TABLE OTHER.t;\nDROP /*!32312 IF EXISTS*/ TABLE t;');
    const declined = await run(ws, ['rollback', '--service', 'shop'], 'no');
    expect(declined.code).toBe(3);
    expect(declined.asked).toEqual(['shop: type yes to run these statements: ']);
    expect(declined.stdout).toContain(`shop: rolling back destroys data on \`${other.name}\`, and in tables of statements it could not read:`);
    expect(declined.stdout).not.toContain(`destroys data on \`${db.name}\``);

    const mixed = await applied('DROP TABLE OTHER.t;\nALTER TABLE t DROP COLUMN x;');
    const asked = await run(mixed.ws, ['rollback', '--service', 'shop'], 'no');
    expect(asked.code).toBe(3);
    expect(asked.stdout).toContain(`shop: rolling back destroys data on \`${mixed.other.name}\` and \`${mixed.db.name}\`:`);
    expect(await tableT(mixed.other)).toContain('[{"id":1,"x":null},{"id":2,"x":null}]');
  });
});
