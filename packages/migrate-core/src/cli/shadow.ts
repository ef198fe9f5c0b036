// Where `check` proves migrations: SHADOW_DATABASE_URL (a scratch server: machines without a server binary,
// or a MySQL server for a MySQL-target service), else a throwaway private server of tools/dev-db, started
// for the run and gone after it. Neither available: a configuration error, never a silent skip.
import { join } from 'node:path';
import { envValue, SHADOW_VARIABLE } from '../config/connection-plan.js';
import { parseDatabaseUrl } from '../config/database-url.js';
import { settingsOf } from '../config/load.js';
import { shadowServerAt, type ShadowStarter } from '../check/shadow/server.js';
import { ConfigError, MigrateError } from '../errors.js';
import type { CommandContext } from './command.js';

/** Where the throwaway server's template data directory is kept (default `<workspace>/.dev-db`): several checkouts may share one. */
const TEMPLATE_CACHE_VARIABLE = 'DEV_DB_CACHE_DIR';

const WAYS_OUT = `Install MariaDB (apt-get install mariadb-server-core mariadb-client-core; brew install mariadb), ` +
  `or set ${SHADOW_VARIABLE}=mysql://user:password@host:3306 (a scratch server: check creates and drops its own databases there), ` +
  'or skip the proof: `migrate-core check --no-shadow`.';

function parseOrThrow(name: string, value: string) {
  const parsed = parseDatabaseUrl(name, value);
  if (!parsed.ok) throw new ConfigError([parsed.problem], `Fix ${SHADOW_VARIABLE} (format mysql://user:password@host:3306).`);
  return parsed.url;
}

/**
 * Decides now where the shadow proof will run (so that a missing server fails before any work) and returns
 * the function that starts or connects to it when there is something to prove.
 */
export async function shadowStarter(ctx: Pick<CommandContext, 'env' | 'root'>): Promise<ShadowStarter> {
  const given = envValue(ctx.env, SHADOW_VARIABLE);
  if (given !== undefined) {
    const url = parseOrThrow(SHADOW_VARIABLE, given);
    const settings = settingsOf(url, 'mysql', SHADOW_VARIABLE, ctx.root);
    return async () => shadowServerAt(settings, { throwaway: false, description: `${SHADOW_VARIABLE}: ${settings.display.replace(/\/mysql$/, '')}` });
  }
  const devDb = await import('@repo/dev-db');
  try {
    // Awaited: inside the CLI bundle every dev-db function returns a promise (scripts/bundle-cli.mjs).
    await devDb.findServerBinary(ctx.env as NodeJS.ProcessEnv);
  } catch (error) {
    if ((error as { code?: string }).code !== 'DEV_DB_NO_SERVER') throw error;
    throw new ConfigError([`check proves every migration on a shadow server, and none is available: ${SHADOW_VARIABLE} is not set and no MariaDB or MySQL server binary (mariadbd, mysqld) was found.`], WAYS_OUT);
  }
  return async () => {
    let server: Awaited<ReturnType<typeof devDb.startEphemeralServer>>;
    try {
      server = await devDb.startEphemeralServer({ cacheDir: envValue(ctx.env, TEMPLATE_CACHE_VARIABLE) ?? join(ctx.root, '.dev-db') });
    } catch (error) {
      throw new MigrateError('CONNECTION', `The throwaway shadow server could not start:\n${(error as Error).message}`, { hint: WAYS_OUT, cause: error });
    }
    const settings = settingsOf(parseOrThrow('throwaway shadow server', server.url), 'mysql', 'throwaway shadow server');
    return shadowServerAt(settings, { throwaway: true, description: 'a throwaway server', stop: () => server.stop() });
  };
}
