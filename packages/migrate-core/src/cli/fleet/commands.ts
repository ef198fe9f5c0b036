// Fleet mode of the database commands: main() comes here when the service is a fleet (or a fleet flag was given).
import { UsageError } from '../../errors.js';
import type { RunLine } from '../args.js';
import { dataLossGuard } from '../data-loss-guard.js';
import type { CommandContext, CommandResult } from '../command.js';
import { targetOf } from '../target.js';
import { fleetDriftCommand, fleetPlanCommand, fleetStatusCommand } from './read-commands.js';
import { runFleetCommand } from './run-command.js';

export async function runFleetMode(line: RunLine, base: Omit<CommandContext, 'options'>): Promise<CommandResult> {
  switch (line.command) {
    case 'migrate':
      return runFleetCommand({ ...base, options: line.options }, { command: 'migrate', target: targetOf('migrate', line.options), allowOutOfOrder: line.options.allowOutOfOrder });
    case 'rollback': {
      // Each database's data-loss check, as for one database; a fleet run never asks, so --allow-data-loss decides.
      const ctx = { ...base, io: { stdout: base.io.stdout, stderr: base.io.stderr }, options: line.options };
      const target = targetOf('rollback', line.options);
      return runFleetCommand(ctx, { command: 'rollback', target, guard: (session) => dataLossGuard(ctx, session, target, []) });
    }
    case 'stamp':
      return runFleetCommand({ ...base, options: line.options }, { command: 'stamp', id: line.options.id });
    case 'resolve':
      if (line.options.statementDone || line.options.statementNotDone) {
        throw new UsageError('A statement in doubt is decided database by database: name it with --database <name>.',
          `Run \`migrate-core status --service ${base.service.service}\` to see which databases have one.`);
      }
      return runFleetCommand({ ...base, options: line.options }, { command: 'resolve', id: line.options.id, as: line.options.applied ? 'applied' : 'rolled-back' });
    case 'status':
      return fleetStatusCommand({ ...base, options: line.options });
    case 'drift':
      return fleetDriftCommand({ ...base, options: line.options });
    case 'plan':
      return fleetPlanCommand({ ...base, options: line.options });
    default:
      throw new UsageError(`${line.command} does not run on a fleet's databases.`);
  }
}
