import { commandHint } from '../errors.js';
import { hintLine, renderFindings } from '../findings.js';
import type { MigrateEvent } from '../engine/executor.js';
import type { ServerActivity } from '../engine/runner.js';
import type { RunReport, StatusReport } from '../engine/report.js';
import { formatMs, plural, table } from './output.js';
import type { Style } from './style.js';


/** What the server does for the migration, as the progress line shows it: `altering table: ALTER TABLE t ...`. */
function activityOf(activity: ServerActivity | undefined): string {
  if (activity === undefined) return '';
  const what = [activity.state, activity.info].filter((part) => part !== '').join(': ');
  return what === '' ? '' : `; server: ${what}`;
}

/**
 * Progress lines for a run: one line per finished migration, a line when a migration runs long (with what the
 * server is doing for it), and a line while waiting for another runner's lock.
 */
export function progressPrinter(service: string, print: (line: string) => void, warn: (line: string) => void, style: Style): { onEvent: (event: MigrateEvent) => void; stop: () => void } {
  let slow: NodeJS.Timeout | undefined;
  let activity: ServerActivity | undefined;
  const clear = () => {
    if (slow) clearInterval(slow);
    slow = undefined;
    activity = undefined;
  };
  return {
    stop: clear,
    onEvent(event) {
      switch (event.type) {
        case 'lock-wait':
          warn(`${service}: waiting for the migration lock of \`${event.database}\`${event.holder === null ? '' : ` (held by server connection ${event.holder})`}, up to ${event.timeoutSeconds} s ...`);
          return;
        case 'step-start': {
          clear();
          const started = Date.now();
          const together = event.together ?? 1;
          const what = together > 1
            ? `[${event.index}-${event.index + together - 1}/${event.count}] ${event.step.migration.id} ${event.step.direction} and the next ${together - 1} (one round trip)`
            : `[${event.index}/${event.count}] ${event.step.migration.id} ${event.step.direction}`;
          if (event.step.resume) print(`  … ${what}: resuming at statement ${event.step.startAt} of ${event.statements}`);
          slow = setInterval(() => print(`  … ${what} still running (${formatMs(Date.now() - started)})${activityOf(activity)}`), 5000);
          slow.unref();
          return;
        }
        case 'step-done':
          clear();
          print(`  ${style.ok('✓')} [${event.index}/${event.count}] ${event.step.migration.id} ${event.step.direction === 'up' ? 'applied' : 'rolled back'}${event.durationMs === null ? '' : ` in ${formatMs(event.durationMs)}`}`);
          return;
        case 'step-failed':
          clear();
          print(`  ${style.error('✗')} [${event.index}/${event.count}] ${event.step.migration.id} ${'statementIndex' in event.error
            ? `failed at statement ${event.error.statementIndex} of ${event.error.statementCount}`
            : `${event.error.code === 'INTERRUPTED' ? 'stopped' : `failed (${event.error.code})`}${event.error.statement === undefined ? '' : ` at statement ${event.error.statement}`}`}`);
          return;
        case 'server-activity':
          activity = event.activity;
          return;
        case 'note':
          warn(`  note: ${event.message}`);
          return;
      }
    },
  };
}

const VERB: Record<RunReport['command'], [string, string]> = {
  migrate: ['applied', 'nothing to migrate'],
  rollback: ['rolled back', 'nothing to roll back'],
  stamp: ['stamped as applied', 'nothing to stamp: already recorded'],
  resolve: ['resolved', 'nothing to resolve'],
};

/** The end of a run: summary table, outcome line, issues or error with the next command. */
export function renderRun(service: string, report: RunReport, style: Style): string[] {
  const [done, nothing] = VERB[report.command];
  const lines: string[] = [];
  const ran = report.steps.filter((step) => step.status === 'done').length;
  if (report.steps.length > 1 || (report.outcome === 'failed' && report.steps.length > 0)) {
    lines.push('', ...table(['migration', 'direction', 'status', 'statements', 'time'], report.steps.map((step) => [
      step.id, step.direction, step.status,
      step.statementsTotal === null ? '-' : `${step.statementsRun}/${step.statementsTotal}${step.resumedAt ? ` (from ${step.resumedAt})` : ''}`,
      formatMs(step.durationMs),
    ])).map((line) => `  ${line}`), '');
  }
  switch (report.outcome) {
    case 'noop':
      lines.push(`${service}: ${nothing} (database \`${report.database}\`).`);
      break;
    case 'done':
      lines.push(`${service}: ${plural(ran, 'migration')} ${done} on \`${report.database}\` in ${formatMs(report.durationMs)}.`);
      break;
    case 'blocked':
      lines.push(`${service}: ${style.warning('blocked')}, nothing was changed on \`${report.database}\`:`, ...renderFindings(report.issues, { paint: style }));
      break;
    case 'failed':
      lines.push(`${service}: ${report.error?.code === 'INTERRUPTED' ? style.warning('stopped on request') : style.error('failed')} on \`${report.database}\`${ran > 0 ? ` after ${plural(ran, 'migration')} ${done}` : ''}:`,
        `  ${report.error?.message.split('\n').join('\n  ') ?? 'unknown error'}`, ...(report.error?.hint ? [hintLine(report.error.hint, { paint: style })] : []));
      break;
  }
  return lines;
}

/** applied green, pending yellow, failed or running (dirty) red. */
function stateColour(state: string, style: Style): string {
  if (state === 'applied') return style.ok(state);
  return state === 'pending' ? style.pending(state) : style.dirty(state);
}

export function renderStatus(service: string, where: string, status: StatusReport, style: Style): string[] {
  const appliedIds = new Set(status.applied.map((row) => row.id));
  const rows = [
    ...status.applied.map((row) => ({ id: row.id, state: 'applied', at: row.appliedAt?.replace('T', ' ').replace(/\.\d+Z$/, 'Z') ?? '', time: formatMs(row.durationMs) })),
    ...(status.dirty && !appliedIds.has(status.dirty.id)
      ? [{ id: status.dirty.id, state: `${status.dirty.state} (${status.dirty.direction}, statement ${status.dirty.statement}/${status.dirty.statements})`, at: '', time: '' }] : []),
    ...status.pending.filter((row) => row.id !== status.dirty?.id).map((row) => ({ id: row.id, state: 'pending', at: '', time: '' })),
  ].sort((a, b) => (a.id < b.id ? -1 : 1));
  return [
    `${service}: database \`${status.database}\` at ${where} (ledger ${status.ledgerTable})`,
    `  current: ${status.current ?? '(none: nothing applied)'}   applied: ${status.applied.length}   pending: ${status.pending.length}` +
      (status.lockedBy === null ? '' : `   locked by connection ${status.lockedBy}`),
    ...(rows.length === 0 ? [`  (no migrations yet: run ${commandHint('generate', '--name', '"<what it does>"')})`]
      : table(['migration', 'state', 'applied at', 'time'], rows.map((row) => [row.id, row.state, row.at, row.time]), (cell, _row, column) => (column === 1 ? stateColour(cell, style) : cell)).map((line) => `  ${line}`)),
    ...(status.issues.length === 0 ? [`  issues: ${style.ok('none')}`] : ['  issues:', ...renderFindings(status.issues, { paint: style })]),
  ];
}
