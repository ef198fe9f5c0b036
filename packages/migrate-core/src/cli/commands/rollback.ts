import type { DownDataLoss } from '../../engine/down-data-loss.js';
import type { CommandResult, ContextOf } from '../command.js';
import { dataLossGuard } from '../data-loss-guard.js';
import { targetOf } from '../target.js';
import { runReportCommand } from './run-report.js';

/** `rollback`: down statements that destroy data run only with --allow-data-loss or a yes at the terminal. */
export async function run(ctx: ContextOf<'rollback'>): Promise<CommandResult> {
  const target = targetOf('rollback', ctx.options);
  const found: DownDataLoss[] = [];
  const result = await runReportCommand(ctx, 'rolling back', (migrator, session) => migrator.rollback({ target, guard: dataLossGuard(ctx, session, target, found) }));
  return found.length === 0 ? result : { ...result, document: { ...result.document, dataLoss: found } };
}
