import { isValidIdentifier } from '../db/identifiers.js';
import type { TlsOptions } from '../db/tls.js';
import { decoded, describeTls, parseUrlOptions } from './url-options.js';

export interface ParsedDatabaseUrl {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  /** From the user info or the `password` parameter. */
  readonly password: string;
  /** The database in the URL's path, when there is one. */
  readonly database: string | undefined;
  readonly socketPath?: string;
  /** Absent: a plain connection. */
  readonly tls?: TlsOptions;
}

const SCHEMES = new Set(['mysql:', 'mariadb:', 'mysql2:']);
const EXAMPLE = 'mysql://user:password@host:3306/database';
const ENCODE = 'percent-encode these characters in the user or password: "@" as %40, "/" as %2F, "?" as %3F, "#" as %23, ' +
  '"%" as %25, ":" (in the user) as %3A';

/** Replaces the password of anything that looks like a URL with `****`. */
export function maskUrl(text: string): string {
  // Any `user:secret@`, with or without a well-formed scheme: a malformed URL must not leak its password either.
  return text.replace(/([^\s:/@'"]*:)([^@\s/'"]+)@/g, '$1****@').replace(/([?&]password=)[^&\s'"]*/g, '$1****');
}

/** `mysql://user:****@host:port/db?ssl-mode=...` for messages. */
export function displayUrl(parsed: ParsedDatabaseUrl, database: string): string {
  const auth = parsed.user === '' ? '' : `${encodeURIComponent(parsed.user)}${parsed.password === '' ? '' : ':****'}@`;
  const where = parsed.socketPath ? parsed.host : `${parsed.host}:${parsed.port}`;
  const params = [...(parsed.socketPath ? [`socket=${parsed.socketPath}`] : []), ...describeTls(parsed.tls)];
  return `mysql://${auth}${where}/${database}${params.length > 0 ? `?${params.join('&')}` : ''}`;
}

/**
 * Refuses a value whose host, port or path cannot be told apart from its user and password: an unencoded "#",
 * or an "@" that is not the single one ending the user info. Where such a URL's password ends is a guess, so
 * nothing of it is shown, and it is never connected to: a piece of the password must not reach DNS as a host.
 */
function ambiguity(name: string, value: string): string | undefined {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(value);
  if (scheme === null) return undefined;
  if (/[\s\x00-\x1f\x7f]/.test(value)) return `${name} contains a space or a control character; percent-encode it (a space is %20).`;
  if (value.includes('#')) return `${name} contains "#", which ends a URL early (its value is not shown: it may hold a password); ${ENCODE}.`;
  const rest = value.slice(scheme[0].length);
  const end = rest.search(/[/?]/);
  const authority = end === -1 ? rest : rest.slice(0, end);
  if (authority.split('@').length > 2) {
    return `${name} has more than one "@" before the host (its value is not shown: it may hold a password); ${ENCODE}.`;
  }
  if (end !== -1 && rest.slice(end).includes('@')) {
    return `${name} has an "@" after the host part, so where the password ends is unclear (its value is not shown); ${ENCODE}; ` +
      'an "@" in a parameter is written %40 too.';
  }
  return undefined;
}

type Parsed = { ok: true; url: ParsedDatabaseUrl } | { ok: false; problem: string };

/**
 * Parses a server URL (`DATABASE_URL`, `<SERVICE>_DATABASE_URL`). Returns problems instead of throwing, and
 * never puts the password, or any piece of the value that could be one, in them.
 */
export function parseDatabaseUrl(name: string, value: string): Parsed {
  const ambiguous = ambiguity(name, value);
  if (ambiguous !== undefined) return { ok: false, problem: ambiguous };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { ok: false, problem: `${name} is not a valid URL (its value is not shown: it may hold a password). Expected ${EXAMPLE} (a port is 1-65535); ${ENCODE}.` };
  }
  if (!SCHEMES.has(url.protocol)) {
    return { ok: false, problem: `${name} uses "${url.protocol}", which is not a MySQL/MariaDB URL. Expected ${EXAMPLE}.` };
  }
  const options = parseUrlOptions(name, url.search.replace(/^\?/, ''));
  if (!options.ok) return options;
  const { socketPath, tls } = options.options;
  if (url.hostname === '' && socketPath === undefined) return { ok: false, problem: `${name} has no host. Expected ${EXAMPLE}.` };
  const port = url.port === '' ? 3306 : Number(url.port);
  // The URL parser accepts port 0, which the driver would quietly replace by 3306.
  if (port === 0) return { ok: false, problem: `${name} has port 0. Give the server's port (1-65535), or none for 3306.` };
  const user = decoded(url.username);
  const password = decoded(url.password);
  if (user === null || password === null) return { ok: false, problem: `${name} has badly percent-encoded credentials (not shown); write "%" itself as %25.` };
  if (password !== '' && options.options.password !== undefined) {
    return { ok: false, problem: `${name} gives a password twice, before the host and as the password parameter: keep one.` };
  }
  const path = decoded(url.pathname.replace(/^\//, ''));
  if (path === null) return { ok: false, problem: `${name} has a badly percent-encoded database name; write "%" itself as %25.` };
  if (path !== '' && !isValidIdentifier(path)) {
    return { ok: false, problem: `${name} names database "${path}", which is not a valid name (letters, digits and _, at most 64).` };
  }
  return {
    ok: true,
    url: {
      host: url.hostname.replace(/^\[|\]$/g, '') || 'localhost', port, user: user || 'root', password: options.options.password ?? password,
      database: path === '' ? undefined : path, ...(socketPath === undefined ? {} : { socketPath }), ...(tls === undefined ? {} : { tls }),
    },
  };
}
