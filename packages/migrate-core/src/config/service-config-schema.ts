// The rule for migrate.config.json, as a zod schema: it explains a bad config (every problem at once) and is the
// source of migrate.config.schema.json. Loaded only when needed: importing zod costs tens of milliseconds.
import { z } from 'zod';
import { IDENTIFIER_PATTERN, isSystemSchema, SYSTEM_SCHEMAS } from '../db/identifiers.js';
import { DEFAULT_LEDGER_TABLE } from '../ledger/ledger-sql.js';
import { MIGRATION_ID_PATTERN } from '../migration-id.js';
import { DEFAULT_SERVER_FAMILY, LINT_CODES, LINT_LEVELS, SERVER_FAMILIES, type LintCode, type LintLevel } from './lint-codes.js';
import { DEFAULT_FLEET_CONCURRENCY, MAX_FLEET_CONCURRENCY } from './fleet-config.js';
import { MAX_LOCK_TIMEOUT, type ServiceConfig } from './service-config.js';

const identifier = z.string().regex(IDENTIFIER_PATTERN, 'must be letters, digits or _ (at most 64 characters)');
const glob = z.string().min(1);

const databases = z.union([
  z.array(identifier).min(1).refine((names) => new Set(names).size === names.length, 'names a database twice')
    .describe('The databases, by name.'),
  z.strictObject({ match: z.union([glob, z.array(glob).min(1)]) })
    .describe("Globs over the server's databases ('*', '?', '[abc]', '{a,b}'; '!' excludes), e.g. \"tenant_*\". System schemas never match."),
  z.strictObject({ query: z.string().min(1) })
    .describe('A query run on the server that returns one column of database names, e.g. "SELECT db_name FROM control.tenants WHERE active".'),
], { error: 'must be a list of database names, { "match": "<glob>" } or { "query": "SELECT ..." }' });

/** migrate.config.json of a service. Every field is optional. */
export const serviceConfigSchema = z.strictObject({
  $schema: z.string().optional(),
  database: identifier.refine((name) => !isSystemSchema(name), `is one of the server's own schemas (${SYSTEM_SCHEMAS.join(', ')}): give the service its own database`)
    .optional().describe("Database name on the server. Default: the service name with '-' as '_'."),
  databases: databases.optional().describe('A fleet: the same schema in many databases (a database per tenant), instead of "database".'),
  concurrency: z.number().int().positive().max(MAX_FLEET_CONCURRENCY).optional()
    .describe(`How many of the fleet's databases a command works on at once (default ${DEFAULT_FLEET_CONCURRENCY}, at most ${MAX_FLEET_CONCURRENCY}).`),
  schema: z.string().min(1).default('src/schema.ts').describe('The Drizzle schema module, relative to the service folder.'),
  migrations: z.string().min(1).default('migrations').describe('Folder holding one folder per migration, relative to the service folder.'),
  ledgerTable: identifier.default(DEFAULT_LEDGER_TABLE).describe("Ledger table in the service's database. Persisted: do not change it once migrations were applied."),
  tablesFilter: z.array(z.string().min(1)).optional()
    .describe("Globs over table names to keep in this service's migrations (like Alembic's include_object), matched as drizzle-kit's tablesFilter: '!glob' leaves out what it matches and lets in the rest."),
  lockTimeout: z.number().int().positive().max(MAX_LOCK_TIMEOUT, `must be at most ${MAX_LOCK_TIMEOUT} (one year): the longest wait GET_LOCK honours`).optional()
    .describe('Seconds migrate/rollback wait for another run on the same database (default 60).'),
  serverTimeout: z.number().int().positive().optional()
    .describe('Seconds the server may stop answering (a second connection gets no answer either) during a statement before migrate/rollback give up, leaving the ledger resumable (default 60). A statement that is working is never stopped.'),
  sharedDatabase: z.boolean().optional()
    .describe('This service shares its database with other services on purpose: each must set its own ledgerTable (its own ledger and lock). Without it, two services resolving to one database are refused.'),
  target: z.enum(SERVER_FAMILIES).default(DEFAULT_SERVER_FAMILY)
    .describe("The server family the migrations are written for: generate writes its spellings, check applies its rules. Default 'mariadb'."),
  seed: z.array(z.strictObject({
    file: z.string().min(1).describe('SQL file of rows (INSERT statements), relative to the service folder.'),
    after: z.string().regex(MIGRATION_ID_PATTERN, 'must be a migration id, e.g. 20261124190000_first_test_created').describe('The migration after which the rows are loaded.'),
  })).optional().describe("Rows check's shadow database gets, each file right after the migration it names, so that data-dependent failures show."),
  lint: z.strictObject(Object.fromEntries(LINT_CODES.map((code) => [code, z.enum(LINT_LEVELS).optional()])) as Record<LintCode, z.ZodOptional<z.ZodEnum<{ [L in LintLevel]: L }>>>, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? `unknown lint code ${issue.keys.map((key) => `"${key}"`).join(', ')} (the codes: ${LINT_CODES.join(', ')})` : undefined),
  }).optional()
    .describe("Lint levels by code: 'error' fails check, 'warn' (the default) reports, 'off' is silent."),
}).superRefine((config, ctx) => {
  if (config.database !== undefined && config.databases !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['databases'], message: 'give either "database" (one database) or "databases" (a fleet), not both' });
  }
  if (config.concurrency !== undefined && config.databases === undefined) {
    ctx.addIssue({ code: 'custom', path: ['concurrency'], message: 'applies only to a fleet ("databases")' });
  }
}).describe('migrate-core service configuration (services/<name>/migrate.config.json)');

/** Every problem of a parsed config, as `file: path: message` lines. */
export function configProblems(file: string, error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const path = issue.path.length > 0 ? issue.path.join('.') : '(root)';
    return `${file}: ${path}: ${issue.message}`;
  });
}

