// Pure: the snapshot chain of a migrations folder. Each snapshot names the migration it was generated on top of
// (`prevId`); in id order each must follow the one before it. Two branches that each generated a migration on
// the same parent break that, and the later one's SQL misses the other's changes.
import { commandHint } from '../errors.js';
import type { MigrationId } from '../model.js';
import { BASE_ID as BASE } from './files.js';

export interface ChainLink {
  readonly id: MigrationId;
  /** Undefined when the snapshot could not be read (reported elsewhere). */
  readonly prevId: string | undefined;
}

export interface ChainConflict {
  /** The migration whose snapshot does not follow the one before it. */
  readonly id: MigrationId;
  /** What its snapshot says it follows. */
  readonly prevId: string;
  /** The migration before it in id order (or "base"). */
  readonly expected: string;
  /** An earlier migration generated on the same parent, when there is one. */
  readonly sibling?: MigrationId;
}

/**
 * Every migration whose snapshot's prevId is not the migration before it in id order: two snapshots with the
 * same prevId (parallel branches), or a prevId naming a migration that is gone or elsewhere.
 *
 * @example findChainConflicts([{ id: 'A', prevId: 'base' }, { id: 'B', prevId: 'A' }, { id: 'C', prevId: 'A' }])
 *   // [{ id: 'C', prevId: 'A', expected: 'B', sibling: 'B' }]
 */
export function findChainConflicts(chain: readonly ChainLink[]): ChainConflict[] {
  const conflicts: ChainConflict[] = [];
  chain.forEach((link, i) => {
    const expected = i === 0 ? BASE : chain[i - 1]!.id;
    if (link.prevId === undefined || link.prevId === expected) return;
    const sibling = chain.slice(0, i).find((other) => other.prevId === link.prevId)?.id;
    conflicts.push(sibling === undefined ? { id: link.id, prevId: link.prevId, expected } : { id: link.id, prevId: link.prevId, expected, sibling });
  });
  return conflicts;
}

/** "add_orders" from "20261124190000_add_orders", as words for a --name. */
export function nameOfId(id: MigrationId): string {
  return id.replace(/^\d{14}_/, '').replace(/_/g, ' ');
}

/**
 * A message and hint for one conflict; `folder(id)` gives the migration's folder relative to the workspace.
 * The advice never rolls back a migration a database ran: the one no shared environment ran gets a new id on
 * top (`rebase`); one that ran keeps its id (`rebase --keep-id`), and databases missing the other apply it out
 * of order.
 */
export function describeConflict(conflict: ChainConflict, folder: (id: MigrationId) => string, _generate = 'migrate-core generate'): { message: string; hint: string } {
  void folder;
  const message = conflict.sibling !== undefined
    ? `${conflict.id} and ${conflict.sibling} were both generated on top of ${conflict.prevId} (two branches, merged): ${conflict.id}'s snapshot does not include ${conflict.sibling}'s changes.`
    : `${conflict.id} was generated on top of ${conflict.prevId}, but the migration before it is ${conflict.expected}.`;
  const rebase = (id: MigrationId, ...args: string[]) => commandHint('rebase', id, ...args);
  const hint = conflict.sibling !== undefined
    ? `If ${conflict.sibling} has not run in any shared environment, run ${rebase(conflict.sibling)} (it gets a new id after the latest, its snapshot rebuilt on top). ` +
      `Otherwise, if ${conflict.id} has not, run ${rebase(conflict.id)}. If both have run somewhere, run ${rebase(conflict.id, '--keep-id')}, ` +
      `then apply ${conflict.sibling} where it is missing with ${commandHint('migrate', '--allow-out-of-order')}. Never roll back a deployed migration for this.`
    : `Run ${rebase(conflict.id)} to put it on top of ${conflict.expected} (or ${rebase(conflict.id, '--keep-id')} if a shared environment ran it).`;
  return { message, hint };
}
