import { UsageError } from '../errors.js';
import type { CommandContext, CommandResult } from '../cli/command.js';

/** `generate --from-database`: adopt an existing database (schema.ts + baseline migration from its tables). */
export async function runAdopt(_ctx: CommandContext): Promise<CommandResult> {
  throw new UsageError('generate --from-database is not implemented yet.');
}
