// Which databases a fleet has: its list, the server's databases that match its globs, or what its query returns.
import { describeDatabases, SYSTEM_SCHEMAS, type DatabasesConfig } from '../config/fleet-config.js';
import { isValidIdentifier } from '../db/identifiers.js';
import type { Session } from '../db/session.js';
import { ConfigError, MigrateError } from '../errors.js';
import { compileIncludeExclude } from '../schema/filter.js';

const isList = (databases: DatabasesConfig): databases is readonly string[] => Array.isArray(databases);
const globsOf = (match: string | readonly string[]): readonly string[] => (typeof match === 'string' ? [match] : match);

/** The config's globs as one predicate over database names: system schemas and names we cannot quote never match. */
export function matcherOf(match: string | readonly string[]): (name: string) => boolean {
  const globs = globsOf(match);
  if (!globs.some((glob) => !glob.startsWith('!'))) {
    throw new ConfigError([`"databases": { "match": ${JSON.stringify(match)} } has no glob that includes databases, only exclusions ("!...").`],
      'Add the pattern of the fleet\'s databases, e.g. { "match": ["tenant_*", "!tenant_template"] }.');
  }
  const keep = compileIncludeExclude(globs);
  return (name) => !SYSTEM_SCHEMAS.has(name.toLowerCase()) && isValidIdentifier(name) && keep(name);
}

/** The exclusion (`"!tenant_template"`) of a config's globs that leaves `name` out, if one does. */
export function excludedBy(databases: DatabasesConfig, name: string): string | undefined {
  if (isList(databases) || !('match' in databases)) return undefined;
  return globsOf(databases.match).find((glob) => glob.startsWith('!') && compileIncludeExclude([glob.slice(1)])(name));
}

/**
 * Whether `name` is a member, when the config alone can tell (a list, or globs); undefined for a query, whose
 * answer only the server knows.
 */
export function isMemberByConfig(databases: DatabasesConfig, name: string): boolean | undefined {
  if (isList(databases)) return databases.includes(name);
  if ('match' in databases) return matcherOf(databases.match)(name);
  return undefined;
}

async function queryMembers(server: Session, query: string): Promise<string[]> {
  let rows: Array<Record<string, unknown>>;
  try {
    rows = await server.query<Array<Record<string, unknown>>>(query);
  } catch (error) {
    const message = (error as { sqlMessage?: string }).sqlMessage ?? (error as Error).message;
    throw new MigrateError('CONFIG', `The "query" of "databases" failed on the server: ${message}`,
      { hint: 'Run it by hand in the mysql client and fix it in migrate.config.json; it must return one column of database names.', cause: error });
  }
  if (!Array.isArray(rows)) throw new ConfigError(['The "query" of "databases" returned no rows: it must be a SELECT of one column of database names.']);
  const problems: string[] = [];
  const names: string[] = [];
  for (const [i, row] of rows.entries()) {
    const values = Object.values(row);
    if (values.length !== 1) {
      problems.push(`The "query" of "databases" returns ${values.length} columns (${Object.keys(row).join(', ')}); it must return one, the database name.`);
      break;
    }
    const value = values[0];
    if (typeof value !== 'string' || !isValidIdentifier(value)) {
      problems.push(`row ${i + 1} of the "query" of "databases" is ${JSON.stringify(value)}, not a database name (letters, digits and _, at most 64).`);
    } else if (SYSTEM_SCHEMAS.has(value.toLowerCase())) {
      problems.push(`row ${i + 1} of the "query" of "databases" names the system schema ${value}, which is never a fleet member.`);
    } else names.push(value);
  }
  if (problems.length > 0) throw new ConfigError(problems.slice(0, 20), 'Fix the query in migrate.config.json (or the table it reads); nothing was run.');
  return [...new Set(names)].sort();
}

/**
 * The fleet's databases: a list in its order; globs or a query sorted by name. `server` is a session without a
 * default database (only globs and queries use it). An empty fleet is an error: a pattern that matches nothing is
 * more likely a typo than a fleet.
 */
export async function findMembers(databases: DatabasesConfig, server: () => Promise<Session>): Promise<string[]> {
  let members: string[];
  if (isList(databases)) members = [...databases];
  else if ('match' in databases) {
    const matches = matcherOf(databases.match);
    const rows = await (await server()).query<Array<{ name: string }>>('SELECT `SCHEMA_NAME` AS `name` FROM `information_schema`.`SCHEMATA`');
    members = rows.map((row) => String(row.name)).filter(matches).sort();
  } else members = await queryMembers(await server(), databases.query);
  if (members.length === 0) {
    throw new MigrateError('CONFIG', `The fleet has no databases: ${describeDatabases(databases)} found none on the server.`,
      { hint: 'Check the pattern or query in migrate.config.json against the server (SHOW DATABASES), or create the first database with --database <name> --create-database.' });
  }
  return members;
}
