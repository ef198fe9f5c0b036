import { quoteIdentifier } from '../../../db/identifiers.js';
import type { Trigger } from './model.js';

/** `CREATE TRIGGER` for a trigger (no DEFINER: it belongs to the user who runs the migration). */
export function createTrigger(trigger: Trigger): string {
  const order = trigger.order ? ` ${trigger.order.kind} ${quoteIdentifier(trigger.order.other)}` : '';
  return `CREATE TRIGGER ${quoteIdentifier(trigger.name)} ${trigger.timing} ${trigger.event} ON ${quoteIdentifier(trigger.table)} FOR EACH ROW${order} ${trigger.body}`;
}

export function dropTrigger(trigger: Pick<Trigger, 'name'>): string {
  return `DROP TRIGGER ${quoteIdentifier(trigger.name)}`;
}

/**
 * Triggers in the order to create them: by table, timing, event and their order among those (the server keeps
 * creation order), a trigger that FOLLOWS or PRECEDES another after that one.
 */
export function creationOrder(triggers: readonly Trigger[]): Trigger[] {
  const key = (t: Trigger) => `${t.table}\0${t.timing}\0${t.event}`;
  const sorted = [...triggers].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : (a.actionOrder ?? 0) - (b.actionOrder ?? 0)));
  const names = new Set(sorted.map((t) => t.name));
  const out: Trigger[] = [];
  const done = new Set<string>();
  while (out.length < sorted.length) {
    const next = sorted.find((t) => !done.has(t.name) && (t.order === undefined || !names.has(t.order.other) || done.has(t.order.other)))
      ?? sorted.find((t) => !done.has(t.name))!;
    done.add(next.name);
    out.push(next);
  }
  return out;
}
