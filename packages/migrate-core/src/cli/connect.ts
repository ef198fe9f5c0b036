import { parseDatabaseUrl, type ParsedDatabaseUrl } from '../config/database-url.js';
import { planConnection, settingsOf, type Env, type ServiceContext } from '../config/load.js';
import { serviceUrlVariable } from '../config/service-config.js';
import { openSession, type ConnectionSettings, type Session } from '../db/session.js';
import { ConfigError, MigrateError } from '../errors.js';
import { sharedOnServer } from '../config/shared-database.js';
import type { Migrator } from '../engine/migrator.js';
import { createMysqlMigrator } from '../engine/mysql-migrator.js';
import type { MigrateEvent } from '../engine/executor.js';
import type { FleetServer } from '../fleet/server.js';
import { createFolderSource } from '../repository/index.js';
import type { CommandContext } from './command.js';

/** The options of a command that bear on its connection (commands without them get the defaults). */
export interface ConnectOptions {
  readonly createDatabase?: boolean;
  readonly lockTimeout?: number | undefined;
  /** A fleet's one database: main() has already narrowed the service to it. */
  readonly database?: string | undefined;
  readonly serverTimeout?: number | undefined;
}

/** Refuses a service that resolves to the same database as another of the workspace (see shared-database.ts). */
async function refuseSharedDatabase(ctx: CommandContext, session: Session): Promise<void> {
  const shared = await sharedOnServer(ctx.service, ctx.env, (await session.serverInfo()).lowerCaseTableNames !== 0);
  if (shared.length > 0) throw new ConfigError(shared.map((found) => found.message), shared[0]!.hint);
}

/** The embedded dev server's URL per workspace root: started (or found running) once per process, however many services ask. */
const embeddedUrls = new Map<string, Promise<string>>();

function embeddedServerUrl(root: string, log: (line: string) => void): Promise<string> {
  let url = embeddedUrls.get(root);
  if (url === undefined) {
    // Most often it runs already: finding that out needs only @repo/dev-db/running, which is small (the CLI
    // bundles it); the rest of @repo/dev-db loads only to start the server.
    url = import('@repo/dev-db/running').then(async ({ runningDevServerUrl }) =>
      (await runningDevServerUrl(root)) ?? (await import('@repo/dev-db')).ensureDevServer(root, { log }));
    embeddedUrls.set(root, url);
    url.catch(() => embeddedUrls.delete(root));
  }
  return url;
}

/** The embedded dev server (started on demand), parsed. */
async function embeddedServer(service: ServiceContext, log: (line: string) => void): Promise<ParsedDatabaseUrl> {
  let url: string;
  try {
    url = await embeddedServerUrl(service.root, log);
  } catch (error) {
    throw new MigrateError('CONNECTION', `No DATABASE_URL or ${serviceUrlVariable(service.service)} is set, and the embedded dev database could not start:\n${(error as Error).message}`,
      { hint: 'Install MariaDB (apt-get install mariadb-server-core mariadb-client-core), or set DATABASE_URL=mysql://user:password@host:3306.', cause: error });
  }
  const parsed = parseDatabaseUrl('embedded dev database', url);
  if (!parsed.ok) throw new MigrateError('CONNECTION', parsed.problem);
  return parsed.url;
}

/** Where the service's database is: its URL, the shared server, or the embedded dev server (started on demand). */
export async function connectionSettings(service: ServiceContext, env: Env, log: (line: string) => void): Promise<{ settings: ConnectionSettings; embedded: boolean }> {
  const where = planConnection(service, env);
  if (where.kind === 'url') return { settings: where.settings, embedded: false };
  return { settings: settingsOf(await embeddedServer(service, log), where.database, 'embedded dev database'), embedded: true };
}

/** Connects to the service's database (see connectionSettings). */
export async function connectService(ctx: CommandContext<ConnectOptions>, options: { createDatabase?: boolean } = {}): Promise<Session> {
  const { settings, embedded } = await connectionSettings(ctx.service, ctx.env, ctx.warn);
  // The dev server is ours: its databases are created on first use.
  return openSession(settings, { createDatabase: embedded || (options.createDatabase ?? ctx.options.createDatabase ?? false) });
}

/** The server of a fleet's databases, as connectionSettings finds the server of one. */
export async function fleetServerFor(ctx: CommandContext<ConnectOptions>): Promise<FleetServer> {
  const where = planConnection(ctx.service, ctx.env);
  if (where.kind === 'url') return { settingsFor: where.forDatabase, createDatabases: ctx.options.createDatabase ?? false };
  const url = await embeddedServer(ctx.service, ctx.warn);
  return { settingsFor: (database) => settingsOf(url, database, 'embedded dev database'), createDatabases: true };
}

/** Opens the session, builds the migrator for the service, runs `body`, always closes the session. */
export async function withMigrator<T>(ctx: CommandContext<ConnectOptions>, body: (migrator: Migrator, session: Session) => Promise<T>,
  onEvent?: (event: MigrateEvent) => void): Promise<T> {
  const session = await connectService(ctx);
  try {
    await refuseSharedDatabase(ctx, session);
    const serverTimeout = ctx.options.serverTimeout ?? ctx.service.config.serverTimeout;
    const migrator = createMysqlMigrator({
      session,
      source: createFolderSource(ctx.service.migrationsDir, { root: ctx.root }),
      ledgerTable: ctx.service.config.ledgerTable,
      appliedBy: ctx.appliedBy,
      lockTimeoutSeconds: ctx.options.lockTimeout ?? ctx.service.config.lockTimeout,
      root: ctx.root,
      signal: ctx.signal,
      cancel: ctx.cancel,
      ...(serverTimeout === undefined ? {} : { serverTimeoutSeconds: serverTimeout }),
      ...(onEvent ? { onEvent } : {}),
    });
    return await body(migrator, session);
  } finally {
    await session.close();
  }
}
