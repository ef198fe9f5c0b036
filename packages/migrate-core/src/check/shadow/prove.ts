// The shadow proof of one service: its migrations replayed on a private server of the family it targets (up,
// down, up again, seed rows loaded), then the algorithm probes, each in a database of its own. One server per
// run, closed at the end.
import { relative } from 'node:path';
import { SHADOW_VARIABLE } from '../../config/connection-plan.js';
import type { ServiceContext } from '../../config/load.js';
import { MigrateError } from '../../errors.js';
import { flavorOf } from '../../sql/flavor.js';
import type { MigrationFile, MigrationId } from '../../model.js';
import { createFolderSource, type MigrationSnapshot, type MigrationSource } from '../../repository/index.js';
import { ddlShape } from '../lint/ddl.js';
import type { ProbeResults } from '../lint/lint.js';
import type { CheckProblem } from '../problems.js';
import { probeAlgorithms } from './probe.js';
import { replayMigrations } from './replay.js';
import { loadSeeds } from './seeds.js';
import type { ShadowDatabase, ShadowServer, ShadowStarter } from './server.js';

export interface ShadowReport {
  /** The server the proof ran on (`MariaDB 10.11.19 on a throwaway server`); absent when it did not run. */
  readonly server?: string;
  /** Why the proof did not run. */
  readonly skipped?: string;
  readonly migrations: number;
  /** Seed files loaded. */
  readonly seeds: number;
  /** Ups compared with their snapshot.json (custom migrations and those without one are not). */
  readonly snapshots: number;
  readonly durationMs: number;
  readonly problems: readonly CheckProblem[];
  readonly probes: ProbeResults;
  readonly notes: readonly string[];
}

export interface ShadowOptions {
  readonly service: ServiceContext;
  readonly start: ShadowStarter;
  /** Each migration's snapshot.json as check read it: the schema its up must make (see snapshot-match.ts). */
  readonly snapshots: ReadonlyMap<MigrationId, MigrationSnapshot>;
  /** How hints name generate. */
  readonly generate: string;
}

/** `10.11.19-MariaDB-0+deb12u1` -> `MariaDB 10.11.19`. */
function serverName(version: string): string {
  const number = /^\d+\.\d+\.\d+/.exec(version)?.[0] ?? version;
  return `${flavorOf(version).family === 'mariadb' ? 'MariaDB' : 'MySQL'} ${number}`;
}

/**
 * A proof on the other family would judge SQL by another server's rules (MariaDB refuses MySQL's expression
 * indexes, MySQL refuses MariaDB's literal defaults on TEXT columns): refused rather than misleading.
 */
function assertTargetFamily(service: ServiceContext, version: string, name: string): void {
  const family = flavorOf(version).family;
  if (family === service.config.target) return;
  throw new MigrateError('CONFIG', `${service.service} targets ${service.config.target} ("target" in ${relative(service.root, service.configFile)}), but the shadow server is ${name}: ` +
    `a proof there would judge its SQL by another server's rules.`,
  { hint: `Point ${SHADOW_VARIABLE} at a ${service.config.target === 'mysql' ? 'MySQL 8' : 'MariaDB 10.6+'} server (a scratch one), or skip the proof: \`migrate-core check --no-shadow\`.` });
}

/** Whether a migration after the first alters or indexes a table: only then are there statements to probe. */
async function altersEarlierTables(source: MigrationSource, files: readonly MigrationFile[]): Promise<boolean> {
  for (const file of files.slice(1)) {
    for (const statement of await source.load(file, 'up')) {
      if (['alter-table', 'create-index', 'drop-index'].includes(ddlShape(statement.sql).kind)) return true;
    }
  }
  return false;
}

async function withDatabase<T>(server: ShadowServer, name: string, body: (db: ShadowDatabase) => Promise<T>): Promise<T> {
  const db = await server.open(name);
  try {
    return await body(db);
  } finally {
    await db.drop().catch(() => {});
  }
}

/**
 * Proves the service's migrations on a shadow server: every problem the server shows (a statement refused, an
 * up that does not make its snapshot, a down that does not restore the schema, a seed that does not fit), and
 * how the server would run each DDL statement on an existing table. Throws MigrateError (CONFIG) when the server is not of the family the
 * service targets.
 */
export async function proveOnShadow(options: ShadowOptions): Promise<ShadowReport> {
  const started = performance.now();
  const { service } = options;
  const source = createFolderSource(service.migrationsDir, { root: service.root });
  const files = await source.list();
  const elapsed = () => Math.round(performance.now() - started);
  const { seeds, problems: seedProblems } = loadSeeds(service, files.map((file) => file.id));
  const empty = { migrations: files.length, seeds: 0, snapshots: 0, problems: seedProblems, probes: new Map(), notes: [] };
  if (seedProblems.length > 0) return { ...empty, skipped: 'the seed configuration has problems', durationMs: elapsed() };
  if (files.length === 0) return { ...empty, skipped: 'no migrations yet', durationMs: elapsed() };
  const server = await options.start();
  try {
    let name = server.description;
    const base = { source, files, ledgerTable: service.config.ledgerTable, root: service.root, seeds, generate: options.generate, snapshots: options.snapshots, tablesFilter: service.config.tablesFilter };
    const replayed = await withDatabase(server, service.database, async (db) => {
      const version = await db.session.serverVersion();
      name = `${serverName(version)} (${server.description})`;
      assertTargetFamily(service, version, name);
      return replayMigrations({ ...base, session: db.session, server: name });
    });
    const { failure, mismatches, snapshots } = replayed;
    const report = { migrations: files.length, seeds: seeds.length, snapshots, server: name };
    // The probes replay the ups once more: only worth it when they all ran (a mismatch with a snapshot does not stop them).
    if (failure) return { ...report, problems: [...mismatches, failure], probes: new Map(), notes: [], durationMs: elapsed() };
    if (!(await altersEarlierTables(source, files))) return { ...report, problems: [...mismatches], probes: new Map(), notes: [], durationMs: elapsed() };
    const probed = await withDatabase(server, `${service.database.slice(0, 58)}_probe`, (db) => probeAlgorithms(db.session, source, files, name));
    return { ...report, problems: [...mismatches], probes: probed.results, notes: probed.notes, durationMs: elapsed() };
  } finally {
    await server.close();
  }
}
