// `nx g @repo/nx-plugin:service <name>`: a new service that the plugin turns into a project with every target.
import { fileURLToPath } from 'node:url';
import { generateFiles, getProjects, readJson } from '@nx/devkit';
import { serviceUrlVariable } from '../../../../ci/src/pipelines.mjs';
import { deployBranch, listServices, writeServiceWorkflow } from '../ci/generator.mjs';
import { databaseNameProblem, defaultDatabaseName, serviceNameProblem, tableConstName, tableNameProblem } from './service-name.mjs';

/** @typedef {import('@nx/devkit').Tree} Tree */

/**
 * @typedef {object} ServiceGeneratorOptions
 * @property {string} name the service (folder, Nx project and package `@repo/<name>`)
 * @property {string} [database] its database (default: the name with - as _)
 * @property {string} [table] the starter table, named after the service's main entity (default: the name with - as _)
 * @property {boolean} [fromDatabase] its database exists already: no starter table, the schema comes from
 *   `generate --from-database`
 * @property {boolean} [ci] also write .github/workflows/migrate-<name>.yml (default true)
 */

const FILES = fileURLToPath(new URL('./files', import.meta.url));
/** Used when the engine's package.json cannot be read; the engine pins the same version. */
const DEFAULT_DRIZZLE_ORM_VERSION = '0.45.4';

/** @param {Tree} tree @param {string} path */
function readJsonOrUndefined(tree, path) {
  try {
    return tree.exists(path) ? readJson(tree, path) : undefined;
  } catch {
    return undefined;
  }
}

/** Database name (lower-cased) -> the service that uses it. @param {Tree} tree */
function databasesInUse(tree) {
  /** @type {Map<string, string>} */
  const inUse = new Map();
  for (const service of listServices(tree)) {
    const database = readJsonOrUndefined(tree, `services/${service}/migrate.config.json`)?.database ?? defaultDatabaseName(service);
    if (typeof database === 'string') inUse.set(database.toLowerCase(), service);
  }
  return inUse;
}

/** @param {Tree} tree */
function projectRoots(tree) {
  /** @type {Map<string, string>} */
  const roots = new Map();
  for (const [name, project] of getProjects(tree)) roots.set(name, project.root);
  return roots;
}

/** @param {Tree} tree @param {ServiceGeneratorOptions} options */
function validate(tree, options) {
  const roots = projectRoots(tree);
  const problem = serviceNameProblem(options.name, { existingPath: (path) => tree.exists(path), projectRootOf: (name) => roots.get(name) });
  if (problem !== undefined) throw new Error(problem);
  const database = options.database ?? defaultDatabaseName(options.name);
  const databaseProblem = databaseNameProblem(database, databasesInUse(tree));
  if (databaseProblem !== undefined) throw new Error(databaseProblem);
  const table = options.table ?? defaultDatabaseName(options.name);
  const tableProblem = tableNameProblem(table);
  if (tableProblem !== undefined) throw new Error(tableProblem);
  return { database, table };
}

/**
 * What to run next. The CLI finds a service by its folder and drizzle-orm resolves from the root node_modules, so
 * generate and migrate work at once; `npm install` only links @repo/<name> and records it in package-lock.json,
 * without which `npm ci` (and so CI) refuses to install.
 * @param {string} name @param {string} database @param {string} table @param {ServiceGeneratorOptions} options
 */
function nextSteps(name, database, table, options) {
  const ci = options.ci !== false;
  const first = options.fromDatabase
    ? [
      `  npx nx run ${name}:generate --from-database --name baseline   # src/schema.ts and a baseline migration from its tables`,
      `  npx nx run ${name}:stamp <baseline id>   # record the baseline as applied, run nothing`,
      `  npx nx run ${name}:drift   # must say "in sync"`,
    ]
    : [
      `  npx nx run ${name}:generate --name "create ${table}"   # its first migration, from src/schema.ts`,
      `  npx nx run ${name}:migrate   # apply it (${serviceUrlVariable(name)}, else DATABASE_URL, else the dev database)`,
    ];
  return [
    '',
    `Service "${name}" created in services/${name} (database ${database}). Next:`,
    ...first,
    `  npm install   # records @repo/${name} in package-lock.json: npm ci fails without it`,
    `Then commit services/${name}${ci ? `, .github/workflows/migrate-${name}.yml` : ''} and package-lock.json.`,
  ].join('\n');
}

/**
 * @param {Tree} tree
 * @param {ServiceGeneratorOptions} options
 */
export default async function serviceGenerator(tree, options) {
  const { database, table } = validate(tree, options);
  const ci = options.ci !== false;
  const drizzleOrmVersion = readJsonOrUndefined(tree, 'packages/migrate-core/package.json')?.dependencies?.['drizzle-orm'] ?? DEFAULT_DRIZZLE_ORM_VERSION;
  generateFiles(tree, FILES, `services/${options.name}`, {
    name: options.name, database, table, tableConst: tableConstName(table), fromDatabase: options.fromDatabase === true,
    drizzleOrmVersion, ci, urlVariable: serviceUrlVariable(options.name), tmpl: '',
  });
  if (ci) writeServiceWorkflow(tree, options.name, deployBranch(tree));
  return () => {
    console.log(nextSteps(options.name, database, table, options));
  };
}
