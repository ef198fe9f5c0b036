// Ledger writes shared by the steps of one round trip. Each step alone commits its ledger row before its
// first statement and its completion after its last: two durable commits per migration, on top of its DDL.
// When recovery by proof can settle every step of a round trip after a crash, the round trip instead begins
// with every step's row in one transaction and ends with every completion in one more:
//
//   rows 1..k (one commit) | step 1's statements | step 2's statements | ... | completions 1..k (one commit)
//
// A row written before its step starts records the same pre-state as one written just before it, and a
// completion held back to the end is proven by the same pre-state, as long as no other step of the round trip
// touches the objects the step's DDL names. So this holds only for steps of DDL alone, which the server runs
// whole or not at all (atomic DDL), naming tables no other step of the round trip names. A data statement
// could write to a table whose DDL ran earlier in the round trip: a statement proven not to have taken effect
// (a TRUNCATE leaves the signature as it was) would then run again after it, so a round trip with data
// statements writes each step's own rows and completions. After a crash the ledger holds several rows
// `running`: the steps that ran are proven done, the others proven not started (src/engine/planner.ts resumes
// them in order).
import type { LedgerWrite } from '../ledger/ledger.js';
import type { Flavor } from '../sql/flavor.js';
import type { PreparedStep } from './executor.js';
import type { StatementPolicy } from './statement-policy.js';
import type { StepItem } from './step-script.js';

type Completion = Extract<LedgerWrite, { kind: 'complete'; direction: 'up' }>;

const isUpCompletion = (item: StepItem): item is { ledgerWrite: Completion } =>
  'ledgerWrite' in item && item.ledgerWrite.kind === 'complete' && item.ledgerWrite.direction === 'up';

/** Whether the steps of `group` (joinable, see together.ts) may share their ledger writes on a server of `flavor`. */
export function canShareLedgerWrites(group: readonly PreparedStep[], policy: StatementPolicy, flavor: Flavor): boolean {
  if (group.length < 2) return false;
  // Which step names each table: by name alone, in any schema and any case, so that two spellings of one table never pass.
  const owner = new Map<string, number>();
  for (const [j, prepared] of group.entries()) {
    const items = prepared.batches[0]?.items ?? [];
    const [begin, first] = items;
    if (prepared.batches.length !== 1 || begin === undefined || !('ledgerWrite' in begin) || begin.ledgerWrite.kind !== 'begin') return false;
    if (first === undefined || !('checkpoint' in first) || !isUpCompletion(items.at(-1)!)) return false;
    for (const statement of prepared.loaded.statements) {
      if (statement.class !== 'ddl' || !policy.atomic(statement, flavor)) return false;
      for (const target of statement.ddl?.targets ?? []) {
        if (target.kind !== 'table') return false;
        const name = target.name.toLowerCase();
        if ((owner.get(name) ?? j) !== j) return false;
        owner.set(name, j);
      }
    }
  }
  return true;
}

/** The round trip of steps that share their ledger writes, and how its items map back to each step's own. */
export interface SharedRoundTrip {
  readonly items: readonly StepItem[];
  /** The atomic item of every step's ledger row (each step's own `begin` item inside it). */
  readonly begins: StepItem;
  /** The atomic item of the completions held back to the end. */
  readonly completions: StepItem;
  /** Per step: its completion held back to the end, with when the step ran. */
  readonly heldBack: readonly Completion[];
  /** An item made for this round trip (a stop point with a time mark, a completion with its span, their atomic item), as the step's own item it stands for. */
  ownItem(item: StepItem): StepItem;
}

/** The time mark of step `j`'s first stop point: when it starts, which is also when step j - 1 ended. */
export const markOf = (j: number) => `t${j}`;

/** The items of a round trip for `group` (canShareLedgerWrites is true), in the order the server runs them. */
export function sharedRoundTrip(group: readonly PreparedStep[]): SharedRoundTrip {
  const standsFor = new Map<StepItem, StepItem>();
  const made = (item: StepItem, own: StepItem): StepItem => {
    standsFor.set(item, own);
    return item;
  };
  const begins: StepItem = { atomic: group.map((prepared) => prepared.batches[0]!.items[0]!) };
  const items: StepItem[] = [begins];
  const heldBack: Completion[] = [];
  const heldItems: StepItem[] = [];
  for (const [j, prepared] of group.entries()) {
    // After its row: its first stop point (marked), its statements and progress, its completion (held back).
    const own = prepared.batches[0]!.items.slice(1, -1);
    const completion = prepared.batches[0]!.items.at(-1)!;
    if (!isUpCompletion(completion)) throw new Error(`${prepared.step.migration.id} does not end with its completion: it cannot share its ledger writes.`);
    own.forEach((item, i) => items.push(i === 0 && 'checkpoint' in item ? made({ ...item, mark: markOf(j) }, item) : item));
    const held: Completion = { ...completion.ledgerWrite, span: { from: markOf(j), ...(j < group.length - 1 ? { to: markOf(j + 1) } : {}) } };
    heldBack.push(held);
    heldItems.push(made({ ledgerWrite: held }, completion));
  }
  const completions: StepItem = { atomic: heldItems };
  items.push(completions);
  return { items, begins, completions, heldBack, ownItem: (item) => standsFor.get(item) ?? item };
}
