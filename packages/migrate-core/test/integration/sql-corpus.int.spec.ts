import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Connection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, createTestDatabase, type TestDatabase } from '../../../../test/support/db.js';
import { decodeSqlFile } from '../../src/sql/decode.js';
import { flavorOf, type Flavor } from '../../src/sql/flavor.js';
import { tokenize } from '../../src/sql/lexer.js';
import { scanStatements, statementsOf } from '../../src/sql/scan.js';

// The scanner's statements are what the engine will send: each one, sent alone, must be exactly one statement
// the server accepts. A compound body cut at an inner `;` would be a syntax error here.

const DIR = fileURLToPath(new URL('../fixtures/sql/', import.meta.url));
const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

let flavor: Flavor;
beforeAll(async () => {
  const db = await createTestDatabase('sql_flavor');
  cleanups.push(() => db.drop());
  const [row] = await db.query<Array<{ v: string }>>('SELECT VERSION() AS v');
  flavor = flavorOf(row!.v);
});

/** Runs every statement of a corpus file, one query each, on one connection to a fresh database. */
async function runFixture(name: string): Promise<{ db: TestDatabase; connection: Connection }> {
  const db = await createTestDatabase('sql_corpus');
  const connection = await connect(db.url);
  cleanups.push(() => db.drop(), () => connection.end());
  const text = decodeSqlFile(readFileSync(DIR + name), name);
  for (const statement of statementsOf(scanStatements(text, { flavor, file: name }))) {
    await connection.query(statement.sql).catch((error: Error) => {
      throw new Error(`${name}:${statement.start.line}: ${error.message}\n${statement.sql}`);
    });
  }
  return { db, connection };
}

const rows = async (c: Connection, text: string) => (await c.query(text))[0] as Array<Record<string, unknown>>;

describe('scanned statements run on the server as written', () => {
  it('procedures, functions, triggers and events without DELIMITER', async () => {
    const { connection, db } = await runFixture('03-compound.sql');
    const routines = await rows(connection, `SELECT ROUTINE_NAME AS name FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = '${db.name}' ORDER BY 1`);
    expect(routines.map((r) => r['name'])).toEqual(['restock', 'stock_state', 'stock_total']);
    const triggers = await rows(connection, `SELECT TRIGGER_NAME AS name FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = '${db.name}' ORDER BY 1`);
    expect(triggers.map((r) => r['name'])).toEqual(['stock_guard', 'stock_state_ins', 'stock_state_upd']);
    expect(await rows(connection, 'SELECT id, qty, state FROM stock ORDER BY id')).toEqual([{ id: 1, qty: 8, state: 'low' }, { id: 2, qty: 20, state: 'full' }]);
    expect(await rows(connection, 'SELECT stock_total() AS t')).toEqual([{ t: 28 }]);
  });

  it('DELIMITER files', async () => {
    const { connection } = await runFixture('02-delimiter.sql');
    const hits = await rows(connection, 'SELECT n, at IS NOT NULL AS stamped FROM hits ORDER BY n');
    expect(hits).toEqual([{ n: 1, stamped: 1 }, { n: 2, stamped: 1 }]);
  });

  it('MariaDB anonymous blocks and transactions started with BEGIN', async () => {
    const { connection } = await runFixture('04-begin-not-atomic.sql');
    expect(await rows(connection, 'SELECT name, n FROM counters ORDER BY name')).toEqual([
      { name: 'c0', n: 1 }, { name: 'c1', n: 10 }, { name: 'c2', n: 20 }, { name: 'three', n: 3 },
    ]);
  });

  it('mysqldump output: executable comments, triggers, events, routines, views', async () => {
    const { connection, db } = await runFixture('05-mysqldump.sql');
    expect(await rows(connection, 'SELECT order_count(\'paid\') AS paid, (SELECT COUNT(*) FROM paid_orders) AS viewed')).toEqual([{ paid: 1, viewed: 1 }]);
    await connection.query('UPDATE orders SET total = -1 WHERE id = 1');
    expect(await rows(connection, 'SELECT status FROM orders WHERE id = 1')).toEqual([{ status: 'refund; */' }]);
    const events = await rows(connection, `SELECT EVENT_NAME AS name FROM information_schema.EVENTS WHERE EVENT_SCHEMA = '${db.name}'`);
    expect(events).toEqual([{ name: 'nightly_close' }]);
  });

  it('executable comments this server runs, and none of those it would not', async () => {
    const { connection } = await runFixture('06-executable-comments.sql');
    expect(await rows(connection, 'SELECT @maria_only AS m, @before_mysql57 AS b, @always AS a')).toEqual([{ m: 1, b: 1, a: 1 }]);
    expect(await rows(connection, 'SELECT COUNT(*) AS n FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE()')).toEqual([{ n: 2 }]);
  });

  it('CRLF files: a literal keeps its CRs, byte for byte', async () => {
    const { connection } = await runFixture('07-crlf.sql');
    expect(await rows(connection, 'SELECT HEX(body) AS h FROM notes')).toEqual([{ h: Buffer.from('first line\r\nsecond line;\r\nthird\r\n').toString('hex').toUpperCase() }]);
  });

  it('the basics and the migration\'s own transactions', async () => {
    const basics = await runFixture('01-basics.sql');
    expect(await rows(basics.connection, 'SELECT COUNT(*) AS n FROM `orders;archive`')).toEqual([{ n: 1 }]);
    const transactions = await runFixture('08-transactions.sql');
    expect(await rows(transactions.connection, 'SELECT id, balance FROM accounts ORDER BY id')).toEqual([{ id: 1, balance: 100 }, { id: 2, balance: 10 }]);
  });
});

describe('executable comments: the flavor rule agrees with the server', () => {
  const comments = ['/*!', '/*!40101', '/*!50699', '/*!50700', '/*!80000', '/*!99999', '/*!100000', '/*!101100', '/*!999999',
    '/*M!', '/*M!50700', '/*M!80000', '/*M!100100', '/*M!999999'];
  it.each(comments)('%s', async (opening) => {
    const db = await createTestDatabase('sql_exec');
    cleanups.push(() => db.drop());
    const [result] = await db.query<Array<{ x: number }>>(`SELECT 1 ${opening} +1 */ AS x`);
    const expanded = tokenize(`${opening} +1 */`, { flavor })[0]!.kind === 'exec-open';
    expect(expanded).toBe(Number(result!.x) === 2);
  });
});
