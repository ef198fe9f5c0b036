// Runs one command of the CLI for one service: its module is loaded on demand, so a command pays only for itself.
import type { CommandContext, CommandResult, ContextOf } from './command.js';
import type { ConnectOptions } from './connect.js';
import { routeOf, type RouteOptions } from './fleet/route.js';
import type { CommandName, CommandOptions } from './specs.js';

type CommandModule<C extends CommandName> = { run(ctx: ContextOf<C>): Promise<CommandResult> };

const COMMAND_MODULES: { readonly [C in CommandName]: () => Promise<CommandModule<C>> } = {
  migrate: () => import('./commands/migrate.js'),
  rollback: () => import('./commands/rollback.js'),
  status: () => import('./commands/status.js'),
  stamp: () => import('./commands/stamp.js'),
  resolve: () => import('./commands/resolve.js'),
  generate: () => import('./commands/generate.js'),
  check: () => import('./commands/check.js'),
  drift: () => import('./commands/drift.js'),
  plan: () => import('./commands/plan.js'),
  report: () => import('./commands/report.js'),
  rebase: () => import('./commands/rebase.js'),
};

export async function runCommand<C extends CommandName>(command: C, options: CommandOptions<C>, base: Omit<CommandContext, 'options'>): Promise<CommandResult> {
  const module = await COMMAND_MODULES[command]();
  return module.run({ ...base, options });
}

/**
 * Runs `command` for the service of `base` as its configuration says: on its one database, on one member of its
 * fleet (`--database`), or on the whole fleet.
 */
export async function runRouted<C extends CommandName>(command: C, options: CommandOptions<C>, base: Omit<CommandContext, 'options'>): Promise<CommandResult> {
  const route = routeOf(base.service, command, options as RouteOptions, base.env);
  if (route.kind === 'fleet') {
    const { runFleetMode } = await import('./fleet/commands.js');
    return runFleetMode({ command, options } as Parameters<typeof runFleetMode>[0], base);
  }
  const service = route.kind === 'narrow'
    ? await (await import('./fleet/narrow.js')).narrowTo({ ...base, options: options as ConnectOptions }, route.database)
    : base.service;
  return runCommand(command, options, { ...base, service });
}
