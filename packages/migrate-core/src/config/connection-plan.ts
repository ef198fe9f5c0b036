// Where a service's database is, from the environment: its own URL, the shared server, or the embedded dev
// server, which is chosen only when no database URL is set at all and CI is not set. Never a silent fallback.
import { isAbsolute, resolve } from 'node:path';
import type { ConnectionSettings } from '../db/session.js';
import { ConfigError } from '../errors.js';
import { displayUrl, parseDatabaseUrl, type ParsedDatabaseUrl } from './database-url.js';
import { serviceUrlVariable } from './service-config.js';
import type { TlsOptions } from '../db/tls.js';
import { listServices } from './workspace.js';

export type Env = Readonly<Record<string, string | undefined>>;

/** Only what planning needs of a service (a ServiceContext has it). */
export interface PlannedService {
  readonly root: string;
  readonly service: string;
  readonly database: string;
  /** Set for a fleet: its URL names a server, never one database. */
  readonly fleet?: unknown;
}

export type ConnectionPlan =
  /** `forDatabase` gives the settings of another database on the same server (a fleet's members). */
  | { readonly kind: 'url'; readonly settings: ConnectionSettings; readonly forDatabase: (database: string) => ConnectionSettings }
  | { readonly kind: 'embedded'; readonly database: string };

/** The integration tests' server: never a service's configuration. */
const TEST_VARIABLE = 'TEST_DATABASE_URL';
/** The server `check` proves migrations on (a scratch server): never a service's configuration. */
export const SHADOW_VARIABLE = 'SHADOW_DATABASE_URL';

/** Empty values count as unset (`DATABASE_URL=` in a .env file). */
export function envValue(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/** `CI` set to anything but "", "false" or "0", as CI systems do. */
export function ciIsSet(env: Env): boolean {
  const value = envValue(env, 'CI');
  return value !== undefined && !['false', '0'].includes(value.toLowerCase());
}

/** The database URL variables that are set: `DATABASE_URL` and any `<X>_DATABASE_URL` but the test and shadow servers'. */
export function databaseUrlVariables(env: Env): string[] {
  return Object.keys(env)
    .filter((name) => (name === 'DATABASE_URL' || (name.endsWith('_DATABASE_URL') && name !== TEST_VARIABLE && name !== SHADOW_VARIABLE)) && envValue(env, name) !== undefined)
    .sort();
}

/**
 * Decides where a service's database is: `<SERVICE>_DATABASE_URL` (a full URL, its own host and credentials),
 * else `DATABASE_URL` (the server; the database is the service's), else the embedded dev server when no
 * database URL is set at all and CI is not set. Otherwise a ConfigError naming what would configure it.
 * Reports every problem at once, passwords masked.
 */
export function planConnection(ctx: PlannedService, env: Env): ConnectionPlan {
  const serviceVar = serviceUrlVariable(ctx.service);
  const problems: string[] = [];
  const parse = (name: string): ParsedDatabaseUrl | undefined => {
    const value = envValue(env, name);
    if (value === undefined) return undefined;
    const result = parseDatabaseUrl(name, value);
    if (!result.ok) problems.push(result.problem);
    return result.ok ? result.url : undefined;
  };
  const own = parse(serviceVar);
  const shared = envValue(env, serviceVar) === undefined ? parse('DATABASE_URL') : undefined;
  if (problems.length > 0) throw new ConfigError(problems, 'Fix the variable (format mysql://user:password@host:3306/database).');
  if (own?.database !== undefined && ctx.fleet !== undefined) {
    throw new ConfigError([`${serviceVar} names database ${own.database}, but service ${ctx.service} is a fleet ("databases" in its migrate.config.json): ` +
      'its URL gives the server only, and the databases come from the config.'], `Remove /${own.database} from ${serviceVar}, e.g. mysql://user:password@host:3306.`);
  }
  const chosen = own ?? shared;
  if (chosen !== undefined) {
    const source = own ? serviceVar : 'DATABASE_URL';
    const forDatabase = (database: string) => settingsOf(chosen, database, source, ctx.root);
    return { kind: 'url', settings: forDatabase(own?.database ?? ctx.database), forDatabase };
  }
  const others = databaseUrlVariables(env);
  if (others.length === 0 && !ciIsSet(env)) return { kind: 'embedded', database: ctx.database };
  throw unconfigured(ctx, env, others);
}

function unconfigured(ctx: PlannedService, env: Env, others: readonly string[]): ConfigError {
  const serviceVar = serviceUrlVariable(ctx.service);
  const services = others.length > 0 ? listServices(ctx.root) : [];
  const described = others.map((name) => {
    const owner = services.find((service) => serviceUrlVariable(service) === name);
    return owner === undefined ? `${name} (no service here reads it: was a service renamed?)` : `${name} (service ${owner})`;
  });
  const reasons = [
    ...(others.length > 0 ? [`${described.join(', ')} ${others.length === 1 ? 'is' : 'are'} set`] : []),
    ...(ciIsSet(env) ? [`CI is set (CI=${envValue(env, 'CI')})`] : []),
  ];
  const problem = `No database is configured for service ${ctx.service}: set ${serviceVar} (its own URL) or DATABASE_URL (the server of every service). ` +
    `The embedded dev database is used only when no database URL is set and CI is not; here ${reasons.join(', and ')}.`;
  const example = `export ${serviceVar}='mysql://user:password@host:3306/${ctx.database}'`;
  const local = ciIsSet(env) ? '' : `, or unset ${others.join(' and ')} to use the embedded dev database`;
  return new ConfigError([problem], `${example}   (or DATABASE_URL='mysql://user:password@host:3306'${local})`);
}

/** Relative file paths of the URL's TLS options are taken from `root` (the workspace root). */
function resolvedTls(tls: TlsOptions, root: string): TlsOptions {
  const at = (path: string | undefined) => (path === undefined || isAbsolute(path) ? path : resolve(root, path));
  const ca = at(tls.ca);
  const cert = at(tls.cert);
  const key = at(tls.key);
  return { mode: tls.mode, ...(ca === undefined ? {} : { ca }), ...(cert === undefined ? {} : { cert }), ...(key === undefined ? {} : { key }) };
}

/** Connection settings from a parsed URL; `root` resolves relative ssl-ca/ssl-cert/ssl-key paths. */
export function settingsOf(url: ParsedDatabaseUrl, database: string, source: string, root?: string): ConnectionSettings {
  const tls = url.tls === undefined ? undefined : root === undefined ? url.tls : resolvedTls(url.tls, root);
  return {
    host: url.host, port: url.port, user: url.user, password: url.password, database,
    ...(url.socketPath === undefined ? {} : { socketPath: url.socketPath }), ...(tls === undefined ? {} : { tls }),
    source, display: displayUrl({ ...url, ...(tls === undefined ? {} : { tls }) }, database),
  };
}

/**
 * Every password found in the environment's database URLs, so that output can be scrubbed of them: the user
 * info's password, the `password` parameter, and everything between the user's ':' and the last '@' (a
 * password with an unencoded '@' or '/' is still a password).
 */
export function secretsIn(env: Env): string[] {
  const secrets: string[] = [];
  const add = (raw: string) => {
    secrets.push(raw);
    try {
      secrets.push(decodeURIComponent(raw));
    } catch {
      // badly encoded: the raw form is enough
    }
  };
  // Names first: reading every value of process.env costs a call into the environment each.
  for (const name of Object.keys(env)) {
    if (!name.endsWith('DATABASE_URL')) continue;
    const value = env[name];
    if (!value) continue;
    const text = value.trim();
    try {
      const raw = new URL(text).password;
      if (raw !== '') add(raw);
    } catch {
      // not a URL: the heuristics below still apply
    }
    const userinfo = /^[a-z][a-z0-9+.-]*:\/\/(.*)@[^@]*$/is.exec(text)?.[1];
    const colon = userinfo?.indexOf(':') ?? -1;
    if (userinfo !== undefined && colon !== -1) add(userinfo.slice(colon + 1));
    for (const match of text.matchAll(/[?&]password=([^&]*)/g)) add(match[1]!);
  }
  return [...new Set(secrets.filter((secret) => secret.length > 0))];
}
