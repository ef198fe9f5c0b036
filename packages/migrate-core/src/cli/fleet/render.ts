// Human output of fleet commands: one summary line, the first failures with their next step, why a run stopped.
import type { Issue } from '../../errors.js';
import { hintLine } from '../../findings.js';
import type { ErrorReport } from '../../engine/report.js';
import type { FleetEntry, FleetReport } from '../../fleet/report.js';
import { describeShard } from '../../fleet/shard.js';
import { hasBlockingIssue, memberState, type MemberStatus } from '../../fleet/status.js';
import type { FleetStatusDocument } from '../../fleet/fleet-status.js';
import { invocationOf, renderCommands } from '../hints.js';
import { formatMs, plural, table } from '../output.js';
import type { FleetContext } from './setup.js';

/** How many failures the summary shows (--json and --report have all). */
export const FAILURES_SHOWN = 5;
const STATUS_ROWS_SHOWN = 20;

const WORDS: Record<string, { done: string; noop: string; blocked: string }> = {
  migrate: { done: 'migrated', noop: 'up to date', blocked: 'blocked' },
  rollback: { done: 'rolled back', noop: 'nothing to roll back', blocked: 'blocked' },
  stamp: { done: 'stamped', noop: 'already recorded', blocked: 'blocked' },
  resolve: { done: 'resolved', noop: 'nothing to resolve', blocked: 'blocked' },
  drift: { done: 'checked', noop: 'in sync', blocked: 'drifted' },
  plan: { done: 'with migrations to run', noop: 'up to date', blocked: 'blocked' },
};

/** A hint about one database, in the form that runs on that database. */
export const memberHint = (ctx: FleetContext, database: string, text: string) => renderCommands(invocationOf(ctx.env, ctx.service.service, database), text);

type WithHints = { readonly database: string; readonly error?: ErrorReport | undefined; readonly issues?: readonly Issue[] | undefined };

/** The entries with every hint in the form that runs on their own database (JSON output and reports). */
export function withMemberHints<T extends WithHints>(ctx: FleetContext, entries: readonly T[]): T[] {
  return entries.map((entry) => {
    const hint = (text: string | undefined) => (text === undefined ? {} : { hint: memberHint(ctx, entry.database, text) });
    return {
      ...entry,
      ...(entry.error === undefined ? {} : { error: { ...entry.error, ...hint(entry.error.hint) } }),
      ...(entry.issues === undefined ? {} : { issues: entry.issues.map((issue) => ({ ...issue, ...hint(issue.hint) })) }),
    };
  });
}

/** The first line of the error, with its migration when the message does not name it. */
export function describeError(error: ErrorReport): string {
  const first = error.message.split('\n')[0]!;
  return error.migrationId === undefined || first.includes(error.migrationId) ? first : `${error.migrationId}: ${first}`;
}

/** The line printed as soon as a database fails or is blocked. */
export function failureLine(ctx: FleetContext, command: string, entry: FleetEntry): string {
  const mark = entry.outcome === 'failed' ? ctx.style.error('✗') : ctx.style.warning('!');
  const outcome = entry.outcome === 'blocked' ? WORDS[command]?.blocked ?? 'blocked' : entry.outcome;
  return `${mark} ${entry.database} ${outcome}${entry.error === undefined ? '' : `: ${describeError(entry.error)}`}`;
}

function failures(ctx: FleetContext, report: FleetReport): string[] {
  const bad = report.databases.filter((entry) => entry.outcome === 'failed' || entry.outcome === 'blocked');
  const lines = bad.slice(0, FAILURES_SHOWN).flatMap((entry) => [
    `  ${failureLine(ctx, report.command, entry)}`,
    ...(entry.error?.hint === undefined ? [] : [hintLine(memberHint(ctx, entry.database, entry.error.hint), { paint: ctx.style, indent: '      ' })]),
  ]);
  if (bad.length > FAILURES_SHOWN) lines.push(`  (the first ${FAILURES_SHOWN} of ${bad.length}; --json or --report <file> lists every database)`);
  return lines;
}

function stopLine(report: FleetReport): string[] {
  const { stopped, summary } = report;
  if (stopped === null || summary.skipped === 0) return [];
  const left = plural(summary.skipped, 'database');
  switch (stopped.reason) {
    case 'canary':
      return [`The canary did not pass (${stopped.database} ${report.databases.find((e) => e.database === stopped.database)?.outcome}): the other ${left} were not started.`];
    case 'failure':
      return [`Stopped after ${stopped.database} (fail-fast): ${left} not started. --continue-on-error tries every database and collects the failures.`];
    case 'interrupted':
      return [`Interrupted: ${left} not started.`];
  }
}

/** The end of a fleet run (migrate, rollback, stamp, resolve, drift, plan). */
export function renderFleetReport(ctx: FleetContext, report: FleetReport, rerun: string | undefined): string[] {
  const words = WORDS[report.command] ?? { done: 'done', noop: 'nothing to do', blocked: 'blocked' };
  const s = report.summary;
  const migrations = report.databases.reduce((n, entry) => n + entry.migrations, 0);
  const counts = [
    ...(report.command === 'drift' ? [] : [`${s.done} ${words.done}${s.done > 0 && ['migrate', 'rollback'].includes(report.command) ? ` (${plural(migrations, 'migration')})` : ''}`]),
    `${s.noop} ${words.noop}`,
    ...(s.blocked > 0 ? [ctx.style.warning(`${s.blocked} ${words.blocked}`)] : []),
    ...(s.failed > 0 ? [ctx.style.error(`${s.failed} failed`)] : []),
    ...(s.skipped > 0 ? [`${s.skipped} not started`] : []),
  ];
  const shard = report.shard === null ? '' : ` (shard ${describeShard(report.shard)})`;
  const lines = [`${ctx.service.service}: ${report.command} of ${plural(s.total, 'database')}${shard} in ${formatMs(report.durationMs)}: ${counts.join(', ')}.`];
  lines.push(...failures(ctx, report), ...stopLine(report));
  if (rerun !== undefined && (s.failed > 0 || s.blocked > 0 || s.skipped > 0)) {
    lines.push(hintLine(`fix the cause, then run \`${rerun}\` again: databases already done have nothing left to do.`, { paint: ctx.style, indent: '' }));
  }
  return lines;
}

function statusRow(status: MemberStatus): string[] {
  const state = memberState(status);
  const issues = status.issues.filter((issue) => issue.code !== 'DIRTY').map((issue) => issue.code);
  const what = status.error !== undefined ? status.error.message.split('\n')[0]!
    : state === 'dirty' ? `${status.dirty!.id} ${status.dirty!.state} at statement ${status.dirty!.statement} of ${status.dirty!.statements}`
      : status.pending.length > 0 ? status.pending.map((p) => p.id).slice(0, 3).join(', ') + (status.pending.length > 3 ? ', ...' : '') : '';
  return [status.database, state === 'upToDate' ? 'up to date' : state, status.current ?? '-', String(status.pending.length), [what, ...issues].filter(Boolean).join('; ')];
}

export function renderFleetStatus(ctx: FleetContext, document: FleetStatusDocument, where: string): string[] {
  const s = document.summary;
  const shard = document.shard === null ? '' : ` (shard ${describeShard(document.shard)})`;
  const counts = [`${s.upToDate} up to date`, ctx.style.pending(`${s.pending} pending`), `${s.dirty} dirty`, `${s.failed} failed`, `${s.unreachable} unreachable`];
  const lines = [`${ctx.service.service}: ${plural(s.total, 'database')}${shard} at ${where}: ${counts.join(', ')}${s.withIssues > 0 ? `; ${s.withIssues} with issues` : ''}.`];
  const notable = document.databases.filter((db) => memberState(db) !== 'upToDate' || hasBlockingIssue(db));
  if (notable.length > 0) {
    lines.push(...table(['database', 'state', 'current', 'pending', 'details'], notable.slice(0, STATUS_ROWS_SHOWN).map(statusRow)).map((line) => `  ${line}`));
    if (notable.length > STATUS_ROWS_SHOWN) lines.push(`  (the first ${STATUS_ROWS_SHOWN} of ${notable.length}; --json lists every database)`);
  } else if (s.total > 0) {
    const current = new Set(document.databases.map((db) => db.current));
    lines.push(`  every database is at ${current.size === 1 ? [...current][0] ?? '(none)' : 'its latest migration'}`);
  }
  return lines;
}
