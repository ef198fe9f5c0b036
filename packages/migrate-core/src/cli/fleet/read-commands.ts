// status, drift and plan on a fleet: read-only, every database of the shard is read (no canary, no fail-fast).
import { repositoryOf } from '../../config/load.js';
import { detectDrift } from '../../drift/drift.js';
import { createMysqlMigrator } from '../../engine/mysql-migrator.js';
import { fleetStatus, type FleetStatusDocument } from '../../fleet/fleet-status.js';
import type { MemberWork } from '../../fleet/run.js';
import { memberSessions, type FleetServer } from '../../fleet/server.js';
import { sharedSource } from '../../fleet/shared-source.js';
import { hasBlockingIssue } from '../../fleet/status.js';
import { sourceOf } from '../../repository/index.js';
import { printLines, type CommandResult } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { targetArgs, targetOf, type TargetOptions } from '../target.js';
import { fleetProgress } from './progress.js';
import { renderFleetStatus, withMemberHints } from './render.js';
import { runOnFleet } from './run-command.js';
import { fleetSetup, type FleetContext, type FleetSetup } from './setup.js';

/** Reading never creates a database. */
const readOnly = (server: FleetServer): FleetServer => ({ ...server, createDatabases: false });
/** Read commands cover every database whatever happens: no canary, no fail-fast. */
const readAll = (ctx: FleetContext): FleetContext => ({ ...ctx, options: { ...ctx.options, canary: undefined, continueOnError: true } });

export async function fleetStatusCommand(ctx: FleetContext): Promise<CommandResult> {
  const setup = await fleetSetup(ctx);
  const where = setup.server.settingsFor('').display.replace(/\/$/, '');
  const progress = fleetProgress(ctx, setup.databases.length);
  let document: Awaited<ReturnType<typeof fleetStatus>>;
  try {
    document = await fleetStatus({
      service: ctx.service, server: readOnly(setup.server), concurrency: setup.concurrency, databases: setup.databases,
      onDone: (status) => progress.done(status.error !== undefined),
    });
  } finally {
    progress.stop();
  }
  document = { ...document, shard: setup.shard ?? null, databases: withMemberHints(ctx, document.databases) };
  printLines(ctx, renderFleetStatus(ctx, document, where));
  return { exitCode: fleetStatusExit(document), document: { ...document } };
}

/** 1 when a database could not be read, 3 when one is blocked (a migration in progress is not), else 0. */
export function fleetStatusExit(document: Pick<FleetStatusDocument, 'summary' | 'databases'>): ExitCode {
  const s = document.summary;
  if (s.failed + s.unreachable > 0) return ExitCode.failed;
  return document.databases.some(hasBlockingIssue) ? ExitCode.blocked : ExitCode.ok;
}

export async function fleetDriftCommand(ctx: FleetContext): Promise<CommandResult> {
  const startedAt = Date.now();
  const setup = await fleetSetup(ctx);
  const sessions = memberSessions(readOnly(setup.server));
  const { ledgerTable, tablesFilter } = ctx.service.config;
  const work: MemberWork = (database, worker) => sessions.run(worker, database, async (session) => {
    const report = await detectDrift({ session, repository: repositoryOf(ctx.service), ledgerTable, ...(tablesFilter ? { tablesFilter } : {}) });
    const detail = { inSync: report.inSync, reliable: report.reliable, against: report.against, differences: report.differences, warnings: report.warnings };
    if (report.inSync) return { outcome: 'noop', migrations: 0, detail };
    const first = report.differences[0]?.message ?? report.warnings[0] ?? 'the comparison is not reliable';
    const count = report.differences.length;
    return {
      outcome: 'blocked', migrations: 0, detail,
      error: { code: 'DRIFT', severity: 'error', message: `${count} difference${count === 1 ? '' : 's'}${count > 0 ? `, first: ${first}` : `: ${first}`}`, hint: 'See them all: migrate-core drift' },
    };
  });
  return (await runOnFleet(readAll(ctx), 'drift', work, undefined, { setup, startedAt }).finally(() => sessions.close())).result;
}

export interface FleetPlanOptions extends TargetOptions {
  readonly rollback: boolean;
  readonly allowOutOfOrder: boolean;
}

export async function fleetPlanCommand(ctx: FleetContext & { options: FleetPlanOptions }): Promise<CommandResult> {
  const startedAt = Date.now();
  const command = ctx.options.rollback ? 'rollback' : 'migrate';
  const target = targetOf(command, ctx.options);
  const source = sharedSource(sourceOf(repositoryOf(ctx.service)));
  await source.list();
  const setup: FleetSetup = await fleetSetup(ctx);
  const sessions = memberSessions(readOnly(setup.server));
  const work: MemberWork = (database, worker) => sessions.run(worker, database, async (session) => {
    const migrator = createMysqlMigrator({ session, source, ledgerTable: ctx.service.config.ledgerTable, root: ctx.root });
    const { steps, issues } = await migrator.preview(command, { target, allowOutOfOrder: ctx.options.allowOutOfOrder });
    if (issues.length > 0) return { outcome: 'blocked', migrations: 0, issues, error: issues[0]! };
    const detail = { direction: command, steps: steps.map((step) => ({ id: step.migration.id, direction: step.direction, startAt: step.startAt })) };
    return { outcome: steps.length > 0 ? 'done' : 'noop', migrations: steps.length, detail };
  });
  const { result, report } = await runOnFleet(readAll(ctx), 'plan', work, undefined, { setup, startedAt }).finally(() => sessions.close());
  const planned = report.databases.filter((entry) => entry.outcome === 'done');
  if (planned.length > 0) {
    const args = [targetArgs(target), command === 'rollback' ? '--rollback' : ''].filter(Boolean).join(' ');
    ctx.print(`See the exact SQL of one database: migrate-core plan --database ${planned[0]!.database} --sql${args ? ` ${args}` : ''}`);
  }
  return { ...result, exitCode: report.summary.failed > 0 ? ExitCode.failed : report.summary.blocked > 0 ? ExitCode.blocked : ExitCode.ok };
}
