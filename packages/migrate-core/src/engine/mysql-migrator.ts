import { isSystemSchema } from '../db/identifiers.js';
import { ACCESS_DENIED_ERRORS, isServerError } from '../db/server-errors.js';
import { grantAll } from '../db/connect-error.js';
import { openSession, type Session } from '../db/session.js';
import { ConfigError, MigrateError } from '../errors.js';
import { DEFAULT_LEDGER_TABLE } from '../ledger/ledger-sql.js';
import { createMysqlLedger } from '../ledger/mysql-ledger.js';
import { signatureSql } from '../ledger/signature-sql.js';
import { createMysqlLock, databaseLockName } from '../lock/mysql-lock.js';
import { flavorOf } from '../sql/flavor.js';
import { STEPS_PER_ROUND_TRIP } from './together.js';
import { createMigrator, type Migrator, type MigratorOptions } from './migrator.js';
import { createMysqlRunner, DEFAULT_SERVER_TIMEOUT_SECONDS } from './mysql-runner.js';
import type { Inspector } from './proof.js';

export interface MysqlMigratorOptions extends Omit<MigratorOptions, 'database' | 'ledger' | 'lock' | 'runner' | 'explainError' | 'inspector'> {
  /** The one connection everything runs on: the lock belongs to it. */
  readonly session: Session;
  /** @default DEFAULT_LEDGER_TABLE */
  readonly ledgerTable?: string;
  /**
   * Seconds the server may leave a second connection's question unanswered while a statement runs, before the
   * run gives up with SERVER_NOT_ANSWERING (the ledger stays resumable). @default DEFAULT_SERVER_TIMEOUT_SECONDS
   */
  readonly serverTimeoutSeconds?: number;
  /** Aborted: the statement in progress is interrupted on the server (KILL QUERY), and the run ends. */
  readonly cancel?: AbortSignal;
  /** Opens the second connection that watches a long round trip. @default a new session with the same settings */
  readonly probe?: () => Promise<Session>;
}

/** The server's flavor and signatures of schema objects, read on the session. */
export function mysqlInspector(session: Session): Inspector {
  return {
    flavor: async () => flavorOf((await session.serverInfo()).version),
    async signature(objects, options) {
      const command = signatureSql(session.database, objects, options);
      const rows = await session.query<Array<{ s: string | null }>>(`SELECT ${command.sql} AS \`s\``, command.values);
      return rows[0]?.s ?? null;
    },
  };
}

/**
 * The migrator of the session's database: its ledger table, its GET_LOCK lock, its statements sent on the
 * session; all on the one connection, watched from a second one while a statement runs long.
 *
 * @example
 * const migrator = createMysqlMigrator({ session, source: createFolderSource('services/first/migrations') });
 * const report = await migrator.migrate();            // to the latest
 * await migrator.rollback({ target: { kind: 'steps', n: 1 } });
 */
export function createMysqlMigrator(options: MysqlMigratorOptions): Migrator {
  const { session, ledgerTable = DEFAULT_LEDGER_TABLE, serverTimeoutSeconds, cancel, probe, ...rest } = options;
  if (isSystemSchema(session.database)) {
    throw new ConfigError([`\`${session.database}\` is one of the server's own schemas: a service's migrations and ledger never go there.`],
      'Give the service its own database in migrate.config.json ("database": "<name>").');
  }
  const ledger = createMysqlLedger(session, ledgerTable);
  return createMigrator({
    stepsPerRoundTrip: STEPS_PER_ROUND_TRIP,
    ...rest,
    database: session.database,
    ledger,
    lock: createMysqlLock(session, () => databaseLockName(session, ledgerTable)),
    runner: createMysqlRunner(session, ledger, {
      // The probe gives up on a server that does not answer as soon as the watch would.
      probe: probe ?? (() => openSession(session.settings, { connectTimeoutMs: (serverTimeoutSeconds ?? DEFAULT_SERVER_TIMEOUT_SECONDS) * 1000 })),
      ...(serverTimeoutSeconds === undefined ? {} : { serverTimeoutSeconds }),
      signal: rest.signal, cancel,
    }),
    inspector: mysqlInspector(session),
    explainError: (error) => accessDenied(session, error),
  });
}

/** A user who may read the database but not write its ledger (or lock it): a setup problem, with the grant to run. */
function accessDenied(session: Session, error: unknown): MigrateError | undefined {
  if (!isServerError(error, ...ACCESS_DENIED_ERRORS)) return undefined;
  const server = error as { sqlMessage?: string };
  const { database, settings } = session;
  return new MigrateError('ACCESS_DENIED', `${database}: ${server.sqlMessage ?? String(error)} (user '${settings.user}', from ${settings.source}).`, {
    cause: error,
    hint: `Commands that change the database need rights to create and write its tables: ${grantAll(settings)} (\`status\`, \`drift\` and \`plan\` need SELECT only).`,
  });
}
