// One card per service: where it stands (up to date, pending, dirty, error), its timeline, its ER diagram.
import type { CanonicalSchema } from '../schema/canonical/model.js';
import {
  classifyDocument, describeDirtyState, fleetDriftOf, lastApplied, pendingCount, serviceState, shortTime,
  type ErrorDocument, type FleetDocument, type FleetDriftDocument, type ServiceState, type StatusDocument,
} from './documents.js';
import { erDiagram } from './er-svg.js';
import { html, type Html } from './escape.js';
import { timeline } from './timeline.js';

/** A service as the page shows it. */
export interface ReportService {
  readonly name: string;
  /** Where its database is (a display URL: never a password); null when unknown. */
  readonly server: string | null;
  /** Its `status --json` document: one database's, a fleet's, or the error that kept it from reporting. */
  readonly document: Record<string, unknown>;
  /** Its `drift --json` document, when drift was asked for. */
  readonly drift?: Record<string, unknown> | undefined;
  /** Its schema after its newest migration (from that migration's snapshot), or why it could not be read. */
  readonly schema: { readonly after: string; readonly tables: CanonicalSchema; readonly note?: string } | { readonly problem: string } | null;
}

const STATE_TEXT: Record<ServiceState, string> = { 'up-to-date': 'up to date', pending: 'pending', dirty: 'dirty', error: 'error' };

function badge(state: ServiceState, count?: number): Html {
  const text = state === 'pending' && count !== undefined ? `${count} pending` : STATE_TEXT[state];
  return html`<span class="badge ${state}">${text}</span>`;
}

function facts(pairs: ReadonlyArray<readonly [string, unknown]>): Html {
  return html`<dl class="facts">${pairs.map(([term, value]) => html`<div><dt>${term}</dt><dd>${value === null || value === undefined || value === '' ? '-' : value}</dd></div>`)}</dl>`;
}

/** A fleet's drift: which databases drifted from their migrations, and which could not be checked. */
function fleetDriftLine(drift: FleetDriftDocument): Html {
  const { total, noop } = drift.summary;
  if (noop === total) return html`<p class="drift ok">Drift: the live schema of all ${total} databases matches their migrations.</p>`;
  const named = (outcome: string) => drift.databases.filter((entry) => entry.outcome === outcome).map((entry) => entry.database);
  const [drifted, unread] = [named('blocked'), [...named('failed'), ...named('skipped')]];
  const list = (names: readonly string[]) => `${names.slice(0, 20).join(', ')}${names.length > 20 ? `, and ${names.length - 20} more` : ''}`;
  return html`<div class="drift warn"><p>Drift: ${noop} of ${total} databases in sync.</p><ul>${[
    ...(drifted.length > 0 ? [html`<li>drifted: ${list(drifted)}</li>`] : []),
    ...(unread.length > 0 ? [html`<li>could not be checked: ${list(unread)}</li>`] : []),
  ]}</ul></div>`;
}

function driftLine(drift: Record<string, unknown> | undefined): Html {
  if (drift === undefined) return html``;
  if (drift.ok === false) return html`<p class="drift error">Drift could not be checked: ${(drift.error as { message?: string }).message}</p>`;
  const fleet = fleetDriftOf(drift);
  if (fleet !== undefined) return fleetDriftLine(fleet);
  const differences = Array.isArray(drift.differences) ? (drift.differences as Array<{ message: string }>) : [];
  if (drift.inSync === true) return html`<p class="drift ok">Drift: the live schema matches ${drift.against ?? 'an empty schema'}.</p>`;
  return html`<div class="drift warn"><p>Drift: ${differences.length} difference${differences.length === 1 ? '' : 's'} from ${drift.against ?? 'an empty schema'}${drift.reliable === false ? ' (unreliable)' : ''}.</p><ul>${differences.slice(0, 20).map((difference) => html`<li>${difference.message}</li>`)}</ul></div>`;
}

function schemaFigure(service: ReportService, index: number): Html {
  const { schema } = service;
  if (schema === null) return html`<p class="muted">No migrations, so no schema yet.</p>`;
  if ('problem' in schema) return html`<p class="muted">No diagram: ${schema.problem}.</p>`;
  return html`<figure class="schema"><figcaption>Schema after <code>${schema.after}</code>: ${schema.tables.tables.length} table${schema.tables.tables.length === 1 ? '' : 's'}${schema.note ? ` (${schema.note})` : ''}</figcaption><div class="scroll">${erDiagram(schema.tables, `ER diagram of ${service.name}`, `er-${index}`)}</div></figure>`;
}

function databaseBody(service: ReportService, status: StatusDocument): Html {
  const issues = status.issues.length === 0 ? html``
    : html`<ul class="issues">${status.issues.map((issue) => html`<li><strong>${issue.code}</strong> ${issue.message}${issue.hint ? html`<br><span class="hint">next: ${issue.hint}</span>` : ''}</li>`)}</ul>`;
  return html`${facts([['database', status.database], ['server', service.server], ['current', status.current ?? '(none)'], ['pending', status.pending.length],
    ['dirty', status.dirty === null ? 'no' : describeDirtyState(status.dirty)], ['last applied', shortTime(lastApplied(status))], ['ledger', status.ledgerTable]])}${issues}<h3>Timeline</h3>${timeline(status)}`;
}

function fleetBody(service: ReportService, fleet: FleetDocument): Html {
  const { summary } = fleet;
  const rows = fleet.databases.map((member) => {
    const error = typeof member.error === 'string' ? member.error : member.error?.message;
    const dirty = member.dirty !== null && member.dirty !== false;
    const state = error ? 'error' : dirty ? 'dirty' : pendingCount(member) > 0 ? 'pending' : 'up-to-date';
    return html`<tr class="${state}"><td>${member.database}</td><td>${member.current ?? '(none)'}</td><td>${pendingCount(member)}</td><td>${error ?? (dirty ? 'dirty' : '')}</td></tr>`;
  });
  return html`${facts([['databases', summary.total], ['server', service.server], ['up to date', summary.upToDate], ['pending', summary.pending], ['dirty', summary.dirty], ['failed', summary.failed], ['unreachable', summary.unreachable]])}<details${fleet.databases.length <= 20 ? html` open` : ''}><summary>Members</summary><table class="members"><thead><tr><th>database</th><th>current</th><th>pending</th><th>problem</th></tr></thead><tbody>${rows}</tbody></table></details>`;
}

function errorBody(service: ReportService, failure: ErrorDocument): Html {
  return html`${facts([['server', service.server]])}<div class="error-box"><p><strong>${failure.error.code}</strong></p><pre>${failure.error.message}</pre>${failure.error.hint ? html`<p class="hint">next: ${failure.error.hint}</p>` : ''}</div>`;
}

/** The card of `service`; `index` makes its element ids unique on the page. */
export function serviceCard(service: ReportService, index: number): Html {
  const found = classifyDocument(service.document);
  const state = serviceState(found);
  const count = found.kind === 'database' ? found.document.pending.length : found.kind === 'fleet' ? found.document.summary.pending : undefined;
  const body = found.kind === 'database' ? databaseBody(service, found.document) : found.kind === 'fleet' ? fleetBody(service, found.document) : errorBody(service, found.document);
  return html`<section class="card ${state}" id="service-${index}" data-service="${service.name}" data-state="${state}"><header><h2>${service.name}</h2>${badge(state, count)}${found.kind === 'fleet' ? html`<span class="badge fleet">fleet</span>` : ''}</header>${body}${driftLine(service.drift)}${schemaFigure(service, index)}</section>`;
}
