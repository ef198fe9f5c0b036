// Two services that resolve to one database would share its ledger and its lock without a word: each would
// see the other's migrations as missing files, and `resolve --rolled-back` would make one run the other's
// migrations again. Refused, unless both say `sharedDatabase` and keep their own ledger tables.
import { loadService, planConnection, type Env, type ServiceContext } from './load.js';
import { listServices } from './workspace.js';

export interface SharedDatabase {
  /** The other service. */
  readonly service: string;
  readonly database: string;
  readonly message: string;
  readonly hint: string;
}

/** The other services of the workspace whose config loads (a broken one is reported by its own commands). */
async function otherServices(ctx: ServiceContext): Promise<ServiceContext[]> {
  const others: ServiceContext[] = [];
  for (const name of listServices(ctx.root).filter((candidate) => candidate !== ctx.service)) {
    others.push(...(await loadService(ctx.root, name).then((other) => [other], () => [])));
  }
  return others;
}

/** Where a service's database is: the server (host and port, or socket) and the database. */
function placeOf(ctx: ServiceContext, env: Env): { server: string; database: string } | undefined {
  try {
    const plan = planConnection(ctx, env);
    if (plan.kind === 'embedded') return { server: 'embedded dev database', database: plan.database };
    const { settings } = plan;
    return { server: settings.socketPath ?? `${settings.host}:${settings.port}`, database: settings.database };
  } catch {
    return undefined; // not configured here: nothing to compare
  }
}

/** Sharing is allowed when both services say so and keep distinct ledgers (and so distinct locks). */
function problem(ctx: ServiceContext, other: ServiceContext, database: string, fold: (name: string) => string, where: string): SharedDatabase | undefined {
  const both = ctx.config.sharedDatabase === true && other.config.sharedDatabase === true;
  const distinct = fold(ctx.config.ledgerTable) !== fold(other.config.ledgerTable);
  if (both && distinct) return undefined;
  const message = `Services ${ctx.service} and ${other.service} both use database \`${database}\`${where}: they would share one ledger and one lock.`;
  const hint = both
    ? `Give one of them its own "ledgerTable" in its migrate.config.json (services/${other.service}/migrate.config.json), so that each keeps its own ledger.`
    : `Give each service its own database ("database" in services/${ctx.service}/migrate.config.json, or its own ${ctx.service.toUpperCase().replace(/-/g, '_')}_DATABASE_URL). ` +
      `If they share it on purpose, set "sharedDatabase": true and a distinct "ledgerTable" in both configs.`;
  return { service: other.service, database, message, hint };
}

/**
 * Offline (`check`): other services whose config names the same database, compared without case (on a server
 * with lower_case_table_names 1 or 2 `Shop` and `shop` are one database). Environment-free, so that `check`
 * stays cacheable.
 */
export async function sharedInConfig(ctx: ServiceContext): Promise<SharedDatabase[]> {
  const fold = (name: string) => name.toLowerCase();
  return (await otherServices(ctx)).flatMap((other) => {
    if (fold(other.database) !== fold(ctx.database)) return [];
    const found = problem(ctx, other, ctx.database, fold, other.database === ctx.database ? '' : ` (spelled \`${other.database}\` there)`);
    return found ? [found] : [];
  });
}

/**
 * Online (`migrate`, `status`, ...): other services that resolve, in this environment, to the same database on
 * the same server; names compared as the server compares them (`lowerCase`: lower_case_table_names is not 0).
 */
export async function sharedOnServer(ctx: ServiceContext, env: Env, lowerCase: boolean): Promise<SharedDatabase[]> {
  const fold = (name: string) => (lowerCase ? name.toLowerCase() : name);
  const own = placeOf(ctx, env);
  if (own === undefined) return [];
  return (await otherServices(ctx)).flatMap((other) => {
    const place = placeOf(other, env);
    if (place === undefined || place.server !== own.server || fold(place.database) !== fold(own.database)) return [];
    const found = problem(ctx, other, own.database, fold, ` on ${own.server}`);
    return found ? [found] : [];
  });
}
