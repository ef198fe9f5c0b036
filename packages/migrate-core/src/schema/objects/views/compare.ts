import { compareNamed, type Difference } from '../../canonical/difference.js';
import { differsAt, firstDifference } from '../text.js';
import type { CanonicalView } from './model.js';

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

/**
 * Views by name: their definitions in one spelling (see normaliseViewDefinition) and their traits (the
 * algorithm only where the catalog reports it: MySQL's does not).
 */
export function compareViews(expected: readonly CanonicalView[], actual: readonly CanonicalView[]): Difference[] {
  return compareNamed('view', undefined, expected, actual, {
    show: describeView,
    same: (a, b) => a.normalized === b.normalized && viewTraits(a, b) === viewTraits(b, b),
    detail: (a, b) => (a.normalized === b.normalized ? `${describeView(a).split(' AS ')[0] || 'defaults'} in migrations, ${describeView(b).split(' AS ')[0] || 'defaults'} in database`
      : differsAt(firstDifference(a.normalized, b.normalized))),
  });
}
