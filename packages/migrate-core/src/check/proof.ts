// What `check` adds to the folder checks: the shadow proof (shadow/) and the lint warnings (lint/), which use
// the proof's algorithm probes when it ran.
import type { ServiceContext } from '../config/load.js';
import { lintMigrations, type LintFinding } from './lint/lint.js';
import type { CheckProblem, MigrationFolderText } from './problems.js';
import { proveOnShadow, type ShadowReport } from './shadow/prove.js';
import type { ShadowStarter } from './shadow/server.js';
import { snapshotsOf } from './shadow/snapshot-match.js';

/** Problems that make a replay meaningless (or impossible): the shadow proof waits until they are fixed. */
const BLOCKING: ReadonlySet<CheckProblem['code']> = new Set(['BAD_FOLDER', 'BAD_SQL', 'REFUSED_STATEMENT', 'NO_UP', 'NO_DOWN', 'EMPTY_DOWN', 'CONFLICT']);

export interface ShadowSummary {
  readonly ran: boolean;
  /** It ran and found nothing: every migration went up (making its snapshot), down (restoring the schema) and up again. */
  readonly proven: boolean;
  /** The server it ran on, e.g. `MariaDB 10.11.19 (a throwaway server)`. */
  readonly server?: string;
  /** Why it did not run. */
  readonly skipped?: string;
  readonly migrations: number;
  readonly seeds: number;
  /** Ups compared with the schema their snapshot.json records (custom migrations and those without one are not). */
  readonly snapshots: number;
  readonly durationMs: number;
}

export interface ProofOptions {
  /** Starts the shadow server; absent when the proof is not to run (`skipped` says why). */
  readonly shadow?: ShadowStarter | undefined;
  readonly skipped?: string | undefined;
  readonly generate: string;
}

function summaryOf(report: ShadowReport | undefined, skipped: string | undefined, migrations: number): ShadowSummary {
  if (report === undefined) return { ran: false, proven: false, skipped: skipped ?? 'not asked for', migrations, seeds: 0, snapshots: 0, durationMs: 0 };
  return { ran: report.server !== undefined, proven: report.server !== undefined && report.problems.length === 0, ...(report.server === undefined ? {} : { server: report.server }), ...(report.skipped === undefined ? {} : { skipped: report.skipped }),
    migrations: report.migrations, seeds: report.seeds, snapshots: report.snapshots, durationMs: report.durationMs };
}

/** The shadow proof (unless skipped or blocked by `earlier` problems), then the lint of every up migration. */
export async function proveAndLint(service: ServiceContext, folders: readonly MigrationFolderText[], earlier: readonly CheckProblem[], options: ProofOptions):
  Promise<{ problems: CheckProblem[]; warnings: LintFinding[]; shadow: ShadowSummary; notes: string[] }> {
  const blocked = earlier.some((problem) => BLOCKING.has(problem.code));
  const report = options.shadow === undefined || blocked ? undefined
    : await proveOnShadow({ service, start: options.shadow, generate: options.generate, snapshots: snapshotsOf(folders) });
  const skipped = blocked && options.shadow !== undefined ? 'the problems above come first: the migrations cannot be replayed as they are' : options.skipped;
  const lint = lintMigrations(folders, service.config, report?.probes);
  const notes = [...(report?.notes ?? [])];
  if (lint.acknowledged > 0) notes.push(`${lint.acknowledged} lint warning${lint.acknowledged === 1 ? '' : 's'} acknowledged by \`-- migrate-core: allow <CODE>\` lines`);
  return { problems: [...(report?.problems ?? []), ...lint.problems], warnings: [...lint.warnings], shadow: summaryOf(report, skipped, folders.length), notes };
}
