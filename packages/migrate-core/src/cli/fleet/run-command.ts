// migrate, rollback, stamp and resolve on a fleet: every database (of this shard) with its own migrator, over
// the pool, with the canary and fail-fast rules; a summary at the end, and the report.
import { repositoryOf } from '../../config/load.js';
import { hintLine } from '../../findings.js';
import { runFleet, type MemberWork } from '../../fleet/run.js';
import { migratorWork, type FleetRunCommand } from '../../fleet/migrations.js';
import type { FleetReport } from '../../fleet/report.js';
import { describeShard } from '../../fleet/shard.js';
import { memberSessions } from '../../fleet/server.js';
import { sharedSource } from '../../fleet/shared-source.js';
import { nothingToRun, triage } from '../../fleet/triage.js';
import { sourceOf } from '../../repository/index.js';
import { printLines, type CommandResult } from '../command.js';
import { exitCodeForOutcome } from '../exit-codes.js';
import { targetArgs } from '../target.js';
import { fleetProgress } from './progress.js';
import { failureLine, renderFleetReport, withMemberHints } from './render.js';
import { fleetSetup, type FleetContext, type FleetSetup } from './setup.js';

/** Commands that read every database whatever happens. */
const READ_ONLY = new Set(['drift', 'plan']);
const failing = (outcome: string) => outcome === 'failed' || outcome === 'blocked';

/** Runs `work` on the fleet with progress and the summary; the command's JSON document is the report. */
export interface FleetRunStart {
  readonly setup: FleetSetup;
  /** Databases triage found with nothing to do. */
  readonly idle?: ReadonlySet<string>;
  readonly startedAt: number;
}

export async function runOnFleet(ctx: FleetContext, command: string, work: MemberWork, rerun: string | undefined,
  start: FleetRunStart): Promise<{ result: CommandResult; report: FleetReport }> {
  const { setup, startedAt } = start;
  const idle = start.idle ?? new Set<string>();
  const { canary, continueOnError } = ctx.options;
  const where = setup.server.settingsFor('').display.replace(/\/$/, '');
  ctx.print(`${ctx.service.service}: ${command} on ${setup.description} at ${where}, ${setup.concurrency} at once` +
    `${canary === undefined ? '' : `, the first ${canary} as a canary`}${continueOnError && !READ_ONLY.has(command) ? ', continuing after failures' : ''}`);
  if (idle.size > 0) ctx.print(`${ctx.service.service}: ${idle.size} of them have nothing to do (one query each); ${setup.databases.length - idle.size} to ${command}.`);
  const progress = fleetProgress(ctx, setup.databases.length - idle.size);
  let report: FleetReport;
  try {
    report = await runFleet({
      service: ctx.service.service, command, databases: setup.databases, shard: setup.shard, concurrency: setup.concurrency,
      canary, continueOnError, signal: ctx.signal, idle, startedAt,
      onStart: progress.start,
      onDone: (entry) => progress.done(failing(entry.outcome), failing(entry.outcome) ? `${ctx.service.service}: ${failureLine(ctx, command, entry)}` : undefined),
    }, work);
  } finally {
    progress.stop();
  }
  const again = rerun === undefined ? undefined : `migrate-core ${rerun}${setup.shard === undefined ? '' : ` --shard ${describeShard(setup.shard)}`}`;
  printLines(ctx, renderFleetReport(ctx, report, again));
  const document = { ...report, databases: withMemberHints(ctx, report.databases) };
  return { result: { exitCode: exitCodeForOutcome(report.outcome), document }, report };
}

/** The command line that resumes `run` (a rerun is the resume), or undefined when a rerun would do more. */
function rerunOf(run: FleetRunCommand, ctx: FleetContext): string | undefined {
  const flags = (ctx.options.continueOnError ? ' --continue-on-error' : '') + (ctx.options.createDatabase ? ' --create-database' : '');
  switch (run.command) {
    case 'migrate':
      return `migrate ${targetArgs(run.target)}${run.allowOutOfOrder ? ' --allow-out-of-order' : ''}${flags}`.replace(/ +/g, ' ').trim();
    case 'rollback':
      // `--steps n` again would roll back n more on the databases that made it.
      return run.target.kind === 'steps' ? undefined : `rollback ${targetArgs(run.target)}${flags}`;
    case 'stamp':
      return `stamp ${run.id}${flags}`;
    case 'resolve':
      return `resolve ${run.id} --${run.as}${flags}`;
  }
}

export async function runFleetCommand(ctx: FleetContext, run: FleetRunCommand): Promise<CommandResult> {
  const startedAt = Date.now();
  const source = sharedSource(sourceOf(repositoryOf(ctx.service)));
  // A broken migrations folder stops the run before any database is touched.
  await source.list();
  const setup = await fleetSetup(ctx);
  const sessions = memberSessions(setup.server);
  const work = migratorWork({
    sessions, source, ledgerTable: ctx.service.config.ledgerTable, appliedBy: ctx.appliedBy,
    lockTimeoutSeconds: ctx.options.lockTimeout ?? ctx.service.config.lockTimeout, root: ctx.root, signal: ctx.signal,
    onEvent: (database, event) => {
      if (event.type === 'lock-wait') ctx.warn(`${ctx.service.service}: ${database}: waiting for its migration lock${event.holder === null ? '' : ` (held by server connection ${event.holder})`}, up to ${event.timeoutSeconds} s ...`);
    },
  }, run);
  const idle = run.command === 'migrate' || run.command === 'rollback'
    ? (await triage({
      server: { ...setup.server, createDatabases: false }, databases: setup.databases, concurrency: setup.concurrency, source, files: await source.list(),
      ledgerTable: ctx.service.config.ledgerTable, root: ctx.root,
      idle: nothingToRun(run.command, run.target, run.command === 'migrate' && run.allowOutOfOrder),
    })).idle
    : [];
  const { result, report } = await runOnFleet(ctx, run.command, work, rerunOf(run, ctx), { setup, idle: new Set(idle), startedAt })
    .finally(() => sessions.close());
  if (run.command === 'rollback' && run.target.kind === 'steps' && (report.summary.failed > 0 || report.summary.blocked > 0 || report.summary.skipped > 0)) {
    ctx.print(hintLine(`do not rerun \`rollback --steps ${run.target.n}\` on the whole fleet: the databases that rolled back would roll back again. ` +
      'Finish the others one by one (--database <name>, listed above and in --json), or roll back the fleet --to <id>, which a rerun resumes.', { paint: ctx.style, indent: '' }));
  }
  return result;
}
