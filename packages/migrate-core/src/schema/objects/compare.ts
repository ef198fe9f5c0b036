// Views, triggers, routines, events and partitioning compared, each by what it does: bodies without layout,
// types in one spelling, and what the schema leaves unsaid (a parameter's character set) taken as equal.
import { canonicalType } from '../canonical/types.js';
import { compareNamed, difference, type Difference } from '../canonical/difference.js';
import { createEvent } from './events/ddl.js';
import type { SqlEvent } from './events/model.js';
import { normalisePartitioning } from './partitions/normalise.js';
import { createRoutine } from './routines/ddl.js';
import { routineKey, type Routine, type RoutineType } from './routines/model.js';
import { firstDifference, normaliseBody } from './text.js';
import { createTrigger } from './triggers/ddl.js';
import type { Trigger } from './triggers/model.js';
import type { CanonicalView } from './views/model.js';

const where = (detail: string | undefined) => (detail === undefined ? 'differs' : `differs at ${detail}`);

function sameType(a: RoutineType, b: RoutineType): boolean {
  return canonicalType(a.type) === canonicalType(b.type)
    && (a.charset === undefined || b.charset === undefined || a.charset === b.charset)
    && (a.collation === undefined || b.collation === undefined || a.collation === b.collation);
}

export function sameRoutine(a: Routine, b: Routine): boolean {
  return a.parameters.length === b.parameters.length
    && a.parameters.every((p, i) => p.name.toLowerCase() === b.parameters[i]!.name.toLowerCase() && p.mode === b.parameters[i]!.mode && sameType(p, b.parameters[i]!))
    && (a.returns === undefined) === (b.returns === undefined) && (a.returns === undefined || sameType(a.returns, b.returns!))
    && a.deterministic === b.deterministic && a.dataAccess === b.dataAccess && a.security === b.security && a.comment === b.comment
    && normaliseBody(a.body) === normaliseBody(b.body);
}

const literal = (text: string | undefined) => text !== undefined && /^'[^']*'$/.test(text.trim());

/** Times are compared only where the schema gives a literal (`NOW() + INTERVAL 1 DAY` has no fixed value). */
export function sameEvent(a: SqlEvent, b: SqlEvent): boolean {
  const s = a.schedule;
  const t = b.schedule;
  const time = (x: string | undefined, y: string | undefined) => !literal(x) || x!.trim() === y?.trim();
  const schedule = s.kind === 'AT' ? t.kind === 'AT' && time(s.at, t.at)
    : t.kind === 'EVERY' && s.value.replace(/'/g, '') === t.value.replace(/'/g, '') && s.unit === t.unit && time(s.starts, t.starts) && time(s.ends, t.ends);
  return schedule && a.preserve === b.preserve && a.status === b.status && a.comment === b.comment && normaliseBody(a.body) === normaliseBody(b.body);
}

export const sameTrigger = (a: Trigger, b: Trigger) => a.table === b.table && a.timing === b.timing && a.event === b.event && normaliseBody(a.body) === normaliseBody(b.body);

export function compareTriggers(expected: readonly Trigger[], actual: readonly Trigger[]): Difference[] {
  return compareNamed('trigger', undefined, expected, actual, {
    show: createTrigger, same: sameTrigger, tableOf: (trigger) => trigger.table,
    detail: (a, b) => where(firstDifference(createTrigger(a), createTrigger(b))),
  });
}

export function compareRoutines(expected: readonly Routine[], actual: readonly Routine[]): Difference[] {
  const keyed = (list: readonly Routine[]) => list.map((routine) => ({ ...routine, name: routineKey(routine), routine }));
  return compareNamed('routine', undefined, keyed(expected), keyed(actual), {
    show: (item) => createRoutine(item.routine), same: (a, b) => sameRoutine(a.routine, b.routine),
    detail: (a, b) => where(firstDifference(createRoutine(a.routine), createRoutine(b.routine))),
  });
}

export function compareEvents(expected: readonly SqlEvent[], actual: readonly SqlEvent[]): Difference[] {
  return compareNamed('event', undefined, expected, actual, {
    show: createEvent, same: sameEvent, detail: (a, b) => where(firstDifference(createEvent(a), createEvent(b))),
  });
}

/** What the server does with a view that does not say: UNDEFINED algorithm, SQL SECURITY DEFINER, no check option. */
function viewTraits(view: CanonicalView, other: CanonicalView): string {
  const algorithm = other.algorithm === undefined ? '' : (view.algorithm ?? 'UNDEFINED');
  return `${algorithm}|${view.security ?? 'DEFINER'}|${view.checkOption ?? 'NONE'}`;
}

function describeView(view: CanonicalView): string {
  const traits = [view.algorithm && view.algorithm !== 'UNDEFINED' ? `ALGORITHM=${view.algorithm}` : '', view.security === 'INVOKER' ? 'SQL SECURITY INVOKER' : '',
    view.checkOption && view.checkOption !== 'NONE' ? `WITH ${view.checkOption} CHECK OPTION` : ''].filter((text) => text !== '');
  return `${traits.join(' ')}${traits.length ? ' ' : ''}AS ${view.definition}`;
}

export function compareViews(expected: readonly CanonicalView[], actual: readonly CanonicalView[]): Difference[] {
  return compareNamed('view', undefined, expected, actual, {
    show: describeView,
    same: (a, b) => a.normalized === b.normalized && viewTraits(a, b) === viewTraits(b, b),
    detail: (a, b) => (a.normalized === b.normalized ? `${describeView(a).split(' AS ')[0] || 'defaults'} in migrations, ${describeView(b).split(' AS ')[0] || 'defaults'} in database`
      : where(firstDifference(a.normalized, b.normalized))),
  });
}

export function comparePartitioning(table: string, expected: string | undefined, actual: string | undefined): Difference[] {
  if (expected === undefined && actual === undefined) return [];
  if (expected !== undefined && actual !== undefined && normalisePartitioning(expected) === normalisePartitioning(actual)) return [];
  const detail = expected !== undefined && actual !== undefined ? where(firstDifference(normalisePartitioning(expected), normalisePartitioning(actual))) : undefined;
  return [difference('partitioning', table, undefined, expected, actual, detail)];
}
