import type { CommandResult, ContextOf } from '../command.js';
import { runReportCommand } from './run-report.js';

/** The options rules make sure exactly one of --applied and --rolled-back is given. */
export function run(ctx: ContextOf<'resolve'>): Promise<CommandResult> {
  const { id, applied } = ctx.options;
  return runReportCommand(ctx, 'resolving', (migrator) => migrator.resolve(id, applied ? 'applied' : 'rolled-back'));
}
