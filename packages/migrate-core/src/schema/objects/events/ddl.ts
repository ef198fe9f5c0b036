import { quoteIdentifier } from '../../../db/identifiers.js';
import { quoteSqlString } from '../../canonical/types.js';
import type { EventSchedule, SqlEvent } from './model.js';

function scheduleSql(schedule: EventSchedule): string {
  if (schedule.kind === 'AT') return `AT ${schedule.at}`;
  const value = /^\d+$/.test(schedule.value) ? schedule.value : quoteSqlString(schedule.value);
  return [`EVERY ${value} ${schedule.unit}`, ...(schedule.starts ? [`STARTS ${schedule.starts}`] : []), ...(schedule.ends ? [`ENDS ${schedule.ends}`] : [])].join(' ');
}

/** `CREATE EVENT` (no DEFINER: it belongs to the user who runs the migration). */
export function createEvent(event: SqlEvent): string {
  return [
    `CREATE EVENT ${quoteIdentifier(event.name)} ON SCHEDULE ${scheduleSql(event.schedule)}`,
    `    ON COMPLETION ${event.preserve ? '' : 'NOT '}PRESERVE ${event.status}`,
    ...(event.comment === '' ? [] : [`    COMMENT ${quoteSqlString(event.comment)}`]),
    `DO ${event.body}`,
  ].join('\n');
}

export function dropEvent(event: Pick<SqlEvent, 'name'>): string {
  return `DROP EVENT ${quoteIdentifier(event.name)}`;
}
