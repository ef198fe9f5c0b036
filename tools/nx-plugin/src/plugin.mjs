// Nx inference plugin: every services/<name>/migrate.config.json next to a package.json becomes a project
// with the migration targets. It reads the config (where the schema and migrations are, for check's cache inputs)
// and the schema's imports as text; it never connects to a database or runs a service's code.
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { createNodesFromFiles } from '@nx/devkit';
import { readServiceLayout } from './service-layout.mjs';
import { buildMigrateTargets } from './targets.mjs';

export { createDependencies } from './dependencies.mjs';

export const SERVICE_CONFIG_GLOB = 'services/*/migrate.config.json';

/**
 * @param {string} configFile
 * @param {import('./targets.mjs').MigratePluginOptions | undefined} options
 * @param {import('nx/src/devkit-exports').CreateNodesContextV2} context
 */
function createNodesForConfig(configFile, options, context) {
  const projectRoot = dirname(configFile);
  if (!existsSync(join(context.workspaceRoot, projectRoot, 'package.json'))) return {};
  const service = basename(projectRoot);
  const layout = readServiceLayout(context.workspaceRoot, projectRoot);
  // The targets come from this plugin: a change to it must count as a change to every service for
  // `nx affected` (sharedGlobals only affects caching, not affected).
  return { projects: { [projectRoot]: { targets: buildMigrateTargets(projectRoot, service, options ?? {}, layout), implicitDependencies: ['nx-plugin'] } } };
}

/** @type {import('nx/src/devkit-exports').CreateNodesV2<import('./targets.mjs').MigratePluginOptions>} */
export const createNodes = [
  SERVICE_CONFIG_GLOB,
  (configFiles, options, context) => createNodesFromFiles(createNodesForConfig, configFiles, options ?? {}, context),
];

/** Alias for Nx versions that still look for it. */
export const createNodesV2 = createNodes;
