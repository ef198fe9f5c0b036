// Hints name commands as `migrate-core <command> <args>` (see commandHint in errors.ts). The CLI prints each
// such reference as the user can run it here: `npx migrate-core <command> --service <name> <args>`, or
// `nx run <service>:<command> <args>` inside the service's Nx task (for commands that are Nx targets).
import type { Env } from '../config/load.js';
import { FLEET_COMMANDS } from './fleet/route.js';
import { COMMANDS, SPECS, isCommand } from './specs.js';

export interface Invocation {
  /** The service of this run, once known: it goes into every rewritten command. */
  readonly service?: string | undefined;
  /** Running as an Nx task of that service's project (Nx sets NX_TASK_TARGET_PROJECT in every task). */
  readonly nx: boolean;
  /** The one database of a fleet the commands are about (`--database`). */
  readonly database?: string | undefined;
}

export function invocationOf(env: Env, service?: string, database?: string): Invocation {
  return { service, nx: service !== undefined && env.NX_TASK_TARGET_PROJECT === service, database };
}

/** How to run `command` in this invocation; the arguments that follow it in the hint stay as they are. */
export function commandPrefix(invocation: Invocation, command: string): string {
  const { service } = invocation;
  if (service === undefined || !isCommand(command)) return `npx migrate-core ${command}`;
  const database = invocation.database === undefined || !FLEET_COMMANDS.has(command) ? '' : ` --database ${invocation.database}`;
  if (invocation.nx && SPECS[command].nxTarget) return `nx run ${service}:${command}${database}`;
  return `npx migrate-core ${command} --service ${service}${database}`;
}

// `npx migrate-core ...` is already in its final form: rendering twice changes nothing.
const REFERENCE = new RegExp(`(^|[\\s\`(])(?<!npx\\s)migrate-core (${[...COMMANDS, '--help', '--version'].join('|')})(?=[\\s\`)]|$)`, 'g');

/**
 * Rewrites every `migrate-core <command>` of `text` into the form this invocation runs it in. A hint that names
 * its database itself (`migrate-core migrate --database x ...`) keeps it, and gets no second one.
 */
export function renderCommands(invocation: Invocation, text: string): string {
  return text.replace(REFERENCE, (match: string, before: string, command: string, offset: number) => {
    const named = /^\s+--database[\s=]/.test(text.slice(offset + match.length));
    return `${before}${commandPrefix(named ? { ...invocation, database: undefined } : invocation, command)}`;
  });
}
