import { planConnection, type Env, type ServiceContext } from '../config/load.js';
import { ConfigError } from '../errors.js';
import type { FleetServer } from './server.js';

/**
 * The server of a service from its environment (`<SERVICE>_DATABASE_URL` or `DATABASE_URL`), and the database a
 * single-database service uses there. The embedded dev server is the CLI's to start: without a URL this is a
 * ConfigError naming the variables to set.
 */
export function serverFromEnv(service: ServiceContext, env: Env, options: { createDatabases?: boolean } = {}): { server: FleetServer; database: string } {
  const plan = planConnection(service, env);
  if (plan.kind !== 'url') {
    throw new ConfigError([`No database URL is set for service ${service.service}: set DATABASE_URL (the server) or its own URL variable.`],
      'For the embedded dev database: export DATABASE_URL="$(npm run -s db:url)".');
  }
  return { server: { settingsFor: plan.forDatabase, createDatabases: options.createDatabases ?? false }, database: plan.settings.database };
}
