import { hostname, userInfo } from 'node:os';
import { loadService, secretsIn, type Env } from '../config/load.js';
import { maskUrl } from '../config/database-url.js';
import { findWorkspaceRoot } from '../config/workspace.js';
import { MigrateError } from '../errors.js';
import { parseCommandLine, type CommandLine, type RunLine } from './args.js';
import type { CommandContext, CommandResult, ContextOf } from './command.js';
import { ExitCode, exitCodeForError } from './exit-codes.js';
import { helpText } from './help.js';
import { invocationOf, renderCommands } from './hints.js';
import { redactingIo, type Io } from './output.js';
import type { CommandName, CommandOptions } from './specs.js';
import { colorEnabled, PLAIN, styleFor, type Style } from './style.js';

const VERSION = '0.1.0';

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
  rebase: () => import('./commands/rebase.js'),
};

async function runCommand<C extends CommandName>(command: C, options: CommandOptions<C>, base: Omit<CommandContext, 'options'>): Promise<CommandResult> {
  const module = await COMMAND_MODULES[command]();
  return module.run({ ...base, options });
}

function whoAmI(env: Env): string {
  try {
    return `${userInfo().username}@${hostname()}`;
  } catch {
    return `${env.USER ?? env.LOGNAME ?? 'unknown'}@${hostname()}`;
  }
}

/** How this run prints: colours (never with --json), and hints' commands in the form the user runs them. */
interface Output {
  readonly json: boolean;
  readonly style: Style;
  readonly render: (text: string) => string;
  readonly stringify: (document: Record<string, unknown>) => string;
}

/** `argv` is given when the line could not be parsed: its --json still asks for a JSON error document. */
function outputFor(env: Env, io: Io, line: CommandLine | undefined, argv: readonly string[] = []): Output {
  const run = line?.kind === 'run' ? line : undefined;
  const json = run?.json ?? argv.slice(0, argv.includes('--') ? argv.indexOf('--') : undefined).includes('--json');
  const invocation = invocationOf(env, run?.service);
  const render = (text: string) => renderCommands(invocation, text);
  return {
    json,
    style: json ? PLAIN : styleFor(colorEnabled(env, io.isTTY ?? false)),
    render,
    stringify: (document) => `${JSON.stringify(document, (_key, value: unknown) => (typeof value === 'string' ? render(value) : value), 2)}\n`,
  };
}

function printError(io: Io, out: Output, line: CommandLine | undefined, error: MigrateError): ExitCode {
  const run = line?.kind === 'run' ? line : undefined;
  if (out.json) {
    io.stdout.write(out.stringify({ service: run?.service ?? null, command: run?.command ?? null, ok: false,
      error: { code: error.code, message: error.message, ...(error.hint ? { hint: error.hint } : {}) } }));
  } else {
    const where = run ? `${run.service}: ` : '';
    io.stderr.write(out.render(`${where}${out.style.error('error:')} ${error.message}\n${error.hint ? `  ${out.style.next('next:')} ${error.hint}\n` : ''}`));
  }
  return exitCodeForError(error);
}

/** Stop requests from the bin: `stop` on the first signal, `cancel` on the second; each aborted with the signal's name. */
export interface Signals {
  readonly stop?: AbortSignal | undefined;
  readonly cancel?: AbortSignal | undefined;
}

async function execute(line: RunLine, env: Env, io: Io, out: Output, cwd: string, signals: Signals): Promise<ExitCode> {
  const root = findWorkspaceRoot(cwd);
  const service = await loadService(root, line.service);
  const base: Omit<CommandContext, 'options'> = {
    root, env, io, service, appliedBy: whoAmI(env), style: out.style,
    signal: signals.stop ?? new AbortController().signal, cancel: signals.cancel ?? new AbortController().signal,
    print: (text) => { if (!out.json) io.stdout.write(`${out.render(text)}\n`); },
    warn: (text) => { io.stderr.write(`${out.render(text)}\n`); },
  };
  // Each line carries the options of its own command (see RunLine); TypeScript cannot follow that through a union.
  const result = await runCommand(line.command, line.options as CommandOptions<typeof line.command>, base);
  if (out.json) io.stdout.write(out.stringify({ service: service.service, command: line.command, ...result.document }));
  return interrupted(result.exitCode, signals.stop);
}

/** A run stopped by a signal exits as the shell expects of one: 128 + its number (130 for SIGINT, 143 for SIGTERM). */
function interrupted(code: ExitCode, stop: AbortSignal | undefined): ExitCode {
  if (code === ExitCode.ok || stop?.aborted !== true) return code;
  return stop.reason === 'SIGTERM' ? ExitCode.terminated : ExitCode.interrupted;
}

/**
 * The whole CLI: parses argv, runs one command, prints its result, returns the exit status. Never exits the
 * process, reads no process globals (env, io, cwd and the stop signals are given) and never throws for
 * expected failures; the bin sets process.exitCode from the result.
 */
export async function main(argv: readonly string[], env: Env, rawIo: Io, cwd: string, signal?: AbortSignal | Signals): Promise<ExitCode> {
  const signals: Signals = signal === undefined ? {} : signal instanceof AbortSignal ? { stop: signal } : signal;
  const io = redactingIo(rawIo, secretsIn(env));
  let line: CommandLine | undefined;
  try {
    line = parseCommandLine(argv);
    if (line.kind === 'version') {
      io.stdout.write(`migrate-core ${VERSION}\n`);
      return ExitCode.ok;
    }
    if (line.kind === 'help') {
      io.stdout.write(`${helpText(line.topic)}\n`);
      return ExitCode.ok;
    }
    return await execute(line, env, io, outputFor(env, io, line), cwd, signals);
  } catch (error) {
    const out = outputFor(env, io, line, argv);
    if (error instanceof MigrateError) return printError(io, out, line, error);
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
    io.stderr.write(`${out.style.error('internal error:')} ${maskUrl(text)}\nThis is a bug in migrate-core; please report it with the command you ran.\n`);
    return ExitCode.failed;
  }
}
