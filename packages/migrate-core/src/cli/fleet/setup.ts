// What every fleet command needs first: the server, the members (found once), this runner's shard, the
// concurrency; the report file is the JSON document, written by main (--report).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DEFAULT_FLEET_CONCURRENCY, describeDatabases, MAX_FLEET_CONCURRENCY } from '../../config/fleet-config.js';
import { planConnection } from '../../config/load.js';
import { openServerSession } from '../../db/session.js';
import { UsageError } from '../../errors.js';
import { findMembers } from '../../fleet/members.js';
import type { FleetServer } from '../../fleet/server.js';
import { describeShard, inShard, parseShard, type Shard } from '../../fleet/shard.js';
import type { CommandContext } from '../command.js';
import { fleetServerFor, type ConnectOptions } from '../connect.js';

export interface FleetOptions extends ConnectOptions {
  readonly concurrency?: number | undefined;
  readonly allowHighConcurrency?: boolean;
  readonly shard?: string | undefined;
  readonly canary?: number | undefined;
  readonly continueOnError?: boolean;
}

export type FleetContext = CommandContext<FleetOptions>;

/** --concurrency, else the config's, else the default; above the cap only when asked for explicitly. */
export function concurrencyOf(ctx: FleetContext): number {
  const concurrency = ctx.options.concurrency ?? ctx.service.config.concurrency ?? DEFAULT_FLEET_CONCURRENCY;
  if (concurrency > MAX_FLEET_CONCURRENCY && !ctx.options.allowHighConcurrency) {
    throw new UsageError(`--concurrency ${concurrency} is above ${MAX_FLEET_CONCURRENCY}: each is a connection and a migration running at once on the server.`,
      `Add --allow-high-concurrency if the server has room for it (its max_connections, CPU and disks), or use --shard to spread the fleet over runners.`);
  }
  return concurrency;
}

export const shardOfOptions = (ctx: FleetContext): Shard | undefined => (ctx.options.shard === undefined ? undefined : parseShard(ctx.options.shard));

export interface FleetSetup {
  readonly server: FleetServer;
  /** Every member of the fleet. */
  readonly all: readonly string[];
  /** The members this run works on: this shard's. */
  readonly databases: readonly string[];
  readonly shard: Shard | undefined;
  readonly concurrency: number;
  /** `the 1000 databases of match "tenant_*" (shard 2/4: 251)` */
  readonly description: string;
}

export async function fleetSetup(ctx: FleetContext): Promise<FleetSetup> {
  const concurrency = concurrencyOf(ctx);
  const shard = shardOfOptions(ctx);
  const server = await fleetServerFor(ctx);
  const { fleet } = ctx.service;
  let all: string[];
  if (fleet === undefined) {
    const plan = planConnection(ctx.service, ctx.env);
    all = [plan.kind === 'url' ? plan.settings.database : plan.database];
  } else {
    let session: Awaited<ReturnType<typeof openServerSession>> | undefined;
    try {
      all = await findMembers(fleet, async () => (session ??= await openServerSession(server.settingsFor(''))));
    } finally {
      await session?.close();
    }
  }
  const databases = inShard(all, shard);
  const source = fleet === undefined ? 'its one database' : describeDatabases(fleet);
  const count = `${all.length} database${all.length === 1 ? '' : 's'}`;
  return { server, all, databases, shard, concurrency, description: `${count} (${source})${shard === undefined ? '' : `, shard ${describeShard(shard)}: ${databases.length} of them`}` };
}

/** Writes a JSON document to `path` (relative to where the command was run), making its folder. */
export function writeJson(ctx: CommandContext<unknown>, path: string, document: Record<string, unknown>): void {
  const file = resolve(ctx.cwd ?? ctx.root, path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`);
}
