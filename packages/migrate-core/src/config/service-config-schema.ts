// The rule for migrate.config.json, as a zod schema: it explains a bad config (every problem at once) and is the
// source of migrate.config.schema.json. Loaded only when needed: importing zod costs tens of milliseconds.
import { z } from 'zod';
import { IDENTIFIER_PATTERN, isSystemSchema, SYSTEM_SCHEMAS } from '../db/identifiers.js';
import { DEFAULT_LEDGER_TABLE } from '../ledger/ledger-sql.js';
import { MAX_LOCK_TIMEOUT, type ServiceConfig } from './service-config.js';

const identifier = z.string().regex(IDENTIFIER_PATTERN, 'must be letters, digits or _ (at most 64 characters)');

/** migrate.config.json of a service. Every field is optional. */
export const serviceConfigSchema = z.strictObject({
  $schema: z.string().optional(),
  database: identifier.refine((name) => !isSystemSchema(name), `is one of the server's own schemas (${SYSTEM_SCHEMAS.join(', ')}): give the service its own database`)
    .optional().describe("Database name on the server. Default: the service name with '-' as '_'."),
  schema: z.string().min(1).default('src/schema.ts').describe('The Drizzle schema module, relative to the service folder.'),
  migrations: z.string().min(1).default('migrations').describe('Folder holding one folder per migration, relative to the service folder.'),
  ledgerTable: identifier.default(DEFAULT_LEDGER_TABLE).describe("Ledger table in the service's database. Persisted: do not change it once migrations were applied."),
  tablesFilter: z.array(z.string().min(1)).optional()
    .describe("Globs over table names to keep in this service's migrations; '!' excludes (like Alembic's include_object)."),
  lockTimeout: z.number().int().positive().max(MAX_LOCK_TIMEOUT, `must be at most ${MAX_LOCK_TIMEOUT} (one year): the longest wait GET_LOCK honours`).optional()
    .describe('Seconds migrate/rollback wait for another run on the same database (default 60).'),
  serverTimeout: z.number().int().positive().optional()
    .describe('Seconds the server may stop answering (a second connection gets no answer either) during a statement before migrate/rollback give up, leaving the ledger resumable (default 60). A statement that is working is never stopped.'),
  sharedDatabase: z.boolean().optional()
    .describe('This service shares its database with other services on purpose: each must set its own ledgerTable (its own ledger and lock). Without it, two services resolving to one database are refused.'),
}).describe('migrate-core service configuration (services/<name>/migrate.config.json)');

/** Every problem of a parsed config, as `file: path: message` lines. */
export function configProblems(file: string, error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const path = issue.path.length > 0 ? issue.path.join('.') : '(root)';
    return `${file}: ${path}: ${issue.message}`;
  });
}

