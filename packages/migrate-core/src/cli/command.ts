import type { Env, ServiceContext } from '../config/load.js';
import type { ParsedArgs } from './args.js';
import type { ExitCode } from './exit-codes.js';
import type { Io } from './output.js';

/** What every command gets from main(). */
export interface CommandContext {
  readonly args: ParsedArgs;
  readonly root: string;
  readonly env: Env;
  readonly io: Io;
  readonly service: ServiceContext;
  readonly appliedBy: string;
  /** Aborted on Ctrl-C: long commands stop between migrations. */
  readonly signal: AbortSignal;
  /** A line of human output on stdout; silent with --json. */
  readonly print: (line: string) => void;
  /** A line on stderr, shown even with --json (warnings, progress of slow set-up). */
  readonly warn: (line: string) => void;
}

/** A command's result: the exit status and the JSON document printed with --json. */
export interface CommandResult {
  readonly exitCode: ExitCode;
  readonly document: Record<string, unknown>;
}

export function flagString(args: ParsedArgs, name: string): string | undefined {
  const value = args.flags[name];
  return typeof value === 'string' ? value : undefined;
}

export function flagNumber(args: ParsedArgs, name: string): number | undefined {
  const value = args.flags[name];
  return typeof value === 'number' ? value : undefined;
}

export function flagBoolean(args: ParsedArgs, name: string): boolean {
  return args.flags[name] === true;
}

export function flagStrings(args: ParsedArgs, name: string): string[] {
  const value = args.flags[name];
  return Array.isArray(value) ? value : [];
}
