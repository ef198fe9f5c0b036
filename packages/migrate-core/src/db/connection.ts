// Opens one mysql2 connection for a session: its options (TLS, UTC times, multiple statements, the mysql client's
// flags, keep-alive) and the fallback of ssl-mode=PREFERRED to a plain connection when the server offers no TLS.
import type { SslOptions } from 'mysql2';
import type { Connection, ConnectionOptions } from 'mysql2/promise';
import { describeConnectError, type ServerError } from './connect-error.js';
import type { ConnectionSettings } from './session.js';
import { identityStream, sslOptionsFor } from './tls.js';

type Format = (sql: string, values: unknown, stringifyObjects: boolean | undefined, timezone: unknown) => string;

/**
 * mysql2's own formatting, except that a text with no values is sent as it is. mysql2 formats every query, and
 * with no values its format still scans the whole text for a `?` (skipping quotes and comments) only to return
 * it unchanged: each round trip of a migration run, hundreds of kilobytes of statements, was scanned again.
 */
function queryFormat(format: Format) {
  return function (this: { config: { stringifyObjects?: boolean } }, sql: string, values: unknown, timezone: unknown): string {
    return values == null || (Array.isArray(values) && values.length === 0) ? sql : format(sql, values, this.config.stringifyObjects, timezone);
  };
}

function optionsFor(settings: ConnectionSettings, withDatabase: boolean, ssl: SslOptions | undefined, connectTimeout: number, format: Format): ConnectionOptions {
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
    // A migration's SQL must mean what it means in the mysql client, which sets none of these (mysql2 does):
    // - IGNORE_SPACE: the server adds it to the session's sql_mode, so `CREATE TABLE count (...)` is a syntax
    //   error and every trigger and routine a migration creates stores that mode;
    // - FOUND_ROWS: an UPDATE counts the rows it matched instead of those it changed (ROW_COUNT()); nothing in
    //   the engine reads affected-row counts;
    // - LOCAL_FILES: the server would ask the client for the file of LOAD DATA LOCAL INFILE, which mysql2 does
    //   not send (no infileStreamFactory): the query fails on the client while the server goes on with the next
    //   statements of its round trip. Without it, the server refuses that statement and stops there.
    flags: ['-IGNORE_SPACE', '-FOUND_ROWS', '-LOCAL_FILES'],
    // mysql2 calls it with the connection as `this` and the timezone as a third argument, which its types omit.
    queryFormat: queryFormat(format) as unknown as ConnectionOptions['queryFormat'],
    // No prepared statements are used. mysql2's default cache of 16000 preallocates about 0.5 MB per connection,
    // which a fleet run opening a connection per database pays over and over (measured: 300 connections, peak
    // RSS 118 MB and 1.7-2.5 ms each; with 1: 67 MB and 0.9 ms each).
    maxPreparedStatements: 1,
    // A peer that vanished (a cut network) is noticed by the operating system, not only on the next write.
    enableKeepAlive: true,
    keepAliveInitialDelay: 10_000,
  };
}

/** A mysql2 connection with `settings` (their database as the default one when `withDatabase`); failures described. */
export async function connect(settings: ConnectionSettings, withDatabase: boolean, connectTimeout: number): Promise<Connection> {
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
    return await open(optionsFor(settings, withDatabase, ssl, connectTimeout, mysql.format as Format));
  } catch (error) {
    // PREFERRED, as the mysql client: TLS when the server offers it, else a plain connection.
    if (settings.tls?.mode === 'PREFERRED' && (error as ServerError).code === 'HANDSHAKE_NO_SSL_SUPPORT') {
      try {
        return await open(optionsFor(settings, withDatabase, undefined, connectTimeout, mysql.format as Format));
      } catch (plainError) {
        throw describeConnectError(plainError, settings);
      }
    }
    throw describeConnectError(error, settings);
  }
}
