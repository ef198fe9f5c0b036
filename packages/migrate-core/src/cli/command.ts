import type { Env, ServiceContext } from '../config/load.js';
import type { ExitCode } from './exit-codes.js';
import type { Io } from './output.js';
import type { CommandName, CommandOptions } from './specs.js';
import type { Style } from './style.js';

/** What every command gets from main(): its own typed options, the service, output. */
export interface CommandContext<O = object> {
  readonly options: O;
  readonly root: string;
  /** Where the command was run: relative paths the user gives (e.g. --report <file>) start here. Default: root. */
  readonly cwd?: string;
  readonly env: Env;
  readonly io: Io;
  readonly service: ServiceContext;
  readonly appliedBy: string;
  /** Aborted on the first Ctrl-C or SIGTERM (its reason the signal's name): a run stops after its current statement. */
  readonly signal: AbortSignal;
  /** Aborted on the second: the statement in progress is interrupted on the server. */
  readonly cancel?: AbortSignal;
  /** A line of human output on stdout; silent with --json. */
  readonly print: (line: string) => void;
  /** A line on stderr, shown even with --json (warnings, progress of slow set-up). */
  readonly warn: (line: string) => void;
  /** Colours for human output (plain when they are off, and always with --json). */
  readonly style: Style;
}

/** Prints `lines` with one write (a table of hundreds of migrations or databases), nothing when there are none. */
export function printLines(ctx: Pick<CommandContext, 'print'>, lines: readonly string[]): void {
  if (lines.length > 0) ctx.print(lines.join('\n'));
}

/** The context of command `C`: its options as declared in specs.ts. */
export type ContextOf<C extends CommandName> = CommandContext<CommandOptions<C>>;

/** A command's result: the exit status and the JSON document printed with --json. */
export interface CommandResult {
  readonly exitCode: ExitCode;
  readonly document: Record<string, unknown>;
}
