// Whether a command runs on one database or on a fleet. Light on purpose: it runs before every command.
import { planConnection, type Env, type ServiceContext } from '../../config/load.js';
import { UsageError } from '../../errors.js';
import type { CommandName } from '../specs.js';

/** The commands that read or change databases: on a fleet, they run on every member (or the one of --database). */
export const FLEET_COMMANDS: ReadonlySet<CommandName> = new Set(['migrate', 'rollback', 'status', 'drift', 'plan', 'stamp', 'resolve']);

/** The options that bear on the route (every database command has them; others do not). */
export interface RouteOptions {
  readonly database?: string | undefined;
  readonly shard?: string | undefined;
  readonly fromDatabase?: boolean;
  readonly offline?: boolean;
  readonly sql?: boolean;
}

/** `single`: the command as it is; `fleet`: over many databases; `narrow`: on one member of a fleet. */
export type Route = { readonly kind: 'single' } | { readonly kind: 'fleet' } | { readonly kind: 'narrow'; readonly database: string };

/** The database a single-database service uses, as the environment says (its own URL may name another). */
function plannedDatabase(service: ServiceContext, env: Env): string {
  const plan = planConnection(service, env);
  return plan.kind === 'url' ? plan.settings.database : plan.database;
}

export function routeOf(service: ServiceContext, command: CommandName, options: RouteOptions, env: Env): Route {
  const { database } = options;
  const fleet = service.fleet !== undefined;
  if (database !== undefined) {
    if (fleet) return { kind: 'narrow', database };
    const own = plannedDatabase(service, env);
    if (database !== own) {
      throw new UsageError(`Service ${service.service} has one database, ${own}; --database ${database} names another.`,
        '--database picks one database of a fleet (a service with "databases" in its migrate.config.json).');
    }
    return { kind: 'single' };
  }
  if (!FLEET_COMMANDS.has(command)) {
    if (fleet && options.fromDatabase) {
      throw new UsageError(`Service ${service.service} is a fleet: adopt one of its databases with --database <name>.`, `e.g. migrate-core generate --from-database --database <name> --name baseline`);
    }
    return { kind: 'single' };
  }
  if (fleet && command === 'plan' && (options.offline || options.sql)) {
    throw new UsageError(`plan ${options.offline ? '--offline' : '--sql'} of a fleet needs --database <name>: the SQL names its database.`,
      `Every database of the fleet runs the same migrations: e.g. migrate-core plan --database <name>${options.sql ? ' --sql' : ''}${options.offline ? ' --offline --from base' : ''}. Without --sql, plan shows what would run on every database.`);
  }
  if (fleet || options.shard !== undefined) return { kind: 'fleet' };
  return { kind: 'single' };
}
