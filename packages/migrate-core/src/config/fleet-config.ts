// A fleet: one service whose schema lives in many databases (a database per tenant). migrate.config.json names
// them with `databases` instead of `database`: a list, a glob over the server's databases, or a query.

/** `databases` of migrate.config.json. */
export type DatabasesConfig =
  | readonly string[]
  /** Globs over the server's databases (`*`, `?`, `[abc]`, `{a,b}`); `!` excludes. System schemas never match. */
  | { readonly match: string | readonly string[] }
  /** Run on the server; one column of database names. */
  | { readonly query: string };

/**
 * How many databases a fleet command works on at once, unless told otherwise. Measured on 2 cores against a durable
 * server (200 databases, one migration each, 5 runs): 1 took 6.1-11.5 s, 2 about 3 s, 4 2.2-4.8 s (median 2.7),
 * 8 2.1-6.3 s (median 3.8), 16 3-3.9 s, 32 6-7.3 s. Each is a connection and a migration running on a shared server.
 */
export const DEFAULT_FLEET_CONCURRENCY = 4;
/** More at once needs `--allow-high-concurrency`: each one is a connection and a migration running on the server. */
export const MAX_FLEET_CONCURRENCY = 32;

/** The server's own schemas: never members of a fleet, whatever the pattern. */
export const SYSTEM_SCHEMAS: ReadonlySet<string> = new Set(['information_schema', 'mysql', 'performance_schema', 'sys']);

/** `tenant_*`, `[a, b] (list)`, `query`: how the fleet's members are found, for messages. */
export function describeDatabases(databases: DatabasesConfig): string {
  if (Array.isArray(databases)) return `the list of ${databases.length} in migrate.config.json`;
  if ('match' in databases) return `"match": ${JSON.stringify(databases.match)}`;
  return '"query" of migrate.config.json';
}
