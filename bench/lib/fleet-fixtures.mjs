// The fleet benchmark's workspace: a tenant schema of H migrations (one table each), one more small migration to
// roll out (add a column), fleet services over `benchfleet_*` databases, and the single-database service that a
// loop of one CLI run per database uses, as people do today (<SERVICE>_DATABASE_URL per run).
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { downSql, migrationId, upSql } from './fixtures.mjs';

/** Every benchmark database starts with this, so a run on a shared server can find (and drop) its own. */
export const PREFIX = 'benchfleet_';
/** The small migration rolled out to the fleet: a nullable column, no table copy. */
export const SMALL = { id: '20270101000000_add_note', up: 'ALTER TABLE `t0001` ADD COLUMN `note` varchar(32) NULL;\n', down: 'ALTER TABLE `t0001` DROP COLUMN `note`;\n' };
/** The single-database service the loop runs, one process per database. */
export const LOOP_SERVICE = 'loop';

/** `benchfleet_1000_0042` @param {string} group @param {number} i */
export const memberName = (group, i) => `${PREFIX}${group}_${String(i).padStart(4, '0')}`;
/** The fleet service of `group` (`f1000`) and its pattern. @param {string} group */
export const fleetService = (group) => `f${group}`;

/** @param {string} path @param {string} text */
function write(path, text) {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
}

/**
 * @param {string} dir @param {string} root the repository
 * @param {{ history: number, groups: string[] }} options one fleet service per group, matching `benchfleet_<group>_*`
 */
export function writeFleetWorkspace(dir, root, { history, groups }) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'nx.json'), '{}\n');
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: 'bench-fleet', private: true, type: 'module' })}\n`);
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  const services = { ...Object.fromEntries(groups.map((group) => [fleetService(group), { databases: { match: `${PREFIX}${group}_*` } }])), [LOOP_SERVICE]: {} };
  for (const [name, config] of Object.entries(services)) {
    const service = join(dir, 'services', name);
    write(join(service, 'package.json'), `${JSON.stringify({ name, private: true, type: 'module' })}\n`);
    write(join(service, 'migrate.config.json'), `${JSON.stringify(config)}\n`);
    for (let i = 1; i <= history; i++) {
      write(join(service, 'migrations', migrationId(i), 'up.sql'), upSql(i));
      write(join(service, 'migrations', migrationId(i), 'down.sql'), downSql(i));
    }
  }
  return Object.keys(services);
}

/** Adds (or removes) the small migration in every service of the workspace. @param {string} dir @param {string[]} services @param {boolean} present */
export function setSmallMigration(dir, services, present) {
  for (const service of services) {
    const folder = join(dir, 'services', service, 'migrations', SMALL.id);
    if (!present) rmSync(folder, { recursive: true, force: true });
    else {
      write(join(folder, 'up.sql'), SMALL.up);
      write(join(folder, 'down.sql'), SMALL.down);
    }
  }
}

/** What the mariadb client runs to build a new tenant in one step: the same tables, and the ledger's H rows. @param {number} history */
export function oneStepTenantSql(history) {
  const rows = Array.from({ length: history }, (_, i) =>
    `('${migrationId(i + 1)}', ${i + 1}, 'sha256:0', 'applied', 'up', 1, 1, UTC_TIMESTAMP(3), UTC_TIMESTAMP(3), 0)`);
  return [
    ...Array.from({ length: history }, (_, i) => upSql(i + 1)),
    'CREATE TABLE `_migrate_core_ledger` (`id` varchar(191) NOT NULL PRIMARY KEY, `seq` int NOT NULL, `checksum` varchar(80) NOT NULL, `state` varchar(16) NOT NULL,' +
      ' `direction` varchar(4) NOT NULL, `statements_done` int NOT NULL, `statements_total` int NOT NULL, `started_at` datetime(3) NOT NULL, `finished_at` datetime(3) NULL, `duration_ms` int NULL);',
    `INSERT INTO \`_migrate_core_ledger\` (\`id\`, \`seq\`, \`checksum\`, \`state\`, \`direction\`, \`statements_done\`, \`statements_total\`, \`started_at\`, \`finished_at\`, \`duration_ms\`) VALUES\n${rows.join(',\n')};`,
  ].join('\n');
}
