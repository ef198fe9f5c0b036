import { UsageError } from '../../errors.js';
import type { CommandContext, CommandResult } from '../command.js';

export async function run(_ctx: CommandContext): Promise<CommandResult> {
  throw new UsageError('generate is not implemented yet.');
}
