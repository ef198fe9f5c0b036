import { difference, type Difference } from '../../canonical/difference.js';
import { differsAt, firstDifference } from '../text.js';
import { normalisePartitioning } from './normalise.js';

/** A table's PARTITION BY clauses, compared in one spelling (see normalisePartitioning). */
export function comparePartitioning(table: string, expected: string | undefined, actual: string | undefined): Difference[] {
  if (expected === undefined && actual === undefined) return [];
  if (expected !== undefined && actual !== undefined && normalisePartitioning(expected) === normalisePartitioning(actual)) return [];
  const detail = expected !== undefined && actual !== undefined ? differsAt(firstDifference(normalisePartitioning(expected), normalisePartitioning(actual))) : undefined;
  return [difference('partitioning', table, undefined, expected, actual, detail)];
}
