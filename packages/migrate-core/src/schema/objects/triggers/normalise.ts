import { TokenCursor } from '../tokens.js';
import type { Trigger } from './model.js';

/**
 * A trigger from its CREATE TRIGGER statement:
 * `CREATE [OR REPLACE] [DEFINER=...] TRIGGER [IF NOT EXISTS] name {BEFORE|AFTER} {INSERT|UPDATE|DELETE} ON table
 * FOR EACH ROW [{FOLLOWS|PRECEDES} other] body`. Throws an Error naming the line of what it cannot read.
 */
export function parseTrigger(sql: string): Trigger {
  const c = new TokenCursor(sql);
  const { name } = c.createHeader('TRIGGER');
  const timing = c.accept('BEFORE') ? 'BEFORE' : c.accept('AFTER') ? 'AFTER' : undefined;
  if (timing === undefined) throw c.error('BEFORE or AFTER');
  const event = (['INSERT', 'UPDATE', 'DELETE'] as const).find((word) => c.accept(word));
  if (event === undefined) throw c.error('INSERT, UPDATE or DELETE');
  c.expect('ON');
  const table = c.name();
  c.expect('FOR', 'EACH', 'ROW');
  const kind = c.accept('FOLLOWS') ? 'FOLLOWS' : c.accept('PRECEDES') ? 'PRECEDES' : undefined;
  const order = kind === undefined ? undefined : { kind, other: c.name() } as const;
  const body = c.rest();
  if (body === '') throw c.error('the trigger body');
  return { name, table, timing, event, ...(order ? { order } : {}), body };
}
