import type { CommandResult, ContextOf } from '../command.js';
import { targetOf } from '../target.js';
import { runReportCommand } from './run-report.js';

export function run(ctx: ContextOf<'rollback'>): Promise<CommandResult> {
  return runReportCommand(ctx, 'rolling back', (migrator) => migrator.rollback({ target: targetOf('rollback', ctx.options) }));
}
