import type { CommandResult, ContextOf } from '../command.js';
import { runReportCommand } from './run-report.js';

/** The options rules make sure exactly one of --applied, --rolled-back, --statement-done and --statement-not-done is given. */
export function run(ctx: ContextOf<'resolve'>): Promise<CommandResult> {
  const { id, applied, rolledBack, statementDone } = ctx.options;
  const as = applied ? 'applied' : rolledBack ? 'rolled-back' : statementDone ? 'statement-done' : 'statement-not-done';
  return runReportCommand(ctx, 'resolving', (migrator) => migrator.resolve(id, as));
}
