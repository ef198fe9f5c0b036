import { UsageError } from '../../errors.js';
import { flagBoolean, type CommandContext, type CommandResult } from '../command.js';
import { runReportCommand } from './run-report.js';

export function run(ctx: CommandContext): Promise<CommandResult> {
  const id = ctx.args.positionals[0];
  const applied = flagBoolean(ctx.args, 'applied');
  const rolledBack = flagBoolean(ctx.args, 'rolled-back');
  if (id === undefined) throw new UsageError('resolve needs a migration id.', 'Usage: migrate-core resolve --service <name> <id> --applied|--rolled-back');
  if (applied === rolledBack) throw new UsageError('resolve needs exactly one of --applied or --rolled-back.', `e.g. migrate-core resolve --service ${ctx.service.service} ${id} --applied`);
  return runReportCommand(ctx, 'resolving', (migrator) => migrator.resolve(id, applied ? 'applied' : 'rolled-back'));
}
