import { readableRows } from '../readable.js';
import type { Trigger } from './model.js';

/** A row of information_schema.TRIGGERS (lower-case aliases). */
export interface TriggerRow {
  trigger_name: string;
  event_manipulation: string;
  event_object_table: string;
  action_order: number | string | null;
  action_statement: string | null;
  action_timing: string;
  /** The connection collation it was created under (its string literals have it). */
  collation_connection?: string | null;
}

export const TRIGGERS_QUERY = `SELECT TRIGGER_NAME AS trigger_name, EVENT_MANIPULATION AS event_manipulation,
    EVENT_OBJECT_TABLE AS event_object_table, ACTION_ORDER AS action_order, ACTION_STATEMENT AS action_statement,
    ACTION_TIMING AS action_timing, COLLATION_CONNECTION AS collation_connection
  FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ? ORDER BY EVENT_OBJECT_TABLE, ACTION_TIMING, EVENT_MANIPULATION, ACTION_ORDER`;

/** The triggers of the catalog rows; those whose body the user may not read are returned apart. */
export function triggersFromRows(rows: readonly TriggerRow[]): { triggers: Trigger[]; unreadable: string[] } {
  const { objects, unreadable } = readableRows(rows, (row) => row.action_statement, (row) => row.trigger_name, (row, body): Trigger => ({
    name: row.trigger_name,
    table: row.event_object_table,
    timing: row.action_timing.toUpperCase() === 'BEFORE' ? 'BEFORE' : 'AFTER',
    event: row.event_manipulation.toUpperCase() as Trigger['event'],
    actionOrder: Number(row.action_order ?? 1),
    body: body.trim(),
  }));
  return { triggers: objects, unreadable };
}
