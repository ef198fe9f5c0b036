import { IDENTIFIER_PATTERN, isSystemSchema } from '../db/identifiers.js';
import { DEFAULT_LEDGER_TABLE } from '../ledger/ledger-sql.js';
import { isMigrationId } from '../migration-id.js';
import { DEFAULT_SERVER_FAMILY, isLintCode, isLintLevel, isServerFamily, type LintCode, type LintLevel, type ServerFamily } from './lint-codes.js';
import { MAX_FLEET_CONCURRENCY, type DatabasesConfig } from './fleet-config.js';

/** The file that makes a folder under services/ a service (and an Nx project with the migration targets). */
export const SERVICE_CONFIG_FILE = 'migrate.config.json';
/** Service (and Nx project) names: lower-case letters, digits and dashes. */
export const SERVICE_NAME_PATTERN = /^[a-z][a-z0-9-]{0,62}$/;

/** A service's migrate.config.json, defaults applied. The zod schema in service-config-schema.ts is the rule. */
export interface ServiceConfig {
  readonly $schema?: string | undefined;
  /** Database name on the server. Default: the service name with `-` as `_`. */
  readonly database?: string | undefined;
  /** A fleet: the same schema in many databases (instead of `database`). */
  readonly databases?: DatabasesConfig | undefined;
  /** How many of a fleet's databases a command works on at once. */
  readonly concurrency?: number | undefined;
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
  /** The server family the migrations are written for: generate's spellings, check's rules. Default `mariadb`. */
  readonly target: ServerFamily;
  /** Rows `check` loads into its shadow database, each file right after the migration it names. */
  readonly seed?: readonly SeedConfig[] | undefined;
  /** Lint levels by code; codes not named are `warn`. */
  readonly lint?: Readonly<Partial<Record<LintCode, LintLevel>>> | undefined;
  /** Seconds the server may stop answering during a statement before the run gives up (default 60). */
  readonly serverTimeout?: number | undefined;
  /**
   * This service shares its database with other services of the workspace on purpose: each keeps its own
   * `ledgerTable` (and so its own lock). Without it, two services that resolve to one database are refused.
   */
  readonly sharedDatabase?: boolean | undefined;
}

/** One seed file: SQL (INSERTs) run on the shadow database after migration `after` (an id). */
export interface SeedConfig {
  /** Relative to the service folder. */
  readonly file: string;
  readonly after: string;
}

/** GET_LOCK waits at most this long (larger values make it give up at once); the same bound as MAX_LOCK_TIMEOUT_SECONDS. */
export const MAX_LOCK_TIMEOUT = 31_536_000;

const KNOWN_KEYS = new Set(['$schema', 'database', 'databases', 'concurrency', 'schema', 'migrations', 'ledgerTable', 'tablesFilter', 'lockTimeout', 'serverTimeout', 'sharedDatabase', 'target', 'seed', 'lint']);
const isText = (value: unknown): value is string => typeof value === 'string' && value.length > 0;
const isIdentifier = (value: unknown): value is string => typeof value === 'string' && IDENTIFIER_PATTERN.test(value);
const optional = (value: unknown, valid: (value: unknown) => boolean) => value === undefined || valid(value);
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isSeed = (value: unknown) => isRecord(value) && Object.keys(value).every((key) => key === 'file' || key === 'after')
  && isText(value.file) && typeof value.after === 'string' && isMigrationId(value.after);
const isLintTable = (value: unknown) => isRecord(value) && Object.entries(value).every(([code, level]) => isLintCode(code) && isLintLevel(level));
const isTextList = (value: unknown) => Array.isArray(value) && value.length > 0 && value.every(isText);
const isPositiveWhole = (value: unknown, max = Number.MAX_SAFE_INTEGER) => Number.isSafeInteger(value) && (value as number) > 0 && (value as number) <= max;

function isDatabases(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0 && value.every(isIdentifier) && new Set(value).size === value.length;
  if (typeof value !== 'object' || value === null) return false;
  const keys = Object.keys(value);
  const v = value as Record<string, unknown>;
  return keys.length === 1 && ((keys[0] === 'match' && (isText(v.match) || isTextList(v.match))) || (keys[0] === 'query' && isText(v.query)));
}

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
    && optional(r.databases, isDatabases)
    && (r.database === undefined || r.databases === undefined)
    && optional(r.concurrency, (v) => r.databases !== undefined && isPositiveWhole(v, MAX_FLEET_CONCURRENCY))
    && optional(r.schema, isText)
    && optional(r.migrations, isText)
    && optional(r.ledgerTable, isIdentifier)
    && optional(r.tablesFilter, (v) => Array.isArray(v) && v.every(isText))
    && optional(r.lockTimeout, (v) => isPositiveWhole(v, MAX_LOCK_TIMEOUT))
    && optional(r.serverTimeout, (v) => isPositiveWhole(v))
    && optional(r.sharedDatabase, (v) => typeof v === 'boolean')
    && optional(r.target, isServerFamily)
    && optional(r.seed, (v) => Array.isArray(v) && v.every(isSeed))
    && optional(r.lint, isLintTable);
  if (!valid) return undefined;
  return { ...(r as Partial<ServiceConfig>), schema: (r.schema as string | undefined) ?? 'src/schema.ts',
    migrations: (r.migrations as string | undefined) ?? 'migrations', ledgerTable: (r.ledgerTable as string | undefined) ?? DEFAULT_LEDGER_TABLE,
    target: (r.target as ServerFamily | undefined) ?? DEFAULT_SERVER_FAMILY };
}

export function defaultDatabaseName(service: string): string {
  return service.replace(/-/g, '_');
}

/** `FIRST_DATABASE_URL` for `first`, `ORDER_HISTORY_DATABASE_URL` for `order-history`. */
export function serviceUrlVariable(service: string): string {
  return `${service.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_DATABASE_URL`;
}
