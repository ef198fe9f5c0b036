// The rule for migrate.config.json, as a zod schema: it explains a bad config (every problem at once) and is the
// source of migrate.config.schema.json. Loaded only when needed: importing zod costs tens of milliseconds.
import { z } from 'zod';
import { IDENTIFIER_PATTERN } from '../db/identifiers.js';
import { DEFAULT_LEDGER_TABLE } from '../ledger/ledger-sql.js';
import { MIGRATION_ID_PATTERN } from '../migration-id.js';
import { DEFAULT_SERVER_FAMILY, LINT_CODES, LINT_LEVELS, SERVER_FAMILIES, type LintCode, type LintLevel } from './lint-codes.js';
import type { ServiceConfig } from './service-config.js';

const identifier = z.string().regex(IDENTIFIER_PATTERN, 'must be letters, digits or _ (at most 64 characters)');

/** migrate.config.json of a service. Every field is optional. */
export const serviceConfigSchema = z.strictObject({
  $schema: z.string().optional(),
  database: identifier.optional().describe("Database name on the server. Default: the service name with '-' as '_'."),
  schema: z.string().min(1).default('src/schema.ts').describe('The Drizzle schema module, relative to the service folder.'),
  migrations: z.string().min(1).default('migrations').describe('Folder holding one folder per migration, relative to the service folder.'),
  ledgerTable: identifier.default(DEFAULT_LEDGER_TABLE).describe("Ledger table in the service's database. Persisted: do not change it once migrations were applied."),
  tablesFilter: z.array(z.string().min(1)).optional()
    .describe("Globs over table names to keep in this service's migrations (like Alembic's include_object), matched as drizzle-kit's tablesFilter: '!glob' leaves out what it matches and lets in the rest."),
  lockTimeout: z.number().int().positive().optional().describe('Seconds migrate/rollback wait for another run on the same database (default 60).'),
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
}).describe('migrate-core service configuration (services/<name>/migrate.config.json)');

/** Every problem of a parsed config, as `file: path: message` lines. */
export function configProblems(file: string, error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const path = issue.path.length > 0 ? issue.path.join('.') : '(root)';
    return `${file}: ${path}: ${issue.message}`;
  });
}

