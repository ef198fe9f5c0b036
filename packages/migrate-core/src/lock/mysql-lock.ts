import { createHash } from 'node:crypto';
import type { Session } from '../db/session.js';
import { LockTimeoutError } from '../errors.js';
import type { Lock } from './lock.js';

/** MySQL 5.7+ refuses lock names over 64 characters. */
const MAX_LOCK_NAME = 64;

/** `migrate-core:<database>.<ledger table>`, hashed when too long: one lock per database and ledger. */
export function lockName(database: string, ledgerTable: string): string {
  const name = `migrate-core:${database}.${ledgerTable}`;
  if (name.length <= MAX_LOCK_NAME) return name;
  return `migrate-core:${createHash('sha256').update(name).digest('hex').slice(0, MAX_LOCK_NAME - 13)}`;
}

/**
 * The database's migration lock: GET_LOCK on the migration session itself. The lock belongs to that
 * connection: the server frees it when the connection ends, so a killed process never leaves it held.
 *
 * @example
 * const release = await createMysqlLock(session, lockName(session.database, table)).acquire(60);
 */
export function createMysqlLock(session: Session, name: string): Lock {
  const holder = async (): Promise<number | null> => {
    const rows = await session.query<Array<{ holder: number | null }>>('SELECT IS_USED_LOCK(?) AS holder', [name]);
    const id = rows[0]?.holder;
    return id === null || id === undefined ? null : Number(id);
  };
  const take = async (seconds: number) => {
    const rows = await session.query<Array<{ got: number | null }>>('SELECT GET_LOCK(?, ?) AS got', [name, seconds]);
    return rows[0]?.got === 1;
  };
  return {
    holder,
    async acquire(timeoutSeconds, onWait) {
      if (!(await take(0))) {
        onWait?.({ holder: await holder(), timeoutSeconds });
        if (!(await take(timeoutSeconds))) throw new LockTimeoutError(session.database, timeoutSeconds, await holder());
      }
      return async () => {
        // Aliased: an unnamed column is named after the expression, the lock name included, and the driver compiles
        // and keeps a row parser per column name, so a fleet run would keep one per database.
        await session.query('SELECT RELEASE_LOCK(?) AS `released`', [name]);
      };
    },
  };
}
