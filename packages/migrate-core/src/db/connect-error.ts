// What a failed connect means, as a MigrateError that says where, why and what to do, without the password.
import { MigrateError } from '../errors.js';
import { grantDatabase } from './identifiers.js';
import { isServerError, UNREACHABLE_CODES } from './server-errors.js';
import type { ConnectionSettings } from './session.js';
import { describeTlsError } from './tls.js';

export interface ServerError {
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
