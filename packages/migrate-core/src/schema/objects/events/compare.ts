import { compareNamed, type Difference } from '../../canonical/difference.js';
import { differsAt, firstDifference, normaliseBody } from '../text.js';
import { createEvent } from './ddl.js';
import type { SqlEvent } from './model.js';

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

export function compareEvents(expected: readonly SqlEvent[], actual: readonly SqlEvent[]): Difference[] {
  return compareNamed('event', undefined, expected, actual, {
    show: createEvent, same: sameEvent, detail: (a, b) => differsAt(firstDifference(createEvent(a), createEvent(b))),
  });
}
