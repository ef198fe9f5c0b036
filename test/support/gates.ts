// Gates: locks the test holds on a connection of its own, at which a migration's statement (or its progress write)
// stops, so that the test interrupts it at an exact point (kills the process, cuts the connection, signals it,
// stops the server), never at a guessed moment; and the waits for what the server shows meanwhile.
import type { Connection } from 'mysql2/promise';
import { lockName, stopLockName } from '../../packages/migrate-core/src/lock/mysql-lock.js';
import type { CliResult } from './cli.js';
import { connect, sql, type TestDatabase } from './db.js';
import { LEDGER } from './ledger.js';
import { pollUntil } from './poll.js';
import type { RunningCli } from './processes.js';

/** A connection, as SHOW PROCESSLIST lists it. */
export interface ProcessRow {
  readonly id: number;
  readonly database: string | null;
  readonly state: string | null;
  readonly info: string | null;
}

/**
 * A lock held by the test's own connection, at which a migration's statement (or ledger write) stops until
 * the test opens it: the way to interrupt a migration at an exact point, never at a guessed moment.
 */
export interface Gate {
  /** What the gate holds, for messages. */
  readonly what: string;
  /** True when a connection (its PROCESSLIST row) is stopped at this gate. */
  holds(row: ProcessRow): boolean;
  /**
   * What the server does with a statement waiting here once that connection's client has died: `fails` (a
   * metadata lock wait ends in an error, and the rest of the batch is dropped), `goes on` (GET_LOCK returns 0),
   * or `waits` (a row lock wait lasts until the gate opens).
   */
  readonly whenClientDies: 'fails' | 'goes on' | 'waits';
  /** Releases the lock, so the stopped statement goes on, and closes the gate's connection. Safe to call twice. */
  open(): Promise<void>;
}

/** Opens a connection, takes the lock with `hold`; `release` (a statement) gives it back. */
async function holdGate(db: TestDatabase, what: string, hold: (connection: Connection) => Promise<void>, release: string,
  holds: (row: ProcessRow) => boolean, whenClientDies: Gate['whenClientDies']): Promise<Gate> {
  const connection = await connect(db.url);
  await hold(connection);
  let opened = false;
  return {
    what,
    holds,
    whenClientDies,
    async open() {
      if (opened) return;
      opened = true;
      await connection.query(release).catch(() => {});
      await connection.end().catch(() => connection.destroy());
    },
  };
}

/** The statement that parks a migration at the user lock gate `name` (see userLockGate). */
export const gateSql = (name: string) => `DO GET_LOCK('${name}', 600);`;

const ledgerWrite = (verb: 'UPDATE' | 'INSERT INTO') => new RegExp(`^${verb}\\s+(\`\\w+\`\\.)?\`${LEDGER}\``);

/** Holds the user lock `name`: a statement calling GET_LOCK('<name>', ...) waits at it. */
export function userLockGate(db: TestDatabase, name: string): Promise<Gate> {
  return holdGate(db, `user lock '${name}'`, async (connection) => {
    const [rows] = await connection.query('SELECT GET_LOCK(?, 0) AS got', [name]);
    if ((rows as Array<{ got: number }>)[0]?.got !== 1) throw new Error(`the user lock '${name}' is already taken`);
  }, 'DO RELEASE_ALL_LOCKS()', (row) => row.state === 'User lock' && (row.info ?? '').includes(`'${name}'`), 'goes on');
}

/** Holds a write lock on `table`: a DDL statement on it waits for its metadata lock. */
export function tableGate(db: TestDatabase, table: string): Promise<Gate> {
  return holdGate(db, `table ${table}`, async (connection) => {
    await connection.query(`LOCK TABLES \`${table}\` WRITE`);
  }, 'UNLOCK TABLES', (row) => /metadata lock/.test(row.state ?? '') && new RegExp(`\\b${table}\\b`).test(row.info ?? ''), 'fails');
}

/** Holds the ledger row of migration `id`: the engine's next progress write of that migration waits for it. */
export function ledgerRowGate(db: TestDatabase, id: string): Promise<Gate> {
  return holdGate(db, `the ledger row of ${id}`, async (connection) => {
    await connection.query('START TRANSACTION');
    const [rows] = await connection.query(`SELECT id FROM \`${LEDGER}\` WHERE id = ? FOR UPDATE`, [id]);
    if ((rows as unknown[]).length !== 1) throw new Error(`the ledger has no row ${id} to hold`);
  }, 'ROLLBACK', (row) => ledgerWrite('UPDATE').test(row.info ?? '') && (row.info ?? '').includes(`'${id}'`), 'waits');
}

/** Holds the ledger's gap after `id` (next-key locks): the row of the next migration, its first write, waits for it. */
export function ledgerGapGate(db: TestDatabase, id: string): Promise<Gate> {
  return holdGate(db, `the ledger after ${id}`, async (connection) => {
    await connection.query('SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ');
    await connection.query('START TRANSACTION');
    await connection.query(`SELECT id FROM \`${LEDGER}\` WHERE id > ? FOR UPDATE`, [id]);
  }, 'ROLLBACK', (row) => ledgerWrite('INSERT INTO').test(row.info ?? ''), 'waits');
}

/** The migration lock of `db` itself, held by the test: every runner waits for it. */
export function migrationLockGate(db: TestDatabase): Promise<Gate> {
  return userLockGate(db, lockName(db.name, LEDGER));
}

/**
 * The connections of the server of `db`. SHOW FULL PROCESSLIST, not information_schema.PROCESSLIST: polled many
 * times a second, it must not make the server build an internal temporary table each time.
 */
async function processRows(db: TestDatabase): Promise<ProcessRow[]> {
  const rows = await sql<Array<{ Id: number; db: string | null; State: string | null; Info: string | null }>>(db.url, 'SHOW FULL PROCESSLIST');
  return rows.map((row) => ({ id: Number(row.Id), database: row.db, state: row.State, info: row.Info }));
}

/** The server connection holding the migration lock of `db` (the one running a migration), or null. */
export async function migrationConnection(db: TestDatabase): Promise<number | null> {
  const [row] = await db.query<Array<{ holder: number | null }>>('SELECT IS_USED_LOCK(?) AS holder', [lockName(db.name, LEDGER)]);
  return row?.holder === null || row?.holder === undefined ? null : Number(row.holder);
}

/**
 * Waits until the connection running the migration of `db` is stopped at `gate`, and returns its id. With
 * `cli`, fails at once if that process exits first.
 */
export async function waitUntilParked(db: TestDatabase, gate: Gate, cli?: RunningCli): Promise<number> {
  const row = await pollUntil(`the migration of ${db.name} to stop at ${gate.what}`, async () => {
    const id = await migrationConnection(db);
    return id === null ? null : (await processRows(db)).find((row) => row.id === id) ?? null;
  }, (seen) => seen !== null && gate.holds(seen), cli ? { giveUpIf: () => cli.exitReport() } : {});
  return row!.id;
}

/** Waits until `count` connections of `db` are stopped at `gate` (e.g. runners waiting for the migration lock). */
export async function waitUntilWaiting(db: TestDatabase, gate: Gate, count: number): Promise<void> {
  await pollUntil(`${count} connections to wait at ${gate.what}`, async () => (await processRows(db)).filter((row) => row.database === db.name && gate.holds(row)).length,
    (waiting) => waiting === count);
}

/**
 * Waits until a connection of the server of `db` runs a statement that contains `text` (a DDL statement waiting
 * for a lock, a ledger write...), and returns its id. With `cli`, fails at once if that process exits first.
 */
export async function waitUntilRunning(db: TestDatabase, text: string, cli?: RunningCli): Promise<number> {
  const row = await pollUntil(`a connection running "${text}"`, async () => (await processRows(db)).find((row) => row.info?.includes(text)),
    (found) => found !== undefined, cli ? { giveUpIf: () => cli.exitReport() } : {});
  return row!.id;
}

/** Waits until the runner on server connection `id` holds its stop lock: it has taken a stop request (a signal). */
export async function waitUntilStopping(db: TestDatabase, id: number): Promise<void> {
  await pollUntil(`the stop lock of server connection ${id}`, async () => (await db.query<Array<{ holder: number | null }>>(
    'SELECT IS_USED_LOCK(?) AS holder', [stopLockName(id)]))[0]?.holder ?? null, (holder) => holder !== null);
}

/**
 * KILL CONNECTION `id` on the server of `db`, as a network loss or a DBA's KILL would, then waits until the
 * server has ended it: its statement undone, its locks free.
 */
export async function killConnection(db: TestDatabase, id: number): Promise<void> {
  await sql(db.url, `KILL CONNECTION ${Number(id)}`);
  await pollUntil(`server connection ${id} to end`, async () => (await processRows(db)).find((row) => row.id === id), (row) => row === undefined);
}

/**
 * Waits until nobody holds the migration lock of `db`. After its client died, the server goes on with the
 * statements it had received, under the lock; only once the lock is free is the database in the state the
 * next run starts from.
 */
export async function waitForLockFree(db: TestDatabase): Promise<void> {
  await pollUntil(`the migration lock of ${db.name} to be free`, () => migrationConnection(db), (holder) => holder === null);
}

export type Interruption = 'SIGKILL' | 'KILL CONNECTION';

/**
 * Interrupts the migration run by `cli`, stopped at `gate` on server connection `id`: kills the process
 * (SIGKILL) or cuts the connection on the server (KILL CONNECTION). Returns once all has settled: the process
 * has exited, the server has run whatever it still will, the gate is open and the migration lock is free.
 */
export async function interrupt(db: TestDatabase, cli: RunningCli, id: number, gate: Gate, how: Interruption): Promise<CliResult> {
  let result: CliResult;
  if (how === 'KILL CONNECTION') {
    await killConnection(db, id);
    await gate.open();
    result = await cli.done;
  } else {
    cli.child.kill('SIGKILL');
    result = await cli.done;
    // Opening such a gate before the server notices the dead client would let the statement run after all.
    if (gate.whenClientDies === 'fails') await waitForLockFree(db);
    await gate.open();
  }
  await waitForLockFree(db);
  return result;
}

/**
 * Starts `migrate` in scenario `s`, waits until it parks at the user lock gate `name` (a `gateSql(name)` statement
 * of its migration), and interrupts it there (see interrupt). The interrupted run's result.
 */
export async function interruptAtGate(s: { db: TestDatabase; start(...args: string[]): RunningCli }, name: string, how: Interruption): Promise<CliResult> {
  const gate = await userLockGate(s.db, name);
  const victim = s.start('migrate');
  return interrupt(s.db, victim, await waitUntilParked(s.db, gate, victim), gate, how);
}

/**
 * Holds the metadata lock of `table` (a transaction that read it), so that a DDL statement on it waits until
 * `release()`: a point to interrupt a migration at, from observable state.
 */
export async function holdTable(db: TestDatabase, table: string): Promise<{ release(): Promise<void> }> {
  const holder = await connect(db.url);
  await holder.query('START TRANSACTION');
  await holder.query(`SELECT * FROM \`${table}\``);
  return {
    release: async () => {
      await holder.query('COMMIT');
      await holder.end();
    },
  };
}
