// One service of `migrate --all` / `status --all`: its own configuration, connection and command, exactly as
// `<command> --service <name>` runs it; whatever goes wrong stays in its entry and never stops the others.
import { maskUrl } from '../../config/database-url.js';
import { describeDatabases } from '../../config/fleet-config.js';
import { loadService, type Env, type ServiceContext } from '../../config/load.js';
import { findingOf, MigrateError } from '../../errors.js';
import type { Finding } from '../../findings.js';
import { parseCommandLine, type AllLine } from '../args.js';
import type { CommandContext } from '../command.js';
import { connectionSettings, fleetServerFor } from '../connect.js';
import { runRouted } from '../dispatch.js';
import { commandDocument, errorDocument, errorText, renderDocument } from '../documents.js';
import { ExitCode, exitCodeForError, worstExitCode } from '../exit-codes.js';
import { invocationOf, renderCommands } from '../hints.js';
import type { Io } from '../output.js';
import type { CommandOptions } from '../specs.js';
import type { Style } from '../style.js';

/** What every service's run shares. */
export interface AllRun {
  readonly root: string;
  readonly env: Env;
  /** Warnings go to its stderr at once; nothing is ever asked. */
  readonly io: Io;
  readonly style: Style;
  readonly signal: AbortSignal;
  readonly appliedBy: string;
}

export interface ServiceEntry {
  readonly service: string;
  readonly exitCode: ExitCode;
  /** Exactly what `<command> --service <service> --json` prints. */
  readonly document: Record<string, unknown>;
  /** What `drift --service <service> --json` prints (a fleet's: every database's), when status --all --drift asked for it. */
  readonly drift?: Record<string, unknown>;
  /**
   * Where its database is, safe to print: a fleet's server and how its databases are found. Undefined when its
   * configuration failed.
   */
  readonly server: string | undefined;
  /** The lines the command printed for a person (its progress, its summary or its error). */
  readonly lines: readonly string[];
  /** Its configuration, once read (the HTML report draws its schema from it). */
  readonly context: ServiceContext | undefined;
}

/** An error that is not a MigrateError is a bug; it is still reported in the service's row. */
function failureOf(error: unknown): { finding: Finding; exitCode: ExitCode } {
  if (error instanceof MigrateError) return { finding: findingOf(error), exitCode: exitCodeForError(error) };
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  const finding: Finding = { code: 'INTERNAL', severity: 'error', message: `internal error: ${maskUrl(text)}`, hint: 'This is a bug in migrate-core; please report it with the command you ran.' };
  return { finding, exitCode: ExitCode.failed };
}

/** Where the service's databases are: its one database's URL, or its fleet's server with the fleet's `databases`. */
async function serverOf(base: Omit<CommandContext, 'options'>): Promise<string> {
  const { service } = base;
  if (service.fleet === undefined) return (await connectionSettings(service, base.env, base.warn)).settings.display;
  const server = await fleetServerFor({ ...base, options: {} });
  return `${server.settingsFor('').display.replace(/\/$/, '')} (${describeDatabases(service.fleet)})`;
}

/** What `drift --service <name> --json` prints: on the service's one database, or on every database of its fleet. */
async function driftDocument(name: string, base: Omit<CommandContext, 'options'>, render: (text: string) => string): Promise<{ document: Record<string, unknown>; exitCode: ExitCode }> {
  const line = parseCommandLine(['drift', '--service', name]);
  try {
    if (line.kind !== 'run' || line.command !== 'drift') throw new Error('drift takes --service');
    const result = await runRouted('drift', line.options, { ...base, print: () => {} });
    return { document: renderDocument(commandDocument(name, 'drift', result), render), exitCode: result.exitCode };
  } catch (error) {
    const failure = failureOf(error);
    return { document: renderDocument(errorDocument(name, 'drift', failure.finding), render), exitCode: failure.exitCode };
  }
}

/** Runs `line`'s command for service `name`: never throws. */
export async function runService(name: string, line: AllLine, run: AllRun): Promise<ServiceEntry> {
  const render = (text: string) => renderCommands(invocationOf(run.env, name), text);
  const lines: string[] = [];
  const warn = (text: string) => void run.io.stderr.write(`${render(text)}\n`);
  let context: ServiceContext | undefined;
  let server: string | undefined;
  try {
    context = await loadService(run.root, name);
    const base: Omit<CommandContext, 'options'> = {
      root: run.root, env: run.env, io: { stdout: run.io.stdout, stderr: run.io.stderr }, service: context, appliedBy: run.appliedBy,
      signal: run.signal, style: run.style, print: (text) => void lines.push(render(text)), warn,
    };
    server = await serverOf(base);
    // Each line carries the options of its own command (see AllLine); TypeScript cannot follow that through a union.
    const result = await runRouted(line.command, line.options as CommandOptions<typeof line.command>, base);
    const document = renderDocument(commandDocument(name, line.command, result), render);
    const drift = line.command === 'status' && line.options.drift ? await driftDocument(name, base, render) : undefined;
    return {
      service: name, server, context, lines, document, exitCode: worstExitCode([result.exitCode, ...(drift ? [drift.exitCode] : [])]),
      ...(drift ? { drift: drift.document } : {}),
    };
  } catch (error) {
    const failure = failureOf(error);
    lines.push(render(errorText(name, failure.finding, run.style)).trimEnd());
    return { service: name, server, context, lines, document: renderDocument(errorDocument(name, line.command, failure.finding), render), exitCode: failure.exitCode };
  }
}
