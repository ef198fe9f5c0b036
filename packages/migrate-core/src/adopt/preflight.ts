import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import type { ServiceContext } from '../config/load.js';
import { UsageError } from '../errors.js';
import type { LedgerRow, MigrationFile } from '../model.js';
import { objectsHomeOf } from '../schema/objects/home/service.js';

/** The scaffold's example schema (tools/nx-plugin's `service` generator), compacted: replacing it is fine. */
const SCAFFOLD_SCHEMA = "exportconsttest=mysqlTable('test',{id:int('id').autoincrement().primaryKey(),name:text('name'),});";

function compact(source: string): string {
  return source
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:'"])\/\/.*$/gm, '$1')
    .replace(/^\s*import\s[^;]*;/gm, '')
    .replace(/"/g, "'")
    .replace(/\s+/g, '');
}

/**
 * Whether a schema.ts holds nothing worth keeping: missing, empty (comments and imports only), or the
 * scaffold's example `test` table.
 */
export function isTrivialSchema(source: string | undefined): boolean {
  if (source === undefined) return true;
  const code = compact(source);
  return code === '' || code === 'export{};' || code === SCAFFOLD_SCHEMA;
}

/** Refuses, before touching anything, when the service already has migrations, a schema or objects of its own. */
export function assertNothingToOverwrite(service: ServiceContext, files: readonly MigrationFile[]): void {
  const name = service.service;
  if (files.length > 0) {
    throw new UsageError(
      `${relative(service.root, service.migrationsDir)} already has ${files.length} migration${files.length === 1 ? '' : 's'} ` +
        `(newest ${files.at(-1)!.id}); --from-database only writes the first migration of a service. Nothing was written.`,
      `To compare database \`${service.database}\` with them: nx run ${name}:drift. To start over, remove the migrations folder first.`);
  }
  const source = existsSync(service.schemaPath) ? readFileSync(service.schemaPath, 'utf8') : undefined;
  if (!isTrivialSchema(source)) {
    throw new UsageError(
      `${relative(service.root, service.schemaPath)} already declares tables; --from-database would replace it. Nothing was written.`,
      'Move it away (or delete it) and run the command again; compare the two afterwards.');
  }
  const home = objectsHomeOf(service);
  if (existsSync(home) && readdirSync(home).length > 0) {
    throw new UsageError(`${relative(service.root, home)} already has files; --from-database would write its objects there. Nothing was written.`,
      'Move the folder away (or delete it) and run the command again; compare the two afterwards.');
  }
}

/** Refuses when the database's ledger already records migrations: it is managed, not to be adopted. */
export function assertUnmanaged(service: ServiceContext, rows: readonly LedgerRow[]): void {
  if (rows.length === 0) return;
  throw new UsageError(
    `Database \`${service.database}\` already records ${rows.length} migration${rows.length === 1 ? '' : 's'} in ` +
      `\`${service.config.ledgerTable}\` (newest ${rows.at(-1)!.id}), but the service has none. Nothing was written.`,
    `See nx run ${service.service}:status. Restore the service's migrations folder from git, or point the service at the right database.`);
}
