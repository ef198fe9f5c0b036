// The query parameters of a database URL, named as the MySQL client names its options. Pure: file paths are
// only recorded here; the session reads them when it connects (db/tls.ts).

import { SSL_MODES, type SslMode, type TlsOptions } from '../db/tls.js';

export interface UrlOptions {
  readonly socketPath?: string;
  readonly password?: string;
  readonly tls?: TlsOptions;
}

const PARAMETERS = ['ssl-mode', 'ssl-ca', 'ssl-cert', 'ssl-key', 'ssl', 'socket', 'password'] as const;
type Parameter = (typeof PARAMETERS)[number];

/** A value the user typed that is safe to show (never a password): quoted and cut short. */
function shown(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 37)}...` : text);
}

/** Reads `a=1&b=2` (raw, still percent-encoded). `+` stays a plus: these are not HTML form values. */
function readQuery(name: string, query: string): { params: Map<Parameter, string> } | { problem: string } {
  const params = new Map<Parameter, string>();
  for (const part of query.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = decoded(eq === -1 ? part : part.slice(0, eq));
    const value = eq === -1 ? undefined : decoded(part.slice(eq + 1));
    if (key === null) return { problem: `${name} has a badly percent-encoded parameter name: write "%" itself as %25.` };
    if (value === null) return { problem: `${name} has a badly percent-encoded value of parameter ${shown(key)}: write "%" itself as %25.` };
    if (!(PARAMETERS as readonly string[]).includes(key)) {
      return { problem: `${name} has an unsupported parameter ${shown(key)} (supported: ${PARAMETERS.join(', ')}).` };
    }
    const known = key as Parameter;
    if (params.has(known)) return { problem: `${name} gives parameter "${known}" twice.` };
    if (value === undefined) return { problem: `${name} has parameter "${known}" without a value (${example(known)}).` };
    params.set(known, value);
  }
  return { params };
}

/** Percent-decoded text, or null when it is badly encoded. */
export function decoded(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

function example(parameter: Parameter): string {
  switch (parameter) {
    case 'ssl-mode': return `ssl-mode=${SSL_MODES.join('|')}`;
    case 'ssl': return 'ssl=true or ssl=false';
    case 'password': return 'password=<percent-encoded password>';
    case 'socket': return 'socket=/run/mysqld/mysqld.sock';
    default: return `${parameter}=/path/to/file.pem`;
  }
}

/** The mode asked for by `ssl-mode` or its alias `ssl` (true = REQUIRED, false = DISABLED), if any. */
function askedMode(name: string, params: Map<Parameter, string>): { mode?: SslMode } | { problem: string } {
  const mode = params.get('ssl-mode');
  const alias = params.get('ssl');
  if (mode !== undefined && alias !== undefined) return { problem: `${name} gives both ssl-mode and ssl: keep one (ssl=true is ssl-mode=REQUIRED, ssl=false is ssl-mode=DISABLED).` };
  if (mode !== undefined) {
    const upper = mode.toUpperCase() as SslMode;
    if (!SSL_MODES.includes(upper)) return { problem: `${name} has ssl-mode=${shown(mode)}; use one of ${SSL_MODES.join(', ')}.` };
    return { mode: upper };
  }
  if (alias === undefined) return {};
  const lower = alias.toLowerCase();
  if (lower !== 'true' && lower !== 'false') return { problem: `${name} has ssl=${shown(alias)}; use ssl=true (TLS required) or ssl=false (no TLS), or ssl-mode=${SSL_MODES.join('|')}.` };
  return { mode: lower === 'true' ? 'REQUIRED' : 'DISABLED' };
}

/**
 * TLS as the mysql client does it. Without ssl-mode, ssl-ca means VERIFY_CA and a client certificate means
 * REQUIRED; with neither, no TLS. Combinations where a file would be silently ignored are refused.
 */
function tlsOf(name: string, params: Map<Parameter, string>): { tls?: TlsOptions } | { problem: string } {
  const asked = askedMode(name, params);
  if ('problem' in asked) return asked;
  const ca = params.get('ssl-ca');
  const cert = params.get('ssl-cert');
  const key = params.get('ssl-key');
  for (const [parameter, value] of [['ssl-ca', ca], ['ssl-cert', cert], ['ssl-key', key]] as const) {
    if (value === '') return { problem: `${name} has an empty ${parameter}: give the path of a PEM file, or leave the parameter out.` };
  }
  if ((cert === undefined) !== (key === undefined)) {
    return { problem: `${name} gives ${cert === undefined ? 'ssl-key without ssl-cert' : 'ssl-cert without ssl-key'}: a client certificate needs both.` };
  }
  const mode = asked.mode ?? (ca !== undefined ? 'VERIFY_CA' : cert !== undefined ? 'REQUIRED' : undefined);
  if (mode === undefined) return {};
  if (mode === 'DISABLED') {
    if (ca !== undefined || cert !== undefined) {
      return { problem: `${name} turns TLS off (ssl-mode=DISABLED or ssl=false) but gives ${ca !== undefined ? 'ssl-ca' : 'ssl-cert'}, which would be ignored: choose another ssl-mode, or leave the file out.` };
    }
    return {};
  }
  if (ca !== undefined && (mode === 'PREFERRED' || mode === 'REQUIRED')) {
    return { problem: `${name} gives ssl-ca with ssl-mode=${mode}, which encrypts without checking the server's certificate, so the CA would be ignored: ` +
      'use ssl-mode=VERIFY_CA (check the certificate against ssl-ca) or ssl-mode=VERIFY_IDENTITY (and the host name), or leave ssl-ca out.' };
  }
  if (mode === 'VERIFY_CA' && ca === undefined) {
    return { problem: `${name} has ssl-mode=VERIFY_CA, which checks the server's certificate against ssl-ca: add ssl-ca=/path/to/ca.pem (the CA that signed it).` };
  }
  return { tls: { mode, ...(ca === undefined ? {} : { ca }), ...(cert === undefined ? {} : { cert, key: key! }) } };
}

/** Reads a URL's query (`url.search` without the `?`, still percent-encoded). Problems never show a password. */
export function parseUrlOptions(name: string, query: string): { ok: true; options: UrlOptions } | { ok: false; problem: string } {
  const read = readQuery(name, query);
  if ('problem' in read) return { ok: false, problem: read.problem };
  const tls = tlsOf(name, read.params);
  if ('problem' in tls) return { ok: false, problem: tls.problem };
  const socketPath = read.params.get('socket');
  if (socketPath === '') return { ok: false, problem: `${name} has an empty socket: give the server's socket path (${example('socket')}).` };
  const password = read.params.get('password');
  return { ok: true, options: { ...(socketPath === undefined ? {} : { socketPath }), ...(password === undefined ? {} : { password }), ...tls } };
}

/** `['ssl-mode=VERIFY_CA', 'ssl-ca=...']` for messages (paths are not secret); none without TLS. */
export function describeTls(tls: TlsOptions | undefined): string[] {
  if (tls === undefined) return [];
  const files = (['ca', 'cert', 'key'] as const).flatMap((part) => (tls[part] === undefined ? [] : [`ssl-${part}=${tls[part]}`]));
  return [`ssl-mode=${tls.mode}`, ...files];
}
