// Dependencies between services found in their schema files. A service whose schema imports another service's
// schema (its tables, for queries and foreign keys) depends on it: a change there can change what this service's
// `generate` and `check` see, so `nx affected` must select it and check's cache must miss. Nx's own analysis does
// not follow a relative import into another project's folder, hence this.
import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { DependencyType } from '@nx/devkit';
import { importSpecifiers, SOURCE_FILE } from './imports.mjs';
import { isSchemaSource, readServiceLayout } from './service-layout.mjs';

/**
 * @typedef {object} ServiceProject
 * @property {string} name Nx project name
 * @property {string} root e.g. `services/shop`
 * @property {string | undefined} packageName its package.json `name`, for bare imports like `@acme/crm/schema`
 * @property {import('./service-layout.mjs').ServiceLayout | undefined} layout from its migrate.config.json; undefined
 *   when that cannot be read (then every file of the service is read)
 */

/**
 * The service a specifier imported from `file` points into, other than the file's own.
 * @param {string} file workspace-relative, `/`-separated
 * @param {string} specifier
 * @param {ServiceProject} from
 * @param {readonly ServiceProject[]} services
 * @returns {ServiceProject | undefined}
 */
export function importedService(file, specifier, from, services) {
  const others = services.filter((service) => service.name !== from.name);
  if (specifier.startsWith('.')) {
    const target = posix.normalize(posix.join(posix.dirname(file), specifier));
    return others.find((service) => target === service.root || target.startsWith(`${service.root}/`));
  }
  return others.find((service) => service.packageName !== undefined && (specifier === service.packageName || specifier.startsWith(`${service.packageName}/`)));
}

/**
 * Static dependencies of services on other services, from the imports of each service's schema files: those in
 * the schema's folder and those the schema imports (see service-layout.mjs). Pure apart from `read`.
 * @param {readonly ServiceProject[]} services
 * @param {Record<string, ReadonlyArray<{ file: string }>>} filesByProject project name -> its files (workspace-relative)
 * @param {(file: string) => string} read
 * @returns {Array<{ source: string, target: string, sourceFile: string }>}
 */
export function serviceDependencies(services, filesByProject, read) {
  const out = [];
  const seen = new Set();
  for (const service of services) {
    for (const { file } of filesByProject[service.name] ?? []) {
      if (!SOURCE_FILE.test(file) || !isSchemaSource(file, service.root, service.layout)) continue;
      for (const specifier of importSpecifiers(read(file))) {
        const target = importedService(file, specifier, service, services);
        const key = `${service.name}>${target?.name}>${file}`;
        if (target === undefined || seen.has(key)) continue;
        seen.add(key);
        out.push({ source: service.name, target: target.name, sourceFile: file });
      }
    }
  }
  return out;
}

/**
 * The services among Nx's projects: those whose root is under `services/`, with their layout.
 * @param {Record<string, { root: string }>} projects by name
 * @param {string} workspaceRoot
 * @returns {ServiceProject[]}
 */
export function serviceProjects(projects, workspaceRoot) {
  return Object.entries(projects)
    .filter(([, project]) => project.root.startsWith('services/'))
    .map(([name, project]) => ({
      name,
      root: project.root,
      packageName: packageNameOf(join(workspaceRoot, project.root, 'package.json')),
      layout: readServiceLayout(workspaceRoot, project.root),
    }));
}

/** @param {string} path @returns {string | undefined} */
function packageNameOf(path) {
  try {
    const name = JSON.parse(readFileSync(path, 'utf8')).name;
    return typeof name === 'string' ? name : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Nx's hook. Every service's source files are read each time, not only `filesToProcess`: Nx keeps its file map
 * across runs, so files unchanged since before this plugin (or a fix to it) would otherwise never be read. A
 * service has a handful of files; reading them takes well under a millisecond each.
 * @type {import('nx/src/devkit-exports').CreateDependencies}
 */
export const createDependencies = (_options, context) => {
  const services = serviceProjects(context.projects, context.workspaceRoot);
  const read = (/** @type {string} */ file) => readFileSync(join(context.workspaceRoot, file), 'utf8');
  return serviceDependencies(services, context.fileMap.projectFileMap, read).map((dependency) => ({ ...dependency, type: DependencyType.static }));
};
