import type { CommandResult, ContextOf } from '../command.js';
import { targetOf } from '../target.js';
import { runReportCommand } from './run-report.js';

export function run(ctx: ContextOf<'migrate'>): Promise<CommandResult> {
  const { allowOutOfOrder } = ctx.options;
  return runReportCommand(ctx, 'migrating', (migrator) => migrator.migrate({ target: targetOf('migrate', ctx.options), allowOutOfOrder }));
}
