// `migrate --all` and `status --all`: every service of the workspace in one process, a few at a time, each on its
// own connection and configuration. A fleet service is one entry: its document is whatever `status --json` prints
// for it (`{ service, databases, summary }`), and the tables and the page render that shape too; with --drift, its
// drift is whatever `drift --json` prints for it (every database's).
import { resolve } from 'node:path';
import type { Env } from '../../config/load.js';
import { findWorkspaceRoot, listServices, SERVICES_DIR } from '../../config/workspace.js';
import { UsageError } from '../../errors.js';
import type { AllLine } from '../args.js';
import { ExitCode, worstExitCode } from '../exit-codes.js';
import type { ReportFile } from '../report.js';
import type { Io } from '../output.js';
import { colorEnabled, PLAIN, styleFor } from '../style.js';
import { writeHtmlReport } from './html-file.js';
import { mapBounded } from './pool.js';
import { runService, type AllRun, type ServiceEntry } from './service-run.js';
import { renderMigrateAll, renderStatusAll } from './tables.js';

/**
 * Services run at once. Each holds one connection; a handful keeps a shared server and a 2-core runner busy
 * without queueing on either. A fleet service runs its own members through its own pool.
 */
export const ALL_CONCURRENCY = 4;

export interface AllOptions {
  readonly env: Env;
  readonly io: Io;
  readonly cwd: string;
  readonly signal: AbortSignal | undefined;
  readonly appliedBy: string;
  readonly json: boolean;
  /** `--report <file>`: the `{ "services": [...] }` document is written there too. */
  readonly report?: ReportFile | undefined;
}

/** Runs the line's command for every service; prints one table (or `{ "services": [...] }`); the worst exit status. */
export async function runAll(line: AllLine, options: AllOptions): Promise<ExitCode> {
  const { io, json } = options;
  const root = findWorkspaceRoot(options.cwd);
  const services = listServices(root);
  if (services.length === 0) throw new UsageError(`No services under ${resolve(root, SERVICES_DIR)}: nothing to ${line.command}.`, 'Add one: npx nx g @repo/nx-plugin:service <name>');
  const style = json ? PLAIN : styleFor(colorEnabled(options.env, io.isTTY ?? false));
  const run: AllRun = { root, env: options.env, io, style, signal: options.signal ?? new AbortController().signal, appliedBy: options.appliedBy };
  const print = (lines: readonly string[]) => { if (!json && lines.length > 0) io.stdout.write(`${lines.join('\n')}\n`); };

  const entries = await mapBounded(services, ALL_CONCURRENCY, async (name): Promise<ServiceEntry> => {
    const entry = await runService(name, line, run);
    // migrate: each service's own lines as soon as it is done, so that long runs show their progress.
    if (line.command === 'migrate') print(entry.lines);
    return entry;
  });

  const document = { services: entries.map((entry) => (entry.drift ? { ...entry.document, drift: entry.drift } : entry.document)) };
  const reported = options.report?.write(document) ?? true;
  if (json) io.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
  else if (line.command === 'migrate') print(['', ...renderMigrateAll(entries, style)]);
  else print(renderStatusAll(entries, style, line.options.drift));

  if (line.command === 'status' && line.options.html !== undefined) {
    writeHtmlReport(resolve(options.cwd, line.options.html), entries, root);
    const note = `wrote ${line.options.html}: ${entries.length} service${entries.length === 1 ? '' : 's'}`;
    if (json) io.stderr.write(`${note}\n`);
    else print(['', note]);
  }
  const worst = worstExitCode(entries.map((entry) => entry.exitCode));
  return reported || worst !== ExitCode.ok ? worst : ExitCode.usage;
}
