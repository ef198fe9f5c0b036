import { quoteSqlString } from '../../canonical/types.js';
import { readableRows } from '../readable.js';
import type { SqlEvent } from './model.js';

export interface EventRow {
  event_name: string;
  event_definition: string | null;
  event_type: string;
  execute_at: string | null;
  interval_value: string | null;
  interval_field: string | null;
  starts: string | null;
  ends: string | null;
  status: string;
  on_completion: string;
  event_comment: string | null;
  /** The connection collation it was created under (its string literals have it). */
  collation_connection?: string | null;
}

/** Times as text (`2026-01-01 00:00:00`), whatever the driver does with DATETIME values. */
export const EVENTS_QUERY = `SELECT EVENT_NAME AS event_name, EVENT_DEFINITION AS event_definition, EVENT_TYPE AS event_type,
    DATE_FORMAT(EXECUTE_AT, '%Y-%m-%d %H:%i:%s') AS execute_at, INTERVAL_VALUE AS interval_value, INTERVAL_FIELD AS interval_field,
    DATE_FORMAT(STARTS, '%Y-%m-%d %H:%i:%s') AS starts, DATE_FORMAT(ENDS, '%Y-%m-%d %H:%i:%s') AS ends, STATUS AS status,
    ON_COMPLETION AS on_completion, EVENT_COMMENT AS event_comment, COLLATION_CONNECTION AS collation_connection
  FROM information_schema.EVENTS WHERE EVENT_SCHEMA = ? ORDER BY EVENT_NAME`;

const STATUS: Record<string, SqlEvent['status']> = { ENABLED: 'ENABLE', DISABLED: 'DISABLE', SLAVESIDE_DISABLED: 'DISABLE ON SLAVE', REPLICA_SIDE_DISABLED: 'DISABLE ON SLAVE' };

/** The events of the catalog rows; those whose body the user may not read are returned apart. */
export function eventsFromRows(rows: readonly EventRow[]): { events: SqlEvent[]; unreadable: string[] } {
  const { objects, unreadable } = readableRows(rows, (row) => row.event_definition, (row) => row.event_name, (row, body): SqlEvent => ({
    name: row.event_name,
    schedule: row.event_type.toUpperCase() === 'RECURRING'
      ? { kind: 'EVERY', value: String(row.interval_value ?? '1').replace(/^'|'$/g, ''), unit: (row.interval_field ?? 'DAY').toUpperCase(),
        ...(row.starts ? { starts: quoteSqlString(row.starts) } : {}), ...(row.ends ? { ends: quoteSqlString(row.ends) } : {}) }
      : { kind: 'AT', at: quoteSqlString(row.execute_at ?? '') },
    preserve: row.on_completion.toUpperCase() === 'PRESERVE',
    status: STATUS[row.status.toUpperCase()] ?? 'ENABLE',
    comment: row.event_comment ?? '',
    body: body.trim(),
  }));
  return { events: objects, unreadable };
}
