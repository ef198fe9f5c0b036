import type { CommandResult, ContextOf } from '../command.js';
import { runReportCommand } from './run-report.js';

export function run(ctx: ContextOf<'stamp'>): Promise<CommandResult> {
  return runReportCommand(ctx, 'stamping', (migrator) => migrator.stamp(ctx.options.id));
}
