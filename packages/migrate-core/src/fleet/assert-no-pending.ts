// For a service's start-up or readiness check: refuse to run while its database (or any of its fleet's) has
// migrations to apply, like Rails' check_all_pending!.
import { loadService, withDatabase, type Env } from '../config/load.js';
import { serverFromEnv } from './env-server.js';
import { fleetStatus, type FleetStatusDocument } from './fleet-status.js';
import { memberState } from './status.js';

export class PendingMigrationsError extends Error {
  /** Every database's status, as `status --json` of the service gives it. */
  readonly status: FleetStatusDocument;

  constructor(status: FleetStatusDocument, message: string) {
    super(message);
    this.name = 'PendingMigrationsError';
    this.status = status;
  }
}

export interface AssertNoPendingOptions {
  /** The workspace root (holding services/<service>/migrate.config.json and its migrations). */
  readonly root: string;
  readonly service: string;
  /** Where the database URL variables are read: pass process.env. */
  readonly env: Env;
  /** One member of a fleet (a tenant's process checks its own database); default: every database of the service. */
  readonly database?: string;
}

/**
 * Resolves when every database of the service has all its migrations applied; rejects with
 * PendingMigrationsError naming what is pending, dirty or unreadable where.
 *
 * @example
 * await assertNoPendingMigrations({ root: process.cwd(), service: 'tenants', env: process.env });
 */
export async function assertNoPendingMigrations(options: AssertNoPendingOptions): Promise<FleetStatusDocument> {
  const loaded = await loadService(options.root, options.service);
  const service = options.database === undefined ? loaded : withDatabase(loaded, options.database);
  const { server, database } = serverFromEnv(service, options.env);
  const single = service.fleet === undefined || options.database !== undefined;
  const status = await fleetStatus({ service, server, ...(single ? { databases: [database] } : {}) });
  const behind = status.databases.filter((db) => memberState(db) !== 'upToDate');
  if (behind.length === 0) return status;
  const lines = behind.slice(0, 10).map((db) => {
    const state = memberState(db);
    const what = db.error?.message ?? (state === 'dirty' ? `${db.dirty!.id} is ${db.dirty!.state}` : `${db.pending.length} pending (${db.pending.map((p) => p.id).join(', ')})`);
    return `  ${db.database}: ${what}`;
  });
  const more = behind.length > 10 ? [`  ... and ${behind.length - 10} more`] : [];
  throw new PendingMigrationsError(status,
    `${options.service}: ${behind.length} of ${status.databases.length} database${status.databases.length === 1 ? '' : 's'} not migrated:\n${[...lines, ...more].join('\n')}\n` +
    `Run: npx migrate-core migrate --service ${options.service}${options.database === undefined ? '' : ` --database ${options.database}`}`);
}
