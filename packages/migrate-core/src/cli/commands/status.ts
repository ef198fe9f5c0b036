import type { CommandResult, ContextOf } from '../command.js';
import { withMigrator } from '../connect.js';
import { ExitCode } from '../exit-codes.js';
import { renderStatus } from '../render.js';

/** Issues that make `status` exit 3: the ones that block migrate. A migration in progress does not. */
const BLOCKING = new Set(['CHECKSUM_MISMATCH', 'MISSING_FILE', 'DIRTY', 'OUT_OF_ORDER', 'OUTCOME_UNKNOWN']);

export async function run(ctx: ContextOf<'status'>): Promise<CommandResult> {
  return withMigrator(ctx, async (migrator, session) => {
    const status = await migrator.status();
    for (const line of renderStatus(ctx.service.service, session.settings.display, status, ctx.style)) ctx.print(line);
    const blocked = status.issues.some((issue) => BLOCKING.has(issue.code));
    return { exitCode: blocked ? ExitCode.blocked : ExitCode.ok, document: { ...status } };
  });
}
