import { UsageError } from '../../errors.js';
import type { CommandContext, CommandResult } from '../command.js';
import { runReportCommand } from './run-report.js';

export function run(ctx: CommandContext): Promise<CommandResult> {
  const id = ctx.args.positionals[0];
  if (id === undefined) throw new UsageError('stamp needs the id of the last migration to record as applied.', 'Usage: migrate-core stamp --service <name> <id>');
  return runReportCommand(ctx, 'stamping', (migrator) => migrator.stamp(id));
}
