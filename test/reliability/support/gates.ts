// Gates: a statement in a test migration, `DO GET_LOCK('<gate>', 600)`, whose lock the test holds, so that the
// migration is parked at that exact statement while the test looks at the ledger and PROCESSLIST, then
// interrupts it (kill, connection cut, signal, server stop), then releases the gate. Interruptions come from
// observable state, never from timing.
import type { Connection } from 'mysql2/promise';
import { expect } from 'vitest';
import { connect, serverUrl, type TestDatabase } from '../../support/db.js';
import { pollUntil } from '../../support/poll.js';
import type { RunningCli } from '../../support/processes.js';
import { lockName } from '../../../packages/migrate-core/src/lock/mysql-lock.js';

/** The statement that parks a migration at gate `name`. */
export const gateSql = (name: string) => `DO GET_LOCK('${name}', 600);`;

export interface Gate {
  readonly name: string;
  /** Lets the parked migration go on. */
  release(): Promise<void>;
}

/** Holds gate `name` on a connection of its own (on `url`, the test server by default). */
export async function holdGate(name: string, url = serverUrl()): Promise<Gate & { readonly connection: Connection }> {
  const connection = await connect(url);
  const [rows] = await connection.query('SELECT GET_LOCK(?, 0) AS got', [name]);
  expect((rows as Array<{ got: number }>)[0]?.got, `gate ${name} is free`).toBe(1);
  return {
    name,
    connection,
    async release() {
      await connection.end().catch(() => connection.destroy());
    },
  };
}

interface Process {
  readonly id: number;
  readonly state: string;
  readonly info: string | null;
}

/** The server's connections, with what each runs. */
export async function processes(url = serverUrl()): Promise<Process[]> {
  const connection = await connect(url);
  try {
    const [rows] = await connection.query('SELECT ID AS id, STATE AS state, INFO AS info FROM information_schema.PROCESSLIST');
    return (rows as Process[]).map((row) => ({ id: Number(row.id), state: String(row.state ?? ''), info: row.info }));
  } finally {
    await connection.end();
  }
}

/** Polls `check` until it gives a value (up to `seconds`), failing the test with `what` otherwise. */
export async function until<T>(what: string, check: () => Promise<T | undefined>, seconds = 30): Promise<T> {
  return (await pollUntil(what, check, (value) => value !== undefined, { timeoutMs: seconds * 1000 }))!;
}

/** Waits until a connection is parked at gate `name`; its connection id. */
export async function parkedAt(name: string, url = serverUrl()): Promise<number> {
  return until(`a migration parked at gate ${name}`, async () =>
    (await processes(url)).find((p) => p.info?.includes(`GET_LOCK('${name}'`) && p.state.toLowerCase().includes('lock'))?.id);
}

/** Waits until a connection runs a statement whose text contains `text` (a DDL waiting for a lock, a ledger write...). */
export async function running(text: string, url = serverUrl()): Promise<number> {
  return until(`a connection running "${text}"`, async () => (await processes(url)).find((p) => p.info?.includes(text))?.id);
}

/** The server connection holding the migration lock of `db`, or null. */
export async function lockHolder(db: TestDatabase, ledger = '_migrate_core_ledger'): Promise<number | null> {
  const [row] = await db.query<Array<{ holder: number | null }>>('SELECT IS_USED_LOCK(?) AS holder', [lockName(db.name, ledger)]);
  return row?.holder ?? null;
}

/** Waits until nobody holds the migration lock of `db`: the server has finished what the last runner sent. */
export async function lockFreed(db: TestDatabase): Promise<void> {
  await until(`the migration lock of ${db.name} to be free`, async () => ((await lockHolder(db)) === null ? true : undefined), 60);
}

/** Cuts connection `id` on the server, as a network loss or a DBA's KILL would. */
export async function cutConnection(id: number, url = serverUrl()): Promise<void> {
  const connection = await connect(url);
  try {
    await connection.query(`KILL CONNECTION ${Number(id)}`);
  } finally {
    await connection.end();
  }
}

/**
 * Runs `migrate` in scenario `s` until it parks at gate `name`, interrupts it there (`cut`: its connection, as a
 * network loss or a DBA's KILL would; `SIGKILL`: the process, while the server goes on), then releases the gate
 * and waits until the server has finished what it received. The interrupted run's result.
 */
export async function interruptAtGate(s: { start(...args: string[]): RunningCli; db: TestDatabase }, name: string, how: 'cut' | 'SIGKILL', url = serverUrl()) {
  const gate = await holdGate(name, url);
  const victim = s.start('migrate');
  const id = await parkedAt(name, url);
  if (how === 'cut') await cutConnection(id, url);
  else victim.child.kill('SIGKILL');
  const result = await victim.done;
  await gate.release();
  await lockFreed(s.db);
  return result;
}
