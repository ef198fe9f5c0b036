import type { Session } from '../../db/session.js';
import type { Migrator } from '../../engine/migrator.js';
import type { RunReport } from '../../engine/report.js';
import { printLines, type CommandContext, type CommandResult } from '../command.js';
import { withMigrator, type ConnectOptions } from '../connect.js';
import { exitCodeForOutcome } from '../exit-codes.js';
import { progressPrinter, renderRun } from '../render.js';

/** Shared shape of migrate, rollback, stamp and resolve: connect, one migrator call with progress, summary. */
export async function runReportCommand(ctx: CommandContext<ConnectOptions>, title: string, call: (migrator: Migrator, session: Session) => Promise<RunReport>): Promise<CommandResult> {
  const name = ctx.service.service;
  const progress = progressPrinter(name, ctx.print, ctx.warn, ctx.style);
  try {
    const report = await withMigrator(ctx, async (migrator, session) => {
      ctx.print(`${name}: ${title} \`${session.database}\` (${session.settings.display})`);
      return call(migrator, session);
    }, progress.onEvent);
    printLines(ctx, renderRun(name, report, ctx.style));
    return { exitCode: exitCodeForOutcome(report.outcome), document: { ...report } };
  } finally {
    progress.stop();
  }
}

