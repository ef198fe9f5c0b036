import { hostname, userInfo } from 'node:os';
import { loadService, secretsIn, type Env } from '../config/load.js';
import { maskUrl } from '../config/database-url.js';
import { findWorkspaceRoot } from '../config/workspace.js';
import { findingOf, MigrateError } from '../errors.js';
import { parseCommandLine, type CommandLine, type RunLine } from './args.js';
import type { CommandContext } from './command.js';
import { runRouted } from './dispatch.js';
import { commandDocument, errorDocument, errorText } from './documents.js';
import { ExitCode, exitCodeForError } from './exit-codes.js';
import { helpText } from './help.js';
import { invocationOf, renderCommands } from './hints.js';
import { redactingIo, type Io } from './output.js';
import { openReport, type ReportFile } from './report.js';
import type { CommandOptions } from './specs.js';
import type { RouteOptions } from './fleet/route.js';
import { colorEnabled, PLAIN, styleFor, type Style } from './style.js';

const VERSION = '0.1.0';

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
  const json = line?.kind === 'run' || line?.kind === 'all' ? line.json : argv.slice(0, argv.includes('--') ? argv.indexOf('--') : undefined).includes('--json');
  const invocation = invocationOf(env, run?.service, (run?.options as RouteOptions | undefined)?.database);
  const render = (text: string) => renderCommands(invocation, text);
  return {
    json,
    style: json ? PLAIN : styleFor(colorEnabled(env, io.isTTY ?? false)),
    render,
    stringify: (document) => `${JSON.stringify(document, (_key, value: unknown) => (typeof value === 'string' ? render(value) : value), 2)}\n`,
  };
}

function printError(io: Io, out: Output, line: CommandLine | undefined, error: MigrateError, report: ReportFile | undefined): ExitCode {
  const run = line?.kind === 'run' ? line : undefined;
  const document = errorDocument(run?.service ?? null, line?.kind === 'all' ? line.command : (run?.command ?? null), findingOf(error));
  report?.write(JSON.parse(out.stringify(document)) as object);
  if (out.json) {
    io.stdout.write(out.stringify(document));
  } else {
    io.stderr.write(out.render(errorText(run?.service, error, out.style)));
  }
  return exitCodeForError(error);
}

/** Stop requests from the bin: `stop` on the first signal, `cancel` on the second; each aborted with the signal's name. */
export interface Signals {
  readonly stop?: AbortSignal | undefined;
  readonly cancel?: AbortSignal | undefined;
}

async function execute(line: RunLine, env: Env, io: Io, out: Output, cwd: string, signals: Signals, report: ReportFile | undefined): Promise<ExitCode> {
  const root = findWorkspaceRoot(cwd);
  const service = await loadService(root, line.service);
  // With --json nothing is ever asked: a script reads the document instead.
  const quiet: Io = out.json ? { stdout: io.stdout, stderr: io.stderr, ...(io.isTTY === undefined ? {} : { isTTY: io.isTTY }) } : io;
  const base: Omit<CommandContext, 'options'> = {
    root, cwd, env, io: quiet, service, appliedBy: whoAmI(env), style: out.style,
    signal: signals.stop ?? new AbortController().signal, cancel: signals.cancel ?? new AbortController().signal,
    print: (text) => { if (!out.json) io.stdout.write(`${out.render(text)}\n`); },
    warn: (text) => { io.stderr.write(`${out.render(text)}\n`); },
  };
  // Each line carries the options of its own command (see RunLine); TypeScript cannot follow that through a union.
  const result = await runRouted(line.command, line.options as CommandOptions<typeof line.command>, base);
  const document = out.stringify(commandDocument(service.service, line.command, result));
  if (out.json) io.stdout.write(document);
  const reported = report?.write(JSON.parse(document) as object) ?? true;
  return interrupted(reported || result.exitCode !== ExitCode.ok ? result.exitCode : ExitCode.usage, signals.stop);
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
  let report: ReportFile | undefined;
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
    if (line.kind === 'all') {
      const { runAll } = await import('./all/run-all.js');
      report = openReport(line.report, 'all', cwd, secretsIn(env), io);
      return await runAll(line, { env, io, cwd, signal: signals.stop, appliedBy: whoAmI(env), json: line.json, report });
    }
    report = openReport(line.report, line.service, cwd, secretsIn(env), io);
    return await execute(line, env, io, outputFor(env, io, line), cwd, signals, report);
  } catch (error) {
    const out = outputFor(env, io, line, argv);
    if (error instanceof MigrateError) return printError(io, out, line, error, report);
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
    io.stderr.write(`${out.style.error('internal error:')} ${maskUrl(text)}\nThis is a bug in migrate-core; please report it with the command you ran.\n`);
    return ExitCode.failed;
  }
}
