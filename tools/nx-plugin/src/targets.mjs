// Pure: the targets every service gets. No IO, no database, no service code loaded.

/** @typedef {import('nx/src/devkit-exports').TargetConfiguration} TargetConfiguration */

/**
 * @typedef {object} MigratePluginOptions
 * @property {string} [cli] the command that runs the engine (default `migrate-core`, the workspace bin)
 */

/** The targets, their descriptions, and whether they read or write the database. */
export const TARGETS = /** @type {const} */ ({
  generate: { db: false, description: "Diff the service's Drizzle schema against its last snapshot; write up SQL, down SQL and snapshot (--name \"...\")." },
  migrate: { db: true, description: 'Apply pending migrations, to the latest or --to <id>.' },
  rollback: { db: true, description: 'Run down migrations: --steps N (default 1), --to <id>, or --to base.' },
  status: { db: true, description: 'Current version, applied and pending migrations, dirty state, issues (--json).' },
  check: { db: false, description: 'Offline CI gate: schema and migrations in sync, folder integrity, downs present, destructive statements acknowledged.' },
  drift: { db: true, description: 'Compare the live database with the schema its applied migrations should have produced.' },
  plan: { db: true, description: 'Print the SQL migrate/rollback would run (--sql; --offline --from <id> needs no database).' },
  stamp: { db: true, description: 'Record migrations up to <id> as applied without running them (adopting an existing database).' },
});

/**
 * @param {string} projectRoot e.g. `services/first`
 * @param {string} service the service (and project) name
 * @param {MigratePluginOptions} options
 * @returns {Record<string, TargetConfiguration>}
 */
export function buildMigrateTargets(projectRoot, service, options = {}) {
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
  targets.check = {
    ...targets.check,
    cache: true,
    inputs: [
      `{projectRoot}/migrate.config.json`,
      `{projectRoot}/src/**/*`,
      `{projectRoot}/migrations/**/*`,
      `{projectRoot}/package.json`,
      '^production',
      { externalDependencies: ['drizzle-kit', 'drizzle-orm'] },
    ],
    outputs: [],
  };
  return targets;
}
