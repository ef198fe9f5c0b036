// A fleet: one service whose schema lives in many databases (a database per tenant). migrate.config.json names
// them with `databases` instead of `database`: a list, a glob over the server's databases, or a query.

/** `databases` of migrate.config.json. */
export type DatabasesConfig =
  | readonly string[]
  /** Globs over the server's databases (`*`, `?`, `[abc]`, `{a,b}`); `!` excludes. System schemas never match. */
  | { readonly match: string | readonly string[] }
  /** Run on the server; one column of database names. */
  | { readonly query: string };

/** How many databases a fleet command works on at once, unless told otherwise: suits a 2-core runner and a shared server. */
export const DEFAULT_FLEET_CONCURRENCY = 8;
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
