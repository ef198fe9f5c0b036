import { compareNamed, type Difference } from '../../canonical/difference.js';
import { differsAt, firstDifference, normaliseBody } from '../text.js';
import { createTrigger } from './ddl.js';
import type { Trigger } from './model.js';

/** Same table, timing, event and body (blanks, comments and literal spellings aside). */
export const sameTrigger = (a: Trigger, b: Trigger) => a.table === b.table && a.timing === b.timing && a.event === b.event && normaliseBody(a.body) === normaliseBody(b.body);

export function compareTriggers(expected: readonly Trigger[], actual: readonly Trigger[]): Difference[] {
  return compareNamed('trigger', undefined, expected, actual, {
    show: createTrigger, same: sameTrigger, tableOf: (trigger) => trigger.table,
    detail: (a, b) => differsAt(firstDifference(createTrigger(a), createTrigger(b))),
  });
}
