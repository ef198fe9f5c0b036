import { flagBoolean, flagString, type CommandContext, type CommandResult } from '../command.js';
import { runReportCommand } from './run-report.js';

export function run(ctx: CommandContext): Promise<CommandResult> {
  const to = flagString(ctx.args, 'to');
  return runReportCommand(ctx, 'migrating', (migrator) => migrator.migrate({
    target: to === undefined ? { kind: 'latest' } : to === 'base' ? { kind: 'base' } : { kind: 'to', id: to },
    allowOutOfOrder: flagBoolean(ctx.args, 'allow-out-of-order'),
  }));
}
