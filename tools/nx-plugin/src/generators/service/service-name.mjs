// The rules a new service's name and database must follow, with a message saying why and what to do.
import { TARGETS } from '../../targets.mjs';

/** Same rule as the schema.json pattern and as migrate-core's service names. */
export const SERVICE_NAME_PATTERN = /^[a-z][a-z0-9-]*$/;
/**
 * A service's name becomes its database name (`-` as `_`), and MySQL allows 64 characters there; migrate-core
 * accepts service names of at most 63 (packages/migrate-core/src/config/service-config.ts), so that is the limit.
 */
export const MAX_SERVICE_NAME_LENGTH = 63;
/** MySQL/MariaDB database names: letters, digits and `_` (the subset migrate-core accepts), at most 64. */
export const DATABASE_NAME_PATTERN = /^[A-Za-z0-9_]{1,64}$/;
/**
 * Names that would read as something else: the targets (`nx run check:check`, and `nx migrate` is Nx's own
 * updater), and the CLI's other commands.
 */
export const RESERVED_NAMES = new Set([...Object.keys(TARGETS), 'resolve', 'report', 'rebase', 'help', 'version']);

/** @param {string} name */
export function defaultDatabaseName(name) {
  return name.replace(/-/g, '_');
}

/** The starter table: lower-case letters, digits and `_`, at most 64 (MySQL's limit). */
export const TABLE_NAME_PATTERN = /^[a-z][a-z0-9_]{0,63}$/;

/**
 * Names the starter schema cannot give its table's constant: JavaScript's reserved words and what it imports.
 * Such a table's constant gets `Table` appended.
 */
const TAKEN_IDENTIFIERS = new Set([
  'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else', 'enum', 'export',
  'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in', 'instanceof', 'new', 'null', 'return', 'super',
  'switch', 'this', 'throw', 'true', 'try', 'typeof', 'var', 'void', 'while', 'with', 'yield', 'let', 'static', 'implements',
  'interface', 'package', 'private', 'protected', 'public', 'await', 'arguments', 'eval',
  'int', 'mysqlTable', 'timestamp', 'varchar',
]);

/**
 * The exported constant of the starter table, e.g. `orderHistory` for `order_history`.
 * @param {string} table
 */
export function tableConstName(table) {
  const camel = table.replace(/_+([a-z0-9])/g, (_, next) => next.toUpperCase()).replace(/_+$/, '');
  return TAKEN_IDENTIFIERS.has(camel) ? `${camel}Table` : camel;
}

/**
 * Why `table` cannot be the starter table's name, or undefined.
 * @param {string} table
 */
export function tableNameProblem(table) {
  return TABLE_NAME_PATTERN.test(table)
    ? undefined
    : `Table name "${table}" is not valid: lower-case letters, digits and _, starting with a letter, at most 64 characters.`;
}

/**
 * Why `name` cannot be a new service, or undefined when it can. Facts about the workspace are passed in.
 * @param {string} name
 * @param {{ existingPath: (path: string) => boolean, projectRootOf: (name: string) => string | undefined }} workspace
 * @returns {string | undefined}
 */
export function serviceNameProblem(name, workspace) {
  if (!SERVICE_NAME_PATTERN.test(name)) {
    return `"${name}" is not a valid service name: use lower-case letters, digits and -, starting with a letter (e.g. order-history).`;
  }
  if (name.length > MAX_SERVICE_NAME_LENGTH) {
    return `"${name}" is ${name.length} characters long: a service name becomes its database name, which MySQL limits to 64 `
      + `characters, and migrate-core accepts service names of at most ${MAX_SERVICE_NAME_LENGTH}. Pick a shorter name `
      + '(the database can be named separately with --database).';
  }
  if (RESERVED_NAMES.has(name)) {
    return `"${name}" is reserved: it is a migration target or a migrate-core command (${[...RESERVED_NAMES].join(', ')}), `
      + `so \`nx run ${name}:${name}\` would read badly. Pick another name.`;
  }
  const dir = `services/${name}`;
  if (workspace.existingPath(`${dir}/migrate.config.json`)) return `Service "${name}" already exists (${dir}/migrate.config.json). Pick another name.`;
  if (workspace.existingPath(dir)) return `${dir} already exists but is not a service (no migrate.config.json). Remove it or pick another name.`;
  const root = workspace.projectRootOf(name);
  if (root !== undefined) return `"${name}" is already the name of the Nx project in ${root}. Pick another name.`;
  return undefined;
}

/**
 * Why `database` cannot be the new service's database, or undefined.
 * @param {string} database
 * @param {ReadonlyMap<string, string>} databasesInUse database name -> the service using it
 */
export function databaseNameProblem(database, databasesInUse) {
  if (!DATABASE_NAME_PATTERN.test(database)) {
    return `Database name "${database}" is not valid: letters, digits and _, at most 64 characters.`;
  }
  const owner = databasesInUse.get(database.toLowerCase());
  if (owner !== undefined) {
    return `Database "${database}" is already the database of service "${owner}": each service owns its database (and its ledger). `
      + 'Pick another name with --database.';
  }
  return undefined;
}
