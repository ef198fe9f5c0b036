import type { Connection, ConnectionOptions } from 'mysql2/promise';
import type { SslOptions } from 'mysql2';
import { MigrateError } from '../errors.js';
import { grantDatabase, quoteIdentifier } from './identifiers.js';
import { isServerError, UNREACHABLE_CODES } from './server-errors.js';
import { runScript, type RawConnection, type ScriptResult } from './script.js';
import { describeTlsError, identityStream, sslOptionsFor, type TlsOptions } from './tls.js';

export { ScriptError, type ScriptResult } from './script.js';

/** Where and how to connect, already resolved from config and environment. */
export interface ConnectionSettings {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  readonly database: string;
  readonly socketPath?: string;
  /** Absent: a plain connection. */
  readonly tls?: TlsOptions;
  /** Where the settings came from, for messages: `FIRST_DATABASE_URL`, `DATABASE_URL`, `embedded dev database`. */
  readonly source: string;
  /** `mysql://user:****@host:port/db`: safe to print. */
  readonly display: string;
}

/** What the engine needs to know of the server, read once per session. */
export interface ServerInfo {
  /** `SELECT VERSION()`, e.g. `10.11.19-MariaDB-0+deb12u1` or `8.0.36`. */
  readonly version: string;
  /** 0: names compared as written; 1 and 2: database and table names compared without case. */
  readonly lowerCaseTableNames: number;
  /** The largest packet (one round trip of statements) the server accepts, in bytes. */
  readonly maxAllowedPacket: number;
  readonly connectionId: number;
}

/** How long a connection may take to open. */
const CONNECT_TIMEOUT_MS = 10_000;

/** One dedicated connection: the migration lock belongs to it, so every statement must run on it. */
export interface Session {
  readonly database: string;
  readonly settings: ConnectionSettings;
  /** Runs one statement; `values` fill `?` placeholders. Resolves to rows for queries. */
  query<T = Record<string, unknown>[]>(sql: string, values?: readonly unknown[]): Promise<T>;
  /**
   * Sends several statements in one round trip; the server runs them in order and stops at the first error,
   * which rejects with a ScriptError saying how many ran. Statements must not end with `;`. Every statement
   * but the last must return one result (the last may be a CALL that returns several).
   */
  script(statements: readonly string[]): Promise<ScriptResult>;
  /** Fills `?` placeholders with escaped literals (and `RawSql` values with their text). */
  format(sql: string, values: readonly unknown[]): string;
  /** The server's id for this connection (as seen in `IS_USED_LOCK`, `SHOW PROCESSLIST`). */
  connectionId(): Promise<number>;
  /** Server version string, e.g. `10.11.19-MariaDB`. */
  serverVersion(): Promise<string>;
  /**
   * This connection for another database of the same server, reset as a new connection would be (COM_CHANGE_USER:
   * session variables, temporary tables, transactions and GET_LOCK locks are gone), instead of opening another.
   * The session it is called on must not be used afterwards. Rejects like openSession when the database is missing.
   */
  reuseFor?(settings: ConnectionSettings, options?: { createDatabase?: boolean }): Promise<Session>;
  /** Version, name case rule, packet limit and connection id, read in one query and kept. */
  serverInfo(): Promise<ServerInfo>;
  /**
   * Drops the connection at once, without waiting for the server (which may have stopped answering): what is
   * in flight fails with a lost connection. The server ends the session, and frees its lock, when it notices.
   */
  abort(): void;
  close(): Promise<void>;
}

interface ServerError {
  code?: string;
  errno?: number;
  sqlMessage?: string;
  message?: string;
}

/** The statement that gives the settings' user every right on its database, for hints. */
export function grantAll(settings: ConnectionSettings): string {
  return `GRANT ALL ON ${grantDatabase(settings.database)}.* TO '${settings.user.replace(/'/g, "''")}'@'%';`;
}

/** Turns a connection failure into a message that says where, why and what to do, without the password. */
export function describeConnectError(error: unknown, settings: ConnectionSettings): MigrateError {
  const e = error as ServerError;
  const where = settings.socketPath ? `socket ${settings.socketPath}` : `${settings.host}:${settings.port}`;
  const origin = `(from ${settings.source}: ${settings.display})`;
  const tls = describeTlsError(e, settings, where, origin);
  if (tls !== undefined) return tls;
  if (isServerError(e, 'ER_ACCESS_DENIED_ERROR')) {
    return new MigrateError('ACCESS_DENIED', `Access denied for user '${settings.user}' on ${where} ${origin}: wrong user or password.`,
      { hint: `Check the credentials in ${settings.source}.`, cause: error });
  }
  if (isServerError(e, 'ER_DBACCESS_DENIED_ERROR')) {
    return new MigrateError('ACCESS_DENIED', `User '${settings.user}' has no rights on database \`${settings.database}\` on ${where} ${origin}.`,
      { hint: `Grant them: ${grantAll(settings)}`, cause: error });
  }
  if (isServerError(e, 'ER_BAD_DB_ERROR')) {
    return new MigrateError('NO_DATABASE', `Database \`${settings.database}\` does not exist on ${where} ${origin}.`,
      { hint: `Create it: run the command again with --create-database, or run CREATE DATABASE \`${settings.database}\`; on the server.`, cause: error });
  }
  const code = e.code ?? 'unknown error';
  const reason = code === 'ECONNREFUSED' ? 'connection refused' : code === 'ENOTFOUND' ? 'unknown host' : code === 'ETIMEDOUT' ? 'timed out' : (e.sqlMessage ?? e.message ?? code);
  return new MigrateError('CONNECTION', `Cannot connect to the database server at ${where} ${origin}: ${reason}.`,
    { hint: UNREACHABLE_CODES.has(code)
      ? `Is the server running and reachable? Check ${settings.source} (for the embedded dev database instead, unset every database URL variable).`
      : `Check ${settings.source}.`, cause: error });
}

function optionsFor(settings: ConnectionSettings, withDatabase: boolean, ssl: SslOptions | undefined, connectTimeout: number): ConnectionOptions {
  return {
    host: settings.host,
    port: settings.port,
    user: settings.user,
    password: settings.password,
    ...(withDatabase ? { database: settings.database } : {}),
    ...(settings.socketPath ? { socketPath: settings.socketPath } : {}),
    ...(ssl ? { ssl } : {}),
    ...(settings.tls?.mode === 'VERIFY_IDENTITY' ? { stream: identityStream(settings) } : {}),
    connectTimeout,
    // Ledger times are written and read as UTC, whatever the machine's zone.
    timezone: 'Z',
    dateStrings: false,
    supportBigNumbers: true,
    // The executor sends a migration's statements and ledger writes in one round trip (Session.script).
    multipleStatements: true,
    // No prepared statements are used. mysql2's default cache of 16000 preallocates about 0.5 MB per connection,
    // which a fleet run opening a connection per database pays over and over (measured: 300 connections, peak
    // RSS 118 MB and 1.7-2.5 ms each; with 1: 67 MB and 0.9 ms each).
    maxPreparedStatements: 1,
    // A peer that vanished (a cut network) is noticed by the operating system, not only on the next write.
    enableKeepAlive: true,
    keepAliveInitialDelay: 10_000,
  };
}

async function connect(settings: ConnectionSettings, withDatabase: boolean, connectTimeout: number): Promise<Connection> {
  // mysql2 is CommonJS: its exports are the default export, in Node and in the CLI's bundle alike.
  const mysql = (await import('mysql2/promise')).default;
  const ssl = await sslOptionsFor(settings);
  const open = async (options: ConnectionOptions) => {
    const connection = await mysql.createConnection(options);
    // A dropped connection must surface as a failed query, not as an unhandled 'error' event.
    connection.on('error', () => {});
    return connection;
  };
  try {
    return await open(optionsFor(settings, withDatabase, ssl, connectTimeout));
  } catch (error) {
    // PREFERRED, as the mysql client: TLS when the server offers it, else a plain connection.
    if (settings.tls?.mode === 'PREFERRED' && (error as ServerError).code === 'HANDSHAKE_NO_SSL_SUPPORT') {
      try {
        return await open(optionsFor(settings, withDatabase, undefined, connectTimeout));
      } catch (plainError) {
        throw describeConnectError(plainError, settings);
      }
    }
    throw describeConnectError(error, settings);
  }
}

/**
 * Opens the session for one service's database. With `createDatabase`, a missing database is created
 * (`CREATE DATABASE IF NOT EXISTS`, utf8mb4) instead of reported.
 */
export async function openSession(settings: ConnectionSettings, options: { createDatabase?: boolean; connectTimeoutMs?: number } = {}): Promise<Session> {
  let connection: Connection;
  const timeout = options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS;
  try {
    connection = await connect(settings, true, timeout);
  } catch (error) {
    if (!(error instanceof MigrateError && error.code === 'NO_DATABASE' && options.createDatabase)) throw error;
    connection = await connect(settings, false, timeout);
    await useDatabase(connection, settings, true);
  }
  return wrap(connection, settings);
}

/** Makes the settings' database the connection's default: `USE`, after creating it when asked to. */
async function useDatabase(connection: Connection, settings: ConnectionSettings, create: boolean): Promise<void> {
  const name = quoteIdentifier(settings.database);
  try {
    if (create) await connection.query(`CREATE DATABASE IF NOT EXISTS ${name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    await connection.query(`USE ${name}`);
  } catch (error) {
    const e = error as ServerError;
    if (!create) throw describeConnectError(error, settings);
    await connection.end().catch(() => {});
    throw new MigrateError('NO_DATABASE', `Could not create database \`${settings.database}\` on ${settings.host}:${settings.port}: ${e.sqlMessage ?? String(error)}`,
      { hint: `Create it as a user with the CREATE privilege: CREATE DATABASE \`${settings.database}\`;`, cause: error });
  }
}

/**
 * A session on the server without a default database (`database` is ''): for queries that name their databases,
 * such as reading many databases' ledgers over a few connections, or listing the server's databases.
 */
export async function openServerSession(settings: ConnectionSettings): Promise<Session> {
  return wrap(await connect(settings, false, CONNECT_TIMEOUT_MS), { ...settings, database: '' });
}

function wrap(connection: Connection, settings: ConnectionSettings): Session {
  let info: ServerInfo | undefined;
  let aborted = false;
  const raw = (connection as unknown as { connection: RawConnection }).connection;
  const session: Session = {
    database: settings.database,
    settings,
    async query<T>(sql: string, values?: readonly unknown[]) {
      const [rows] = await connection.query(sql, values as unknown[] | undefined);
      return rows as T;
    },
    async script(statements) {
      if (statements.length === 0) return { inTransaction: undefined, autocommit: undefined };
      return runScript(raw, statements);
    },
    format(sql, values) {
      return connection.format(sql, values as unknown[]);
    },
    async connectionId() {
      return (await session.serverInfo()).connectionId;
    },
    async serverVersion() {
      return (await session.serverInfo()).version;
    },
    async serverInfo() {
      if (info === undefined) {
        const [rows] = (await connection.query('SELECT VERSION() AS v, @@lower_case_table_names AS l, @@max_allowed_packet AS p, CONNECTION_ID() AS id')) as [Array<{ v: string; l: number; p: number; id: number }>, unknown];
        const row = rows[0]!;
        info = { version: String(row.v), lowerCaseTableNames: Number(row.l), maxAllowedPacket: Number(row.p), connectionId: Number(row.id) };
      }
      return info;
    },
    abort() {
      aborted = true;
      raw.stream.destroy();
    },
    async reuseFor(next, options = {}) {
      await connection.changeUser({});
      try {
        await useDatabase(connection, next, false);
      } catch (error) {
        if (!(error instanceof MigrateError && error.code === 'NO_DATABASE' && options.createDatabase)) throw error;
        await useDatabase(connection, next, true);
      }
      return wrap(connection, next);
    },
    async close() {
      // After abort() the server may not answer: closing must not wait for it.
      if (aborted) connection.destroy();
      else await connection.end().catch(() => connection.destroy());
    },
  };
  return session;
}
