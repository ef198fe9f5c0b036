import { isValidIdentifier } from '../db/identifiers.js';

export interface ParsedDatabaseUrl {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  /** The database in the URL's path, when there is one. */
  readonly database: string | undefined;
  readonly socketPath?: string;
  readonly ssl?: boolean;
}

const SCHEMES = new Set(['mysql:', 'mariadb:', 'mysql2:']);
const EXAMPLE = 'mysql://user:password@host:3306/database';

/** Replaces the password of anything that looks like a URL with `****`. */
export function maskUrl(text: string): string {
  // Any `user:secret@`, with or without a well-formed scheme: a malformed URL must not leak its password either.
  return text.replace(/([^\s:/@'"]*:)([^@\s/'"]+)@/g, '$1****@');
}

/** The URL as parsed, password replaced by ****. */
function shownUrl(url: URL): string {
  const copy = new URL(url.href);
  if (copy.password !== '') copy.password = '****';
  return copy.href;
}

/** `mysql://user:****@host:port/db` for messages. */
export function displayUrl(parsed: ParsedDatabaseUrl, database: string): string {
  const auth = parsed.user === '' ? '' : `${encodeURIComponent(parsed.user)}${parsed.password === '' ? '' : ':****'}@`;
  const where = parsed.socketPath ? `localhost?socket=${parsed.socketPath}` : `${parsed.host}:${parsed.port}`;
  return `mysql://${auth}${where}/${database}`;
}

/**
 * Parses a server URL (`DATABASE_URL`, `<SERVICE>_DATABASE_URL`). Returns problems instead of throwing, and
 * never puts the password in them.
 */
export function parseDatabaseUrl(name: string, value: string): { ok: true; url: ParsedDatabaseUrl } | { ok: false; problem: string } {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    // Not echoed: where an unencoded '@', '/' or ':' ends the password cannot be known, so no mask is safe.
    return { ok: false, problem: `${name} is not a valid URL (its value is not shown: it may hold a password). Expected ${EXAMPLE}; ` +
      "percent-encode '@', '/', ':', '#' and '?' in the user or password (%40, %2F, %3A, %23, %3F)." };
  }
  const shown = shownUrl(url);
  if (!SCHEMES.has(url.protocol)) {
    return { ok: false, problem: `${name} uses "${url.protocol}", which is not a MySQL/MariaDB URL: "${shown}". Expected ${EXAMPLE}.` };
  }
  const socketPath = url.searchParams.get('socket') ?? undefined;
  if (url.hostname === '' && socketPath === undefined) return { ok: false, problem: `${name} has no host: "${shown}". Expected ${EXAMPLE}.` };
  const port = url.port === '' ? 3306 : Number(url.port);
  // The URL parser accepts port 0, which the driver would quietly replace by 3306.
  if (port === 0) return { ok: false, problem: `${name} has port 0: "${shown}". Give the server's port (1-65535), or none for 3306.` };
  let user: string;
  let password: string;
  try {
    user = decodeURIComponent(url.username);
    password = decodeURIComponent(url.password);
  } catch {
    return { ok: false, problem: `${name} has badly percent-encoded credentials: "${shown}".` };
  }
  let path: string;
  try {
    path = decodeURIComponent(url.pathname.replace(/^\//, ''));
  } catch {
    return { ok: false, problem: `${name} has a badly percent-encoded database name: "${shown}".` };
  }
  if (path !== '' && !isValidIdentifier(path)) {
    return { ok: false, problem: `${name} names database "${path}", which is not a valid name (letters, digits and _, at most 64).` };
  }
  for (const key of url.searchParams.keys()) {
    if (!['socket', 'ssl'].includes(key)) return { ok: false, problem: `${name} has an unsupported parameter "${key}" (supported: socket, ssl): "${shown}".` };
  }
  const ssl = ['true', '1', 'required'].includes((url.searchParams.get('ssl') ?? '').toLowerCase());
  return {
    ok: true,
    url: { host: url.hostname.replace(/^\[|\]$/g, '') || 'localhost', port, user: user || 'root', password, database: path === '' ? undefined : path,
      ...(socketPath === undefined ? {} : { socketPath }), ...(ssl ? { ssl } : {}) },
  };
}
