// Pure: the targets every service gets. No IO, no database, no service code loaded.

/** @typedef {import('nx/src/devkit-exports').TargetConfiguration} TargetConfiguration */

/**
 * @typedef {object} MigratePluginOptions
 * @property {string} [cli] the command that runs the engine (default `migrate-core`, the workspace bin)
 */

/** The shadow server check proves migrations on (the engine's connection-plan.ts names it too). */
export const SHADOW_VARIABLE = 'SHADOW_DATABASE_URL';

/** The targets, their descriptions, and whether they read or write the database. */
export const TARGETS = /** @type {const} */ ({
  generate: { db: false, description: "Diff the service's Drizzle schema against its last snapshot; write up SQL, down SQL and snapshot (--name \"...\")." },
  migrate: { db: true, description: 'Apply pending migrations, to the latest or --to <id>.' },
  rollback: { db: true, description: 'Run down migrations: --steps N (default 1), --to <id>, or --to base.' },
  status: { db: true, description: 'Current version, applied and pending migrations, dirty state, issues (--json).' },
  check: { db: false, description: 'CI gate: schema and migrations in sync, folder integrity, every migration proven up, down and up again on a shadow server, lint warnings.' },
  drift: { db: true, description: 'Compare the live database with the schema its applied migrations should have produced.' },
  plan: { db: true, description: 'Print the SQL migrate/rollback would run (--sql; --offline --from <id> needs no database).' },
  stamp: { db: true, description: 'Record migrations up to <id> as applied without running them (adopting an existing database).' },
});

/**
 * A workspace-relative path as an Nx input: `{projectRoot}/...` inside the service, `{workspaceRoot}/...` elsewhere
 * in the workspace, undefined outside it (Nx hashes only workspace files).
 * @param {string} projectRoot
 * @param {string} path
 * @param {string} [glob] appended (a folder's files: `/**` then `/*`)
 */
function pathInput(projectRoot, path, glob = '') {
  if (path === projectRoot) return `{projectRoot}${glob}`;
  if (path.startsWith(`${projectRoot}/`)) return `{projectRoot}/${path.slice(projectRoot.length + 1)}${glob}`;
  if (path === '..' || path.startsWith('../')) return undefined;
  return path === '.' ? `{workspaceRoot}${glob}` : `{workspaceRoot}/${path}${glob}`;
}

/**
 * What check's result depends on: the config, the schema's folder and the files it imports inside the service, the
 * migrations folder, the seed files of its shadow proof, the package.json, the engine and the services the schema
 * imports (`^production`: both are dependencies of the project), drizzle, and the shadow server it is pointed at
 * (SHADOW_DATABASE_URL). Without a layout (the config cannot be read) every file of the service counts, so a fix
 * to any of them re-runs check.
 * @param {string} projectRoot
 * @param {import('./service-layout.mjs').ServiceLayout | undefined} layout
 * @returns {NonNullable<TargetConfiguration['inputs']>}
 */
export function checkInputs(projectRoot, layout) {
  const files = layout === undefined
    ? ['{projectRoot}/**/*']
    : [
      '{projectRoot}/migrate.config.json',
      pathInput(projectRoot, layout.schemaFolder, '/**/*'),
      ...layout.schemaImports.map((file) => pathInput(projectRoot, file)),
      pathInput(projectRoot, layout.migrations, '/**/*'),
      ...(layout.seeds ?? []).map((file) => pathInput(projectRoot, file)),
      '{projectRoot}/package.json',
    ];
  const unique = [...new Set(files.filter((input) => input !== undefined))];
  return [...unique, '^production', { externalDependencies: ['drizzle-kit', 'drizzle-orm'] }, { env: SHADOW_VARIABLE }];
}

/**
 * @param {string} projectRoot e.g. `services/first`
 * @param {string} service the service (and project) name
 * @param {MigratePluginOptions} options
 * @param {import('./service-layout.mjs').ServiceLayout} [layout] from the service's migrate.config.json; undefined
 *   when it cannot be read
 * @returns {Record<string, TargetConfiguration>}
 */
export function buildMigrateTargets(projectRoot, service, options = {}, layout = undefined) {
  const cli = options.cli ?? 'migrate-core';
  /** @type {Record<string, TargetConfiguration>} */
  const targets = {};
  for (const [name, target] of Object.entries(TARGETS)) {
    targets[name] = {
      command: `${cli} ${name} --service ${service}`,
      cache: false,
      metadata: {
        description: target.description,
        technologies: ['drizzle', 'mysql'],
        help: { command: `${cli} ${name} --help`, example: {} },
      },
    };
  }
  targets.check = { ...targets.check, cache: true, inputs: checkInputs(projectRoot, layout), outputs: [] };
  return targets;
}
