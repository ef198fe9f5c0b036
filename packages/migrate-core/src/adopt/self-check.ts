// Before adopt writes an object it checks its own reading of it against the server's: it emits the object's
// CREATE statement from what it read in information_schema, reads that back, and compares it with the server's
// own SHOW CREATE. An object that does not match is not written (it would be wrong DDL): it is listed as
// unsupported, with where the two texts part. information_schema shows bodies and view definitions without
// the charset introducers of their literals (`_latin1'a'` as `'a'`); where that is the only difference, the
// text of SHOW CREATE, which has them, is the one adopted.
import type { Session } from '../db/session.js';
import { quoteIdentifier } from '../db/identifiers.js';
import type { Unmodelled } from '../schema/objects/unmodelled.js';
import type { CanonicalSchema, CanonicalTable } from '../schema/canonical/model.js';
import { sameEvent } from '../schema/objects/events/compare.js';
import { sameRoutine } from '../schema/objects/routines/compare.js';
import { sameTrigger } from '../schema/objects/triggers/compare.js';
import { createEvent } from '../schema/objects/events/ddl.js';
import { parseEvent } from '../schema/objects/events/normalise.js';
import { createRoutine } from '../schema/objects/routines/ddl.js';
import { parseRoutine } from '../schema/objects/routines/normalise.js';
import { firstDifference } from '../schema/objects/text.js';
import { createTrigger } from '../schema/objects/triggers/ddl.js';
import { parseTrigger } from '../schema/objects/triggers/normalise.js';
import { canonicalView, stripDatabase } from '../schema/objects/views/normalise.js';
import { tableChecks } from './self-check-table.js';

export interface SelfCheck {
  /** The schema without what failed the check. */
  readonly schema: CanonicalSchema;
  readonly unsupported: readonly Unmodelled[];
}

async function showCreate(session: Session, what: string, name: string, column: string): Promise<string> {
  const rows = await session.query<Array<Record<string, string | null>>>(`SHOW CREATE ${what} ${quoteIdentifier(name)}`);
  const text = rows[0]?.[column];
  if (typeof text !== 'string') throw new Error(`SHOW CREATE ${what} returned no ${column} (missing privilege?)`);
  return text;
}

/**
 * Compares our CREATE (read back) and the server's (read) with `same`: the model with the body of the server's
 * text, or the reason they differ.
 */
function checked<T extends { body: string }>(ours: string, theirs: string, parse: (sql: string) => T, same: (a: T, b: T) => boolean, model: T): T | string {
  try {
    const [a, b] = [parse(ours), parse(theirs)];
    if (same(a, model) && same(b, model)) return { ...model, body: b.body };
  } catch (error) {
    return `its CREATE statement could not be read back (${(error as Error).message})`;
  }
  return `what information_schema says differs from SHOW CREATE at ${firstDifference(ours, theirs) ?? 'a detail'}`;
}

/**
 * Checks every trigger, routine, event, view and table of `schema` against the server's SHOW CREATE; returns
 * the schema without the ones that fail, and those as unsupported.
 */
export async function selfCheck(session: Session, schema: CanonicalSchema): Promise<SelfCheck> {
  const unsupported: Unmodelled[] = [];
  const fail = (kind: string, name: string, reason: string) => unsupported.push({ kind, name, reason });
  /** The items that pass `check` (as it returns them); a string is why one fails. */
  const keep = async <T>(kind: string, items: readonly T[], name: (item: T) => string, check: (item: T) => Promise<T | string>): Promise<T[]> => {
    const kept: T[] = [];
    for (const item of items) {
      const result = await check(item).catch((error: Error) => `SHOW CREATE failed (${error.message})`);
      if (typeof result === 'string') fail(kind, name(item), result);
      else kept.push(result);
    }
    return kept;
  };
  const triggers = await keep('trigger', schema.triggers ?? [], (t) => t.name, async (t) =>
    checked(createTrigger(t), await showCreate(session, 'TRIGGER', t.name, 'SQL Original Statement'), parseTrigger, sameTrigger, t));
  const routines = await keep('routine', schema.routines ?? [], (r) => `${r.kind.toLowerCase()} ${r.name}`, async (r) => {
    const column = r.kind === 'PROCEDURE' ? 'Create Procedure' : 'Create Function';
    return checked(createRoutine(r), await showCreate(session, r.kind, r.name, column), parseRoutine, sameRoutine, r);
  });
  const events = await keep('event', schema.events ?? [], (e) => e.name, async (e) =>
    checked(createEvent(e), await showCreate(session, 'EVENT', e.name, 'Create Event'), parseEvent, sameEvent, e));
  const objects = new Set([...schema.tables.map((table) => table.name), ...schema.views.map((view) => view.name), ...routines.map((r) => r.name)]);
  const views = await keep('view', schema.views, (v) => v.name, async (v) => {
    const text = await showCreate(session, 'VIEW', v.name, 'Create View');
    const definition = /\bVIEW\s+`(?:[^`]|``)+`\s+AS\s+([\s\S]*?)(?:\s+WITH\s+(?:CASCADED|LOCAL)\s+CHECK\s+OPTION)?$/i.exec(text)?.[1] ?? '';
    const theirs = canonicalView({ name: v.name, definition: stripDatabase(definition, session.database, objects) });
    return theirs.normalized === v.normalized ? { ...v, definition: theirs.definition }
      : `its definition differs from SHOW CREATE VIEW at ${firstDifference(v.normalized, theirs.normalized)}`;
  });
  const tables: CanonicalTable[] = [];
  for (const table of schema.tables) {
    const text = await showCreate(session, 'TABLE', table.name, 'Create Table').catch(() => undefined);
    const checked = text === undefined ? { table, problems: [] } : tableChecks(table, text);
    for (const problem of checked.problems) fail(problem.kind, problem.name, problem.reason);
    tables.push(checked.table);
  }
  return { schema: { ...schema, tables, views, triggers, routines, events }, unsupported };
}
