import { IDENTIFIER_PATTERN, isSystemSchema } from '../db/identifiers.js';
import { DEFAULT_LEDGER_TABLE } from '../ledger/ledger-sql.js';

/** The file that makes a folder under services/ a service (and an Nx project with the migration targets). */
export const SERVICE_CONFIG_FILE = 'migrate.config.json';
/** Service (and Nx project) names: lower-case letters, digits and dashes. */
export const SERVICE_NAME_PATTERN = /^[a-z][a-z0-9-]{0,62}$/;

/** A service's migrate.config.json, defaults applied. The zod schema in service-config-schema.ts is the rule. */
export interface ServiceConfig {
  readonly $schema?: string | undefined;
  /** Database name on the server. Default: the service name with `-` as `_`. */
  readonly database?: string | undefined;
  /** The Drizzle schema module, relative to the service folder. */
  readonly schema: string;
  /** Folder holding one folder per migration, relative to the service folder. */
  readonly migrations: string;
  /** Ledger table in the service's database. Persisted: do not change it once migrations were applied. */
  readonly ledgerTable: string;
  /** Globs over table names to keep in this service's migrations (`!` excludes), like Alembic's include_object. */
  readonly tablesFilter?: string[] | undefined;
  /** Seconds migrate/rollback wait for another run on the same database (at most a year, as GET_LOCK allows). */
  readonly lockTimeout?: number | undefined;
  /** Seconds the server may stop answering during a statement before the run gives up (default 60). */
  readonly serverTimeout?: number | undefined;
  /**
   * This service shares its database with other services of the workspace on purpose: each keeps its own
   * `ledgerTable` (and so its own lock). Without it, two services that resolve to one database are refused.
   */
  readonly sharedDatabase?: boolean | undefined;
}

/** GET_LOCK waits at most this long (larger values make it give up at once); the same bound as MAX_LOCK_TIMEOUT_SECONDS. */
export const MAX_LOCK_TIMEOUT = 31_536_000;

const KNOWN_KEYS = new Set(['$schema', 'database', 'schema', 'migrations', 'ledgerTable', 'tablesFilter', 'lockTimeout', 'serverTimeout', 'sharedDatabase']);
const isText = (value: unknown): value is string => typeof value === 'string' && value.length > 0;
const isIdentifier = (value: unknown): value is string => typeof value === 'string' && IDENTIFIER_PATTERN.test(value);
const optional = (value: unknown, valid: (value: unknown) => boolean) => value === undefined || valid(value);

/**
 * The common case without zod: every field absent or valid. Anything else gives undefined, and the zod schema
 * (service-config-schema.ts) then explains every problem. A unit test keeps the two in agreement.
 */
export function quickParseServiceConfig(raw: unknown): ServiceConfig | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const r = raw as Record<string, unknown>;
  const valid = Object.keys(r).every((key) => KNOWN_KEYS.has(key))
    && optional(r.$schema, (v) => typeof v === 'string')
    && optional(r.database, (v) => isIdentifier(v) && !isSystemSchema(v))
    && optional(r.schema, isText)
    && optional(r.migrations, isText)
    && optional(r.ledgerTable, isIdentifier)
    && optional(r.tablesFilter, (v) => Array.isArray(v) && v.every(isText))
    && optional(r.lockTimeout, (v) => Number.isSafeInteger(v) && (v as number) > 0 && (v as number) <= MAX_LOCK_TIMEOUT)
    && optional(r.serverTimeout, (v) => Number.isSafeInteger(v) && (v as number) > 0)
    && optional(r.sharedDatabase, (v) => typeof v === 'boolean');
  if (!valid) return undefined;
  return { ...(r as Partial<ServiceConfig>), schema: (r.schema as string | undefined) ?? 'src/schema.ts',
    migrations: (r.migrations as string | undefined) ?? 'migrations', ledgerTable: (r.ledgerTable as string | undefined) ?? DEFAULT_LEDGER_TABLE };
}

export function defaultDatabaseName(service: string): string {
  return service.replace(/-/g, '_');
}

/** `FIRST_DATABASE_URL` for `first`, `ORDER_HISTORY_DATABASE_URL` for `order-history`. */
export function serviceUrlVariable(service: string): string {
  return `${service.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_DATABASE_URL`;
}
