import type { Connection } from 'mysql2/promise';
import { MigrateError } from '../errors.js';
import { describeConnectError, type ServerError } from './connect-error.js';
import { connect } from './connection.js';
import { quoteIdentifier } from './identifiers.js';
import { runScript, type RawConnection, type ScriptResult } from './script.js';
import type { TlsOptions } from './tls.js';

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
