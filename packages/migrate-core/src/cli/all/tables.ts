// The one table of `status --all` and `migrate --all`: a row per service, then what needs attention.
import { classifyDocument, describeDirtyState, fleetDriftOf, lastApplied, serviceState, shortTime, type ServiceState } from '../../report/documents.js';
import type { RunReport } from '../../engine/report.js';
import { formatMs, plural, table } from '../output.js';
import { renderFindings } from '../../findings.js';
import type { Style } from '../style.js';
import type { ServiceEntry } from './service-run.js';

const DASH = '-';

/** Where a service's drift stands: every database in sync, one at least drifted (or not comparable), or not read. */
type DriftState = 'in-sync' | 'drifted' | 'unread';

function driftState(drift: Record<string, unknown>): DriftState {
  if (drift.ok === false) return 'unread';
  const fleet = fleetDriftOf(drift);
  if (fleet === undefined) return drift.inSync === true ? 'in-sync' : 'drifted';
  const s = fleet.summary;
  return s.failed + s.skipped > 0 ? 'unread' : s.blocked > 0 ? 'drifted' : 'in-sync';
}

function driftCell(drift: Record<string, unknown> | undefined, withDrift: boolean): string[] {
  if (!withDrift) return [];
  if (drift === undefined) return [DASH];
  if (drift.ok === false) return ['error'];
  const fleet = fleetDriftOf(drift);
  if (fleet !== undefined) {
    const s = fleet.summary;
    if (s.noop === s.total) return ['in sync'];
    return [[`${s.noop} in sync`, ...(s.blocked > 0 ? [`${s.blocked} drifted`] : []), ...(s.failed > 0 ? [`${s.failed} failed`] : []),
      ...(s.skipped > 0 ? [`${s.skipped} not read`] : [])].join(', ')];
  }
  if (drift.inSync === true) return ['in sync'];
  if (drift.reliable === false) return ['unreliable'];
  return [plural(Array.isArray(drift.differences) ? drift.differences.length : 0, 'difference')];
}

/** The database column of a service whose status could not be read: a fleet has no one database. */
const databaseCell = (entry: ServiceEntry): string => (entry.context === undefined || entry.context.fleet !== undefined ? DASH : entry.context.database);

function statusRow(entry: ServiceEntry, withDrift: boolean): string[] {
  const server = entry.server ?? DASH;
  const found = classifyDocument(entry.document);
  const drift = driftCell(entry.drift, withDrift);
  switch (found.kind) {
    case 'error':
      return [entry.service, databaseCell(entry), server, `error (${found.document.error.code})`, DASH, DASH, DASH, ...drift];
    case 'fleet': {
      const { summary } = found.document;
      return [entry.service, `${plural(summary.total, 'database')}`, server, `${summary.upToDate} up to date`, String(summary.pending),
        summary.dirty === 0 ? DASH : `${summary.dirty} dirty`, DASH, ...drift];
    }
    case 'database': {
      const status = found.document;
      return [entry.service, status.database, server, status.current ?? '(none)', String(status.pending.length),
        status.dirty === null ? DASH : describeDirtyState(status.dirty), shortTime(lastApplied(status)) || DASH, ...drift];
    }
  }
}

/** Pending yellow, dirty and errors red (padding stays outside the colour). */
function painter(style: Style, rows: readonly (readonly string[])[]) {
  return (cell: string, row: number, column: number): string => {
    if (rows[row]?.[3]?.startsWith('error') && column === 3) return style.error(cell);
    if (column === 4 && cell !== '0' && cell !== DASH) return style.pending(cell);
    if (column === 5 && cell !== DASH) return style.dirty(cell);
    if (column === 7 && cell !== 'in sync' && cell !== DASH) return style.warning(cell);
    return cell;
  };
}

/** Databases of a fleet whose drift the list below the table names. */
const DRIFT_SHOWN = 5;

/** What needs attention in a service's drift: why it could not be read, or the databases of a fleet that drifted or failed. */
function driftProblems(entry: ServiceEntry): string[] {
  const { drift } = entry;
  if (drift === undefined) return [];
  if (drift.ok === false) return [`${entry.service}: drift: ${(drift.error as { message: string }).message}`];
  const fleet = fleetDriftOf(drift);
  if (fleet === undefined) return [];
  const bad = fleet.databases.filter((member) => member.outcome === 'failed' || member.outcome === 'blocked');
  return [
    ...bad.slice(0, DRIFT_SHOWN).map((member) => `${entry.service}/${member.database}: drift: ${member.error?.message.split('\n')[0] ?? member.outcome}`),
    ...(bad.length > DRIFT_SHOWN ? [`${entry.service}: (the first ${DRIFT_SHOWN} of ${bad.length}; --json lists every database)`] : []),
  ];
}

/** What needs attention below the table: errors, issues, fleet members that failed. */
function problems(entry: ServiceEntry, style: Style): string[] {
  const found = classifyDocument(entry.document);
  if (found.kind === 'error') return entry.lines.flatMap((line) => line.split('\n'));
  const drift = driftProblems(entry);
  if (found.kind === 'fleet') {
    const failing = found.document.databases.filter((member) => member.error !== undefined);
    return [...failing.slice(0, 5).map((member) => `${entry.service}/${member.database}: ${typeof member.error === 'string' ? member.error : member.error?.message}`), ...drift];
  }
  const issues = found.document.issues;
  return [...(issues.length === 0 ? [] : [`${entry.service}:`, ...renderFindings(issues, { paint: style })]), ...drift];
}

/** Where a service stands; a service whose drift was asked for and could not be read could not report. */
function entryState(entry: ServiceEntry): ServiceState {
  return entry.drift !== undefined && driftState(entry.drift) === 'unread' ? 'error' : serviceState(classifyDocument(entry.document));
}

/** status --all as text: the table, a summary line, then what needs attention. */
export function renderStatusAll(entries: readonly ServiceEntry[], style: Style, withDrift: boolean): string[] {
  const head = ['service', 'database', 'server', 'current', 'pending', 'dirty', 'last applied', ...(withDrift ? ['drift'] : [])];
  const rows = entries.map((entry) => statusRow(entry, withDrift));
  const states = entries.map(entryState);
  const count = (state: ServiceState) => states.filter((found) => found === state).length;
  // Drift of the services that could report: each one's drift was read.
  const drifts = entries.flatMap((entry, index) => (entry.drift === undefined || states[index] === 'error' ? [] : [driftState(entry.drift)]));
  const drift = withDrift ? `; drift: ${drifts.filter((found) => found === 'in-sync').length} in sync, ${drifts.filter((found) => found === 'drifted').length} drifted` : '';
  const summary = `${plural(entries.length, 'service')}: ${count('up-to-date')} up to date, ${count('pending')} with pending migrations, ` +
    `${count('dirty')} dirty, ${count('error')} could not report${drift}.`;
  const attention = entries.flatMap((entry) => problems(entry, style));
  return [...table(head, rows, painter(style, rows)), '', summary, ...(attention.length === 0 ? [] : ['', ...attention])];
}

function migrateRow(entry: ServiceEntry): string[] {
  const found = classifyDocument(entry.document);
  const server = entry.server ?? DASH;
  if (found.kind === 'error') return [entry.service, databaseCell(entry), server, `error (${found.document.error.code})`, DASH, DASH];
  const report = entry.document as unknown as Partial<RunReport> & { database?: string };
  const steps = report.steps ?? [];
  const ran = steps.filter((step) => step.status === 'done').length;
  const outcome = report.outcome === 'done' ? 'migrated' : report.outcome === 'noop' ? 'up to date' : (report.outcome ?? (entry.exitCode === 0 ? 'done' : 'see above'));
  return [entry.service, report.database ?? DASH, server, outcome, steps.length === 0 ? '0' : `${ran}/${steps.length}`, formatMs(report.durationMs)];
}

/** migrate --all as text, after each service's own lines: the table and a summary line. */
export function renderMigrateAll(entries: readonly ServiceEntry[], style: Style): string[] {
  const rows = entries.map(migrateRow);
  const paint = (cell: string, _row: number, column: number) => (column !== 3 ? cell
    : cell === 'migrated' || cell === 'up to date' ? style.ok(cell) : cell === 'blocked' ? style.warning(cell) : style.error(cell));
  const failed = rows.filter((row) => !['migrated', 'up to date'].includes(row[3]!)).length;
  return [...table(['service', 'database', 'server', 'outcome', 'migrations', 'time'], rows, paint), '',
    `${plural(entries.length, 'service')}: ${entries.length - failed} done, ${failed} not.`];
}
