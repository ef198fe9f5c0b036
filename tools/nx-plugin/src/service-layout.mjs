// Where a service keeps its schema and migrations, from its migrate.config.json (read as the engine reads it:
// `schema` and `migrations` relative to the service folder, defaults src/schema.ts and migrations), and which files
// inside the service the schema imports. It decides check's cache inputs and which files may import other services.
import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { importSpecifiers, resolveRelativeImport, SOURCE_FILE } from './imports.mjs';

export const SERVICE_CONFIG_FILE = 'migrate.config.json';
/** The engine's defaults (packages/migrate-core/src/config/service-config-schema.ts); a unit test keeps them equal. */
export const DEFAULT_SCHEMA = 'src/schema.ts';
export const DEFAULT_MIGRATIONS = 'migrations';

/**
 * @typedef {object} ServiceLayout Workspace-relative, `/`-separated paths.
 * @property {string} schema the schema module, e.g. `services/first/db/schema.ts`
 * @property {string} schemaFolder its folder, e.g. `services/first/db`
 * @property {string} migrations the migrations folder, e.g. `services/first/sql/migrations`
 * @property {string[]} schemaImports files inside the service that the schema imports, directly or through each
 *   other, outside its folder (those inside are covered by the folder)
 * @property {string[]} [seeds] the seed files check's shadow database loads (`seed` of the config)
 */

/**
 * @param {string} workspaceRoot
 * @param {string} projectRoot e.g. `services/first`
 * @returns {ServiceLayout | undefined} undefined when the config cannot be read or names no paths the engine would
 *   accept: the engine's `check` then fails and says why
 */
export function readServiceLayout(workspaceRoot, projectRoot) {
  const config = readConfig(join(workspaceRoot, projectRoot, SERVICE_CONFIG_FILE));
  if (config === undefined) return undefined;
  const schema = posix.join(projectRoot, config.schema);
  const schemaFolder = posix.dirname(schema);
  return {
    schema,
    schemaFolder,
    migrations: posix.join(projectRoot, config.migrations),
    schemaImports: importedFiles(workspaceRoot, projectRoot, schema).filter((file) => !isWithin(file, schemaFolder)),
    seeds: config.seeds.map((file) => posix.join(projectRoot, file)),
  };
}

/**
 * @param {string} path
 * @returns {{ schema: string, migrations: string, seeds: string[] } | undefined}
 */
function readConfig(path) {
  let raw;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
  const schema = raw.schema ?? DEFAULT_SCHEMA;
  const migrations = raw.migrations ?? DEFAULT_MIGRATIONS;
  const usable = (/** @type {unknown} */ value) => typeof value === 'string' && value.length > 0;
  const seeds = Array.isArray(raw.seed) ? raw.seed.map((/** @type {{ file?: unknown }} */ entry) => entry?.file).filter(usable) : [];
  return usable(schema) && usable(migrations) ? { schema, migrations, seeds } : undefined;
}

/**
 * The files inside `projectRoot` that `entry` imports through relative specifiers, transitively, in the order found.
 * Files elsewhere (another service, shared code) are not followed: other services are dependencies of their own.
 * @param {string} workspaceRoot
 * @param {string} projectRoot
 * @param {string} entry workspace-relative
 * @returns {string[]}
 */
export function importedFiles(workspaceRoot, projectRoot, entry) {
  const seen = new Set([entry]);
  const queue = [entry];
  for (let i = 0; i < queue.length; i++) {
    const file = /** @type {string} */ (queue[i]);
    if (!SOURCE_FILE.test(file)) continue;
    const text = readOrUndefined(join(workspaceRoot, file));
    for (const specifier of text === undefined ? [] : importSpecifiers(text)) {
      const target = resolveRelativeImport(workspaceRoot, file, specifier);
      if (target === undefined || seen.has(target) || !isWithin(target, projectRoot)) continue;
      seen.add(target);
      queue.push(target);
    }
  }
  return queue.slice(1);
}

/**
 * Whether a workspace-relative path is `folder` or inside it.
 * @param {string} path
 * @param {string} folder
 */
export function isWithin(path, folder) {
  return path === folder || path.startsWith(`${folder}/`) || folder === '.';
}

/**
 * Whether a file of the service belongs to its schema: in the schema's folder or imported by it. Without a layout
 * (unreadable config) every file of the service does.
 * @param {string} file workspace-relative
 * @param {string} projectRoot
 * @param {ServiceLayout | undefined} layout
 */
export function isSchemaSource(file, projectRoot, layout) {
  if (layout === undefined) return isWithin(file, projectRoot);
  return isWithin(file, layout.schemaFolder) || layout.schemaImports.includes(file);
}

/** @param {string} path */
function readOrUndefined(path) {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
