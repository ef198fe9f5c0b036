import { hostname, userInfo } from 'node:os';
import { loadService, secretsIn, type Env } from '../config/load.js';
import { maskUrl } from '../config/database-url.js';
import { findWorkspaceRoot } from '../config/workspace.js';
import { MigrateError } from '../errors.js';
import { helpText, parseArgs, type CommandName, type ParsedArgs } from './args.js';
import type { CommandContext, CommandResult } from './command.js';
import { ExitCode, exitCodeForError } from './exit-codes.js';
import { redactingIo, type Io } from './output.js';
import { openReport, type ReportFile } from './report.js';

const COMMAND_MODULES: Record<CommandName, () => Promise<{ run(ctx: CommandContext): Promise<CommandResult> }>> = {
  migrate: () => import('./commands/migrate.js'),
  rollback: () => import('./commands/rollback.js'),
  status: () => import('./commands/status.js'),
  stamp: () => import('./commands/stamp.js'),
  resolve: () => import('./commands/resolve.js'),
  generate: () => import('./commands/generate.js'),
  check: () => import('./commands/check.js'),
  drift: () => import('./commands/drift.js'),
  plan: () => import('./commands/plan.js'),
};

function whoAmI(): string {
  try {
    return `${userInfo().username}@${hostname()}`;
  } catch {
    return `uid${process.getuid?.() ?? '?'}@${hostname()}`;
  }
}

function printError(io: Io, args: ParsedArgs | undefined, error: MigrateError, report: ReportFile | undefined): ExitCode {
  const code = exitCodeForError(error);
  const document = { service: args?.service ?? null, command: args?.command, ok: false,
    error: { code: error.code, message: error.message, ...(error.hint ? { hint: error.hint } : {}) } };
  report?.write(document);
  if (args?.json) {
    io.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
  } else {
    const where = args?.service ? `${args.service}: ` : '';
    io.stderr.write(`${where}error: ${error.message}\n${error.hint ? `  next: ${error.hint}\n` : ''}`);
  }
  return code;
}

/**
 * The whole CLI: parses argv, runs one command, prints its result, returns the exit status. Never exits the
 * process and never throws for expected failures; the bin sets process.exitCode from the result.
 */
export async function main(argv: readonly string[], env: Env, rawIo: Io, cwd: string = process.cwd(), signal?: AbortSignal): Promise<ExitCode> {
  const io = redactingIo(rawIo, secretsIn(env));
  let args: ParsedArgs | undefined;
  let report: ReportFile | undefined;
  try {
    args = parseArgs(argv);
    if (args.command === 'version') {
      io.stdout.write('migrate-core 0.1.0\n');
      return ExitCode.ok;
    }
    if (args.command === 'help') {
      const topic = args.positionals[0] as CommandName | undefined;
      io.stdout.write(`${helpText(topic)}\n`);
      return ExitCode.ok;
    }
    if (args.help) {
      io.stdout.write(`${helpText(args.command)}\n`);
      return ExitCode.ok;
    }
    report = openReport(args, cwd, secretsIn(env), io);
    const root = findWorkspaceRoot(cwd);
    const service = await loadService(root, args.service!);
    const json = args.json;
    const ctx: CommandContext = {
      args, root, env, io, service, appliedBy: whoAmI(), signal: signal ?? new AbortController().signal,
      print: (line) => { if (!json) io.stdout.write(`${line}\n`); },
      warn: (line) => { io.stderr.write(`${line}\n`); },
    };
    const module = await COMMAND_MODULES[args.command]();
    const result = await module.run(ctx);
    const document = { service: service.service, command: args.command, ...result.document };
    if (json) io.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
    const reported = report?.write(document) ?? true;
    return reported || result.exitCode !== ExitCode.ok ? result.exitCode : ExitCode.usage;
  } catch (error) {
    if (error instanceof MigrateError) return printError(io, args, error, report);
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
    io.stderr.write(`internal error: ${maskUrl(text)}\nThis is a bug in migrate-core; please report it with the command you ran.\n`);
    return ExitCode.failed;
  }
}
