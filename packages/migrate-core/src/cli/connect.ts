import { parseDatabaseUrl, type ParsedDatabaseUrl } from '../config/database-url.js';
import { planConnection, settingsOf } from '../config/load.js';
import { serviceUrlVariable } from '../config/service-config.js';
import { openSession, type Session } from '../db/session.js';
import { MigrateError } from '../errors.js';
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
}

/** The embedded dev server's URL (started on demand), parsed. */
async function embeddedServer(ctx: CommandContext<ConnectOptions>): Promise<ParsedDatabaseUrl> {
  const devDb = await import('@repo/dev-db');
  let url: string;
  try {
    url = await devDb.ensureDevServer(ctx.root, { log: ctx.warn });
  } catch (error) {
    throw new MigrateError('CONNECTION', `No DATABASE_URL or ${serviceUrlVariable(ctx.service.service)} is set, and the embedded dev database could not start:\n${(error as Error).message}`,
      { hint: 'Install MariaDB (apt-get install mariadb-server-core mariadb-client-core), or set DATABASE_URL=mysql://user:password@host:3306.', cause: error });
  }
  const parsed = parseDatabaseUrl('embedded dev database', url);
  if (!parsed.ok) throw new MigrateError('CONNECTION', parsed.problem);
  return parsed.url;
}

/** Connects to the service's database: its URL, the shared server, or the embedded dev server (started on demand). */
export async function connectService(ctx: CommandContext<ConnectOptions>, options: { createDatabase?: boolean } = {}): Promise<Session> {
  const where = planConnection(ctx.service, ctx.env);
  if (where.kind === 'url') {
    return openSession(where.settings, { createDatabase: options.createDatabase ?? ctx.options.createDatabase ?? false });
  }
  // The dev server is ours: its databases are created on first use.
  return openSession(settingsOf(await embeddedServer(ctx), where.database, 'embedded dev database'), { createDatabase: true });
}

/** The server of a fleet's databases, as connectService finds the server of one. */
export async function fleetServerFor(ctx: CommandContext<ConnectOptions>): Promise<FleetServer> {
  const where = planConnection(ctx.service, ctx.env);
  if (where.kind === 'url') return { settingsFor: where.forDatabase, createDatabases: ctx.options.createDatabase ?? false };
  const url = await embeddedServer(ctx);
  return { settingsFor: (database) => settingsOf(url, database, 'embedded dev database'), createDatabases: true };
}

/** Opens the session, builds the migrator for the service, runs `body`, always closes the session. */
export async function withMigrator<T>(ctx: CommandContext<ConnectOptions>, body: (migrator: Migrator, session: Session) => Promise<T>,
  onEvent?: (event: MigrateEvent) => void): Promise<T> {
  const session = await connectService(ctx);
  try {
    const migrator = createMysqlMigrator({
      session,
      source: createFolderSource(ctx.service.migrationsDir, { root: ctx.root }),
      ledgerTable: ctx.service.config.ledgerTable,
      appliedBy: ctx.appliedBy,
      lockTimeoutSeconds: ctx.options.lockTimeout ?? ctx.service.config.lockTimeout,
      root: ctx.root,
      signal: ctx.signal,
      ...(onEvent ? { onEvent } : {}),
    });
    return await body(migrator, session);
  } finally {
    await session.close();
  }
}
