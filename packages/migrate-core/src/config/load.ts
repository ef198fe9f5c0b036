import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ConfigError, UsageError } from '../errors.js';
import { openRepository, type MigrationRepository } from '../repository/index.js';
import {
  defaultDatabaseName, quickParseServiceConfig, SERVICE_CONFIG_FILE, SERVICE_NAME_PATTERN, type ServiceConfig,
} from './service-config.js';
import { listServices, SERVICES_DIR } from './workspace.js';
import type { DatabasesConfig } from './fleet-config.js';

// Where a service's database is: planned from the environment (connection-plan.ts).
export { planConnection, settingsOf, secretsIn, type ConnectionPlan, type Env } from './connection-plan.js';

export interface ServiceContext {
  readonly root: string;
  readonly service: string;
  /** Absolute path of services/<name>. */
  readonly dir: string;
  readonly configFile: string;
  readonly config: ServiceConfig;
  /** The database; for a fleet, the one member a command was narrowed to (`--database`), else the default name. */
  readonly database: string;
  /** Set when the service is a fleet (`databases` in its config): how its databases are found. */
  readonly fleet?: DatabasesConfig | undefined;
  readonly migrationsDir: string;
  readonly schemaPath: string;
}

/** The service narrowed to one database (a member of its fleet, or its one database). */
export function withDatabase(service: ServiceContext, database: string): ServiceContext {
  return { ...service, database };
}

/** The service's migrations folder, paths in messages shown relative to the workspace root. */
export function repositoryOf(service: ServiceContext): MigrationRepository {
  return openRepository(service.migrationsDir, { root: service.root });
}

function checkServiceName(root: string, service: string): void {
  const known = listServices(root);
  if (!SERVICE_NAME_PATTERN.test(service)) {
    throw new UsageError(`"${service}" is not a valid service name (lower-case letters, digits and -, starting with a letter).`,
      known.length > 0 ? `Known services: ${known.join(', ')}.` : undefined);
  }
  if (!existsSync(join(root, SERVICES_DIR, service, SERVICE_CONFIG_FILE))) {
    throw new UsageError(`Unknown service "${service}": the workspace has no ${SERVICES_DIR}/${service}/${SERVICE_CONFIG_FILE}.`,
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
    fleet: config.databases,
    migrationsDir: join(dir, config.migrations),
    schemaPath: join(dir, config.schema),
  };
}
