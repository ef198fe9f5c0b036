import { printLines, type CommandResult, type ContextOf } from '../command.js';
import { withMigrator } from '../connect.js';
import { ExitCode } from '../exit-codes.js';
import { renderStatus } from '../render.js';
import { BLOCKING_STATUS_ISSUES as BLOCKING } from '../../fleet/status.js';

export async function run(ctx: ContextOf<'status'>): Promise<CommandResult> {
  return withMigrator(ctx, async (migrator, session) => {
    const status = await migrator.status();
    printLines(ctx, renderStatus(ctx.service.service, session.settings.display, status, ctx.style));
    const blocked = status.issues.some((issue) => BLOCKING.has(issue.code));
    return { exitCode: blocked ? ExitCode.blocked : ExitCode.ok, document: { ...status } };
  });
}
