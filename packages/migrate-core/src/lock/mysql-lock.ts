import { createHash } from 'node:crypto';
import type { ServerErrorName } from '../db/server-errors.js';
import type { Session } from '../db/session.js';
import { LockTimeoutError } from '../errors.js';
import type { Lock } from './lock.js';

/** MySQL 5.7+ refuses lock names over 64 characters. */
const MAX_LOCK_NAME = 64;

/**
 * The longest wait GET_LOCK honours: measured on MariaDB 10.11, larger values (99999999999) make it give up at
 * once, which would read as a lock timeout. One year.
 */
export const MAX_LOCK_TIMEOUT_SECONDS = 31_536_000;

/**
 * `migrate-core:<database>.<ledger table>`, hashed when too long: one lock per database and ledger. Lock names
 * compare as written, while a server with lower_case_table_names 1 or 2 reads `Shop` and `shop` as one
 * database: with `lowerCase`, both names are lower-cased first, so that every spelling takes the same lock.
 */
export function lockName(database: string, ledgerTable: string, options: { lowerCase?: boolean } = {}): string {
  const fold = (name: string) => (options.lowerCase ? name.toLowerCase() : name);
  const name = `migrate-core:${fold(database)}.${fold(ledgerTable)}`;
  if (name.length <= MAX_LOCK_NAME) return name;
  return `migrate-core:${createHash('sha256').update(name).digest('hex').slice(0, MAX_LOCK_NAME - 13)}`;
}

/**
 * The lock a second connection takes to ask the migration's connection `connectionId` to stop after its
 * current statement: the stop points of a round trip check it (see STOP_CHECK_SQL).
 */
export function stopLockName(connectionId: number): string {
  return `migrate-core:stop:${connectionId}`;
}

/**
 * A stop point between statements: it fails (ER_DATA_OUT_OF_RANGE, "DOUBLE value is out of range in 'exp(1000)'",
 * whatever the sql_mode) when someone holds this connection's stop lock, and the server then runs nothing
 * after it. EXP(1000) is only evaluated then. It sets a user variable because DO ignores errors, and SELECT
 * would return rows.
 */
export const STOP_CHECK_SQL = "SET @migrate_core_stop = IF(IS_USED_LOCK(CONCAT('migrate-core:stop:', CONNECTION_ID())) IS NULL, 0, EXP(1000))";

/** The server's error for a stop point whose stop lock is held. */
export const STOP_ERROR: ServerErrorName = 'ER_DATA_OUT_OF_RANGE';

/** The lock of the session's database and `ledgerTable`, folded as the server compares names (see lockName). */
export async function databaseLockName(session: Session, ledgerTable: string): Promise<string> {
  return lockName(session.database, ledgerTable, { lowerCase: (await session.serverInfo()).lowerCaseTableNames !== 0 });
}

/**
 * The database's migration lock: GET_LOCK on the migration session itself. The lock belongs to that
 * connection: the server frees it when the connection ends, so a killed process never leaves it held.
 * `name` is the lock's name, or a function that works it out when the lock is first used (databaseLockName).
 *
 * @example
 * const release = await createMysqlLock(session, () => databaseLockName(session, ledgerTable)).acquire(60);
 */
export function createMysqlLock(session: Session, name: string | (() => Promise<string>)): Lock {
  let resolved: Promise<string> | undefined;
  const nameOf = () => (resolved ??= typeof name === 'string' ? Promise.resolve(name) : name());
  const holder = async (): Promise<number | null> => {
    const rows = await session.query<Array<{ holder: number | null }>>('SELECT IS_USED_LOCK(?) AS holder', [await nameOf()]);
    const id = rows[0]?.holder;
    return id === null || id === undefined ? null : Number(id);
  };
  const take = async (seconds: number) => {
    const rows = await session.query<Array<{ got: number | null }>>('SELECT GET_LOCK(?, ?) AS got', [await nameOf(), Math.min(seconds, MAX_LOCK_TIMEOUT_SECONDS)]);
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
        await session.query('SELECT RELEASE_LOCK(?) AS `released`', [await nameOf()]);
      };
    },
  };
}
