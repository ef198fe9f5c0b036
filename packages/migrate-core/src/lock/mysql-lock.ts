import { createHash } from 'node:crypto';
import type { Session } from '../db/session.js';
import { LockTimeoutError } from '../errors.js';

/** How long migrate and rollback wait for another run's lock, unless configured. */
export const DEFAULT_LOCK_TIMEOUT_SECONDS = 60;

/** MySQL 5.7+ refuses lock names over 64 characters. */
const MAX_LOCK_NAME = 64;

/** `migrate-core:<database>.<ledger table>`, hashed when too long: one lock per database and ledger. */
export function lockName(database: string, ledgerTable: string): string {
  const name = `migrate-core:${database}.${ledgerTable}`;
  if (name.length <= MAX_LOCK_NAME) return name;
  return `migrate-core:${createHash('sha256').update(name).digest('hex').slice(0, MAX_LOCK_NAME - 13)}`;
}

export interface LockWait {
  readonly holder: number | null;
  readonly timeoutSeconds: number;
}

/**
 * Takes the database's migration lock with GET_LOCK on the migration session itself. The lock belongs to
 * that connection: the server frees it when the connection ends, so a killed process never leaves it held.
 * Resolves to the release function.
 */
export async function acquireLock(session: Session, name: string, timeoutSeconds: number, onWait?: (wait: LockWait) => void): Promise<() => Promise<void>> {
  const take = async (seconds: number) => {
    const rows = await session.query<Array<{ got: number | null }>>('SELECT GET_LOCK(?, ?) AS got', [name, seconds]);
    return rows[0]?.got === 1;
  };
  if (!(await take(0))) {
    const holder = await holderOf(session, name);
    onWait?.({ holder, timeoutSeconds });
    if (!(await take(timeoutSeconds))) throw new LockTimeoutError(session.database, timeoutSeconds, await holderOf(session, name));
  }
  return async () => {
    await session.query('SELECT RELEASE_LOCK(?)', [name]);
  };
}

/** The server connection id holding the lock, or null when it is free. */
export async function holderOf(session: Session, name: string): Promise<number | null> {
  const rows = await session.query<Array<{ holder: number | null }>>('SELECT IS_USED_LOCK(?) AS holder', [name]);
  const holder = rows[0]?.holder;
  return holder === null || holder === undefined ? null : Number(holder);
}
