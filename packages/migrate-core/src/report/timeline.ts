// A service's migrations in order: applied (with when and how long), the dirty one, pending ones.
import { html, type Html } from './escape.js';
import { shortTime, type StatusDocument } from './documents.js';

interface Mark {
  readonly id: string;
  readonly state: 'applied' | 'dirty' | 'pending';
  readonly detail: string;
}

const ms = (value: number | null) => (value === null ? '' : value < 1000 ? `${Math.round(value)} ms` : `${(value / 1000).toFixed(2)} s`);

function marksOf(status: StatusDocument): Mark[] {
  const applied = new Set(status.applied.map((row) => row.id));
  const dirty = status.dirty;
  const marks: Mark[] = [
    ...status.applied.map((row): Mark => ({ id: row.id, state: 'applied', detail: [shortTime(row.appliedAt), ms(row.durationMs)].filter(Boolean).join(' · ') })),
    ...(dirty !== null && !applied.has(dirty.id)
      ? [{ id: dirty.id, state: 'dirty' as const, detail: `${dirty.state} (${dirty.direction}) at statement ${dirty.statement}/${dirty.statements}: ${dirty.error}` }] : []),
    ...status.pending.filter((row) => row.id !== dirty?.id).map((row): Mark => ({ id: row.id, state: 'pending', detail: 'pending' })),
  ];
  return marks.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The timeline of one database's migrations; the current one is marked. Long histories fold their older part. */
export function timeline(status: StatusDocument): Html {
  const marks = marksOf(status);
  if (marks.length === 0) return html`<p class="muted">No migrations yet.</p>`;
  const item = (mark: Mark) =>
    html`<li class="mark ${mark.state}${mark.id === status.current ? ' current' : ''}" data-migration="${mark.id}"><span class="dot"></span><code>${mark.id}</code><span class="when">${mark.detail}</span>${mark.id === status.current ? html`<span class="tag">current</span>` : ''}</li>`;
  const KEEP = 12;
  if (marks.length <= KEEP) return html`<ol class="timeline">${marks.map(item)}</ol>`;
  const older = marks.slice(0, marks.length - KEEP);
  return html`<details class="older"><summary>${older.length} earlier migrations</summary><ol class="timeline">${older.map(item)}</ol></details><ol class="timeline">${marks.slice(-KEEP).map(item)}</ol>`;
}
