import { TokenCursor } from '../tokens.js';
import type { EventSchedule, SqlEvent } from './model.js';

/** Words that end a time expression of the schedule. */
const STOP = new Set(['STARTS', 'ENDS', 'ON', 'ENABLE', 'DISABLE', 'COMMENT', 'DO']);

/** The text of a time expression (`'2026-01-01'`, `CURRENT_TIMESTAMP + INTERVAL 1 DAY`) up to the next clause. */
function timeText(c: TokenCursor): string {
  const start = c.offset();
  let depth = 0;
  while (c.peek() !== undefined && (depth > 0 || !(c.peek()!.kind === 'word' && STOP.has(c.peek()!.value)))) {
    const token = c.next();
    if (token.text === '(') depth++;
    if (token.text === ')') depth--;
  }
  const text = c.text.slice(start, c.offset()).trim();
  if (text === '') throw c.error('a time');
  return text;
}

function schedule(c: TokenCursor): EventSchedule {
  c.expect('ON', 'SCHEDULE');
  if (c.accept('AT')) return { kind: 'AT', at: timeText(c) };
  c.expect('EVERY');
  const value = c.next();
  const unit = c.next().value;
  const starts = c.accept('STARTS') ? timeText(c) : undefined;
  const ends = c.accept('ENDS') ? timeText(c) : undefined;
  return { kind: 'EVERY', value: value.kind === 'string' ? value.value : value.text, unit, ...(starts ? { starts } : {}), ...(ends ? { ends } : {}) };
}

/**
 * An event from its CREATE EVENT statement: `CREATE [OR REPLACE] [DEFINER=...] EVENT [IF NOT EXISTS] name ON
 * SCHEDULE {AT time | EVERY n unit [STARTS time] [ENDS time]} [ON COMPLETION [NOT] PRESERVE] [ENABLE | DISABLE
 * | DISABLE ON SLAVE] [COMMENT '...'] DO body`. Throws an Error naming the line.
 */
export function parseEvent(sql: string): SqlEvent {
  const c = new TokenCursor(sql);
  const { name } = c.createHeader('EVENT');
  const when = schedule(c);
  let preserve = false;
  if (c.accept('ON', 'COMPLETION')) {
    preserve = !c.accept('NOT');
    c.expect('PRESERVE');
  }
  let status: SqlEvent['status'] = 'ENABLE';
  if (c.accept('ENABLE')) status = 'ENABLE';
  else if (c.accept('DISABLE', 'ON', 'SLAVE') || c.accept('DISABLE', 'ON', 'REPLICA')) status = 'DISABLE ON SLAVE';
  else if (c.accept('DISABLE')) status = 'DISABLE';
  const comment = c.accept('COMMENT') ? c.next().value : '';
  c.expect('DO');
  const body = c.rest();
  if (body === '') throw c.error('the event body');
  return { name, schedule: when, preserve, status, comment, body };
}
