import { UsageError } from '../../errors.js';
import type { Target } from '../../model.js';
import { flagNumber, flagString, type CommandContext, type CommandResult } from '../command.js';
import { runReportCommand } from './run-report.js';

/** --steps N | --to <id> | --to base; default one step. */
export function rollbackTarget(steps: number | undefined, to: string | undefined): Target {
  if (steps !== undefined && to !== undefined) throw new UsageError('Give either --steps or --to, not both.', 'Examples: rollback --steps 2, rollback --to <id>, rollback --to base.');
  if (to === 'base') return { kind: 'base' };
  if (to !== undefined) return { kind: 'to', id: to };
  return { kind: 'steps', n: steps ?? 1 };
}

export function run(ctx: CommandContext): Promise<CommandResult> {
  const target = rollbackTarget(flagNumber(ctx.args, 'steps'), flagString(ctx.args, 'to'));
  return runReportCommand(ctx, 'rolling back', (migrator) => migrator.rollback({ target }));
}
