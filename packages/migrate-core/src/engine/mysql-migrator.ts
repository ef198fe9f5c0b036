import { grantAll, type Session } from '../db/session.js';
import { MigrateError } from '../errors.js';
import { DEFAULT_LEDGER_TABLE } from '../ledger/ledger-sql.js';
import { createMysqlLedger } from '../ledger/mysql-ledger.js';
import { createMysqlLock, lockName } from '../lock/mysql-lock.js';
import { createMigrator, type Migrator, type MigratorOptions } from './migrator.js';
import { createMysqlRunner } from './mysql-runner.js';

export interface MysqlMigratorOptions extends Omit<MigratorOptions, 'database' | 'ledger' | 'lock' | 'runner' | 'explainError'> {
  /** The one connection everything runs on: the lock belongs to it. */
  readonly session: Session;
  /** @default DEFAULT_LEDGER_TABLE */
  readonly ledgerTable?: string;
}

/**
 * The migrator of the session's database: its ledger table, its GET_LOCK lock, its statements sent on the
 * session; all on the one connection.
 *
 * @example
 * const migrator = createMysqlMigrator({ session, source: createFolderSource('services/first/migrations') });
 * const report = await migrator.migrate();            // to the latest
 * await migrator.rollback({ target: { kind: 'steps', n: 1 } });
 */
export function createMysqlMigrator(options: MysqlMigratorOptions): Migrator {
  const { session, ledgerTable = DEFAULT_LEDGER_TABLE, ...rest } = options;
  const ledger = createMysqlLedger(session, ledgerTable);
  return createMigrator({
    ...rest,
    database: session.database,
    ledger,
    lock: createMysqlLock(session, lockName(session.database, ledgerTable)),
    runner: createMysqlRunner(session, ledger),
    explainError: (error) => accessDenied(session, error),
  });
}

/** Table, column, database and privilege-level refusals: the user lacks rights, the migrations are not at fault. */
const ACCESS_DENIED_ERRNOS = new Set([1142, 1143, 1044, 1227]);

/** A user who may read the database but not write its ledger (or lock it): a setup problem, with the grant to run. */
function accessDenied(session: Session, error: unknown): MigrateError | undefined {
  const server = error as { errno?: number; sqlMessage?: string };
  if (server.errno === undefined || !ACCESS_DENIED_ERRNOS.has(server.errno)) return undefined;
  const { database, settings } = session;
  return new MigrateError('ACCESS_DENIED', `${database}: ${server.sqlMessage ?? String(error)} (user '${settings.user}', from ${settings.source}).`, {
    cause: error,
    hint: `Commands that change the database need rights to create and write its tables: ${grantAll(settings)} (\`status\`, \`drift\` and \`plan\` need SELECT only).`,
  });
}
