// `--database <name>` on a fleet: the command runs on that one member, exactly as on a single database.
import { describeDatabases } from '../../config/fleet-config.js';
import { withDatabase, type ServiceContext } from '../../config/load.js';
import { isValidIdentifier } from '../../db/identifiers.js';
import { openServerSession } from '../../db/session.js';
import { UsageError } from '../../errors.js';
import { excludedBy, findMembers, isMemberByConfig } from '../../fleet/members.js';
import type { CommandContext } from '../command.js';
import { fleetServerFor, type ConnectOptions } from '../connect.js';

async function queryIncludes(ctx: CommandContext<ConnectOptions>, database: string): Promise<boolean> {
  const server = await fleetServerFor(ctx);
  const session = await openServerSession(server.settingsFor(''));
  try {
    return (await findMembers(ctx.service.fleet!, async () => session)).includes(database);
  } catch {
    // An empty fleet, or a query that fails, is reported by the fleet commands; here it only means "not a member".
    return false;
  } finally {
    await session.close();
  }
}

/**
 * The service narrowed to `database`, which must be a member of its fleet; with --create-database a new database
 * may be named too (a new tenant), with a warning when the config will not count it as a member.
 */
export async function narrowTo(ctx: CommandContext<ConnectOptions>, database: string): Promise<ServiceContext> {
  const fleet = ctx.service.fleet!;
  const name = ctx.service.service;
  if (!isValidIdentifier(database)) throw new UsageError(`--database ${JSON.stringify(database)} is not a database name (letters, digits and _, at most 64).`);
  const member = isMemberByConfig(fleet, database) ?? await queryIncludes(ctx, database);
  if (!member) {
    const exclusion = excludedBy(fleet, database);
    if (exclusion !== undefined) {
      // A template or a database kept apart on purpose: never run as a tenant, not even with --create-database.
      throw new UsageError(`${database} is left out of fleet ${name} on purpose: ${JSON.stringify(exclusion)} in migrate.config.json excludes it.`,
        `List the fleet's databases: npx migrate-core status --service ${name}. To make it a tenant, take it out of that exclusion first.`);
    }
    const why = Array.isArray(fleet) ? 'is not in its "databases" list' : 'match' in fleet ? `does not match ${describeDatabases(fleet)}` : 'is not returned by its "query"';
    if (!ctx.options.createDatabase) {
      throw new UsageError(`${database} is not a database of fleet ${name}: it ${why}.`,
        // Written out: the hints of this run name --database, which these commands must not.
        `List the fleet's databases: npx migrate-core status --service ${name}; add a new one: npx migrate-core migrate --service ${name} --database ${database} --create-database`);
    }
    ctx.warn(`${name}: note: ${database} ${why} in migrate.config.json, so runs over the whole fleet will not include it until it does.`);
  }
  return withDatabase(ctx.service, database);
}
