import { DEFAULT_FLEET_CONCURRENCY } from '../config/fleet-config.js';
import type { ServiceContext } from '../config/load.js';
import { createFolderSource } from '../repository/index.js';
import { findMembers } from './members.js';
import { inShard, type Shard } from './shard.js';
import { sharedSource } from './shared-source.js';
import { probeFleet, summarizeStatus, type FleetStatusSummary, type MemberStatus } from './status.js';
import { serverSessions, type FleetServer } from './server.js';

/** `status --json` of a fleet. */
export interface FleetStatusDocument {
  readonly service: string;
  readonly shard: Shard | null;
  readonly databases: readonly MemberStatus[];
  readonly summary: FleetStatusSummary;
}

export interface FleetStatusOptions {
  readonly service: ServiceContext;
  readonly server: FleetServer;
  /** @default the service's `concurrency`, else DEFAULT_FLEET_CONCURRENCY */
  readonly concurrency?: number | undefined;
  readonly shard?: Shard | undefined;
  /** The databases to read; default: the fleet's members (or the service's one database). */
  readonly databases?: readonly string[] | undefined;
  readonly onDone?: ((status: MemberStatus) => void) | undefined;
}

/**
 * The status document of every database of a service: its fleet's members (found from its config), or its one
 * database. One query per database, over `concurrency` connections; each document is the one `status --json`
 * prints for a single database, with `error` when the database could not be read.
 *
 * @example
 * const { summary, databases } = await fleetStatus({ service, server });
 * const behind = databases.filter((db) => db.pending.length > 0).map((db) => db.database);
 */
export async function fleetStatus(options: FleetStatusOptions): Promise<FleetStatusDocument> {
  const { service, server } = options;
  const sessions = serverSessions(server);
  try {
    const source = sharedSource(createFolderSource(service.migrationsDir, { root: service.root }));
    const files = await source.list();
    const members = options.databases
      ?? (service.fleet === undefined ? [service.database] : await findMembers(service.fleet, () => sessions.get(0)));
    const databases = await probeFleet({
      server, sessions, source, files, ledgerTable: service.config.ledgerTable, root: service.root,
      databases: inShard(members, options.shard),
      concurrency: options.concurrency ?? service.config.concurrency ?? DEFAULT_FLEET_CONCURRENCY,
      onDone: options.onDone,
    });
    return { service: service.service, shard: options.shard ?? null, databases, summary: summarizeStatus(databases) };
  } finally {
    await sessions.close();
  }
}
