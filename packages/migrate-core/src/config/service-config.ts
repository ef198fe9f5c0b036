import { z } from 'zod';
import { IDENTIFIER_PATTERN } from '../db/identifiers.js';
import { DEFAULT_LEDGER_TABLE } from '../ledger/ledger-sql.js';

/** The file that makes a folder under services/ a service (and an Nx project with the migration targets). */
export const SERVICE_CONFIG_FILE = 'migrate.config.json';
/** Service (and Nx project) names: lower-case letters, digits and dashes. */
export const SERVICE_NAME_PATTERN = /^[a-z][a-z0-9-]{0,62}$/;

const identifier = z.string().regex(IDENTIFIER_PATTERN, 'must be letters, digits or _ (at most 64 characters)');

/** migrate.config.json of a service. Every field is optional. */
export const serviceConfigSchema = z.strictObject({
  $schema: z.string().optional(),
  database: identifier.optional().describe("Database name on the server. Default: the service name with '-' as '_'."),
  schema: z.string().min(1).default('src/schema.ts').describe('The Drizzle schema module, relative to the service folder.'),
  migrations: z.string().min(1).default('migrations').describe('Folder holding one folder per migration, relative to the service folder.'),
  ledgerTable: identifier.default(DEFAULT_LEDGER_TABLE).describe("Ledger table in the service's database. Persisted: do not change it once migrations were applied."),
  tablesFilter: z.array(z.string().min(1)).optional()
    .describe("Globs over table names to keep in this service's migrations; '!' excludes (like Alembic's include_object)."),
  lockTimeout: z.number().int().positive().optional().describe('Seconds migrate/rollback wait for another run on the same database (default 60).'),
}).describe('migrate-core service configuration (services/<name>/migrate.config.json)');

export type ServiceConfig = z.output<typeof serviceConfigSchema>;

/** Every problem of a parsed config, as `file: path: message` lines. */
export function configProblems(file: string, error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const path = issue.path.length > 0 ? issue.path.join('.') : '(root)';
    return `${file}: ${path}: ${issue.message}`;
  });
}

export function defaultDatabaseName(service: string): string {
  return service.replace(/-/g, '_');
}

/** `FIRST_DATABASE_URL` for `first`, `ORDER_HISTORY_DATABASE_URL` for `order-history`. */
export function serviceUrlVariable(service: string): string {
  return `${service.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_DATABASE_URL`;
}
