import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { ConnectionSettings } from '../db/session.js';
import { ConfigError, UsageError } from '../errors.js';
import { openRepository, type MigrationRepository } from '../repository/index.js';
import { displayUrl, parseDatabaseUrl, type ParsedDatabaseUrl } from './database-url.js';
import {
  defaultDatabaseName, quickParseServiceConfig, SERVICE_CONFIG_FILE, SERVICE_NAME_PATTERN, serviceUrlVariable, type ServiceConfig,
} from './service-config.js';
import { listServices, SERVICES_DIR } from './workspace.js';

export interface ServiceContext {
  readonly root: string;
  readonly service: string;
  /** Absolute path of services/<name>. */
  readonly dir: string;
  readonly configFile: string;
  readonly config: ServiceConfig;
  readonly database: string;
  readonly migrationsDir: string;
  readonly schemaPath: string;
}

/** The service's migrations folder, paths in messages shown relative to the workspace root. */
export function repositoryOf(service: ServiceContext): MigrationRepository {
  return openRepository(service.migrationsDir, { root: service.root });
}

export type Env = Readonly<Record<string, string | undefined>>;

/** Empty values count as unset (`DATABASE_URL=` in a .env file). */
function envValue(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function checkServiceName(root: string, service: string): void {
  const known = listServices(root);
  if (!SERVICE_NAME_PATTERN.test(service)) {
    throw new UsageError(`"${service}" is not a valid service name (lower-case letters, digits and -, starting with a letter).`,
      known.length > 0 ? `Known services: ${known.join(', ')}.` : undefined);
  }
  if (!existsSync(join(root, SERVICES_DIR, service, SERVICE_CONFIG_FILE))) {
    throw new UsageError(`Unknown service "${service}": there is no ${SERVICES_DIR}/${service}/${SERVICE_CONFIG_FILE} under ${root}.`,
      known.length > 0 ? `Known services: ${known.join(', ')}. To add one: npx nx g @repo/nx-plugin:service ${service}` : `To add one: npx nx g @repo/nx-plugin:service ${service}`);
  }
}

async function readConfig(file: string, shown: string): Promise<{ config?: ServiceConfig; problems: string[] }> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    return { problems: [`${shown}: not valid JSON (${(error as Error).message})`] };
  }
  const config = quickParseServiceConfig(raw);
  if (config !== undefined) return { config, problems: [] };
  const { serviceConfigSchema, configProblems } = await import('./service-config-schema.js');
  const parsed = serviceConfigSchema.safeParse(raw);
  return parsed.success ? { config: parsed.data, problems: [] } : { problems: configProblems(shown, parsed.error) };
}

/**
 * Reads and validates a service's config (offline: no environment, no database).
 * Throws UsageError for an unknown service and ConfigError listing every problem of its config.
 */
export async function loadService(root: string, service: string): Promise<ServiceContext> {
  checkServiceName(root, service);
  const dir = join(root, SERVICES_DIR, service);
  const configFile = join(dir, SERVICE_CONFIG_FILE);
  const { config, problems } = await readConfig(configFile, relative(root, configFile));
  if (config === undefined) throw new ConfigError(problems);
  return {
    root, service, dir, configFile, config,
    database: config.database ?? defaultDatabaseName(service),
    migrationsDir: join(dir, config.migrations),
    schemaPath: join(dir, config.schema),
  };
}

export type ConnectionPlan =
  | { readonly kind: 'url'; readonly settings: ConnectionSettings }
  | { readonly kind: 'embedded'; readonly database: string };

/**
 * Decides where a service's database is: `<SERVICE>_DATABASE_URL` (a full URL, its own host and
 * credentials), else `DATABASE_URL` (the server; the database is the service's), else the embedded dev server.
 * Reports every problem at once, passwords masked.
 */
export function planConnection(ctx: ServiceContext, env: Env): ConnectionPlan {
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
  if (problems.length > 0) throw new ConfigError(problems, `Fix the variable (format mysql://user:password@host:3306/database), or unset it to use the embedded dev database.`);
  const chosen = own ?? shared;
  if (chosen === undefined) return { kind: 'embedded', database: ctx.database };
  const database = own?.database ?? ctx.database;
  return { kind: 'url', settings: settingsOf(chosen, database, own ? serviceVar : 'DATABASE_URL') };
}

export function settingsOf(url: ParsedDatabaseUrl, database: string, source: string): ConnectionSettings {
  return {
    host: url.host, port: url.port, user: url.user, password: url.password, database,
    ...(url.socketPath === undefined ? {} : { socketPath: url.socketPath }), ...(url.ssl ? { ssl: true } : {}),
    source, display: displayUrl(url, database),
  };
}

/**
 * Every password found in the environment's database URLs, so that output can be scrubbed of them. Besides the
 * password as a URL parser reads it, everything between the user's ':' and the last '@' counts: a password
 * with an unencoded '@' or '/' is still a password.
 */
export function secretsIn(env: Env): string[] {
  const secrets: string[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (!name.endsWith('DATABASE_URL') || !value) continue;
    const text = value.trim();
    try {
      const raw = new URL(text).password;
      if (raw !== '') secrets.push(raw, decodeURIComponent(raw));
    } catch {
      // not a URL: the heuristic below still applies
    }
    const userinfo = /^[a-z][a-z0-9+.-]*:\/\/(.*)@[^@]*$/is.exec(text)?.[1];
    const colon = userinfo?.indexOf(':') ?? -1;
    if (userinfo !== undefined && colon !== -1) {
      const password = userinfo.slice(colon + 1);
      secrets.push(password);
      try {
        secrets.push(decodeURIComponent(password));
      } catch {
        // badly encoded: the raw form is enough
      }
    }
  }
  return [...new Set(secrets.filter((secret) => secret.length > 0))];
}
