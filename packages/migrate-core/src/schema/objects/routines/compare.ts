import { compareNamed, type Difference } from '../../canonical/difference.js';
import { canonicalType } from '../../canonical/types.js';
import { differsAt, firstDifference, normaliseBody } from '../text.js';
import { createRoutine } from './ddl.js';
import { routineKey, type Routine, type RoutineType } from './model.js';

/** Types in one spelling; a character set or collation one side leaves unsaid is the same. */
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

export function compareRoutines(expected: readonly Routine[], actual: readonly Routine[]): Difference[] {
  const keyed = (list: readonly Routine[]) => list.map((routine) => ({ ...routine, name: routineKey(routine), routine }));
  return compareNamed('routine', undefined, keyed(expected), keyed(actual), {
    show: (item) => createRoutine(item.routine), same: (a, b) => sameRoutine(a.routine, b.routine),
    detail: (a, b) => differsAt(firstDifference(createRoutine(a.routine), createRoutine(b.routine))),
  });
}
