// The whole diff between two states of a service's schema: drizzle-kit's statements for tables and views,
// decorated with the objects model and merged with the statements for the objects drizzle cannot express.
import { diffSnapshots, type DiffInput, type DiffOutcome } from '../drizzle/diff.js';
import type { Kit } from '../drizzle/kit.js';
import type { KitSnapshot } from '../drizzle/kit-snapshot.js';
import { renameStatements } from '../drizzle/renames.js';
import { decorateStatements } from './decorate.js';
import { objectStatements } from './diff.js';
import type { ObjectsModel } from './model.js';
import { applyObjectRenames } from './renames.js';
import { orderViews } from './views/order.js';

export interface SchemaDiffInput extends DiffInput {
  readonly prevObjects: ObjectsModel;
  readonly nextObjects: ObjectsModel;
}

const VIEW_NAME = /^(?:CREATE|ALTER)\b[\s\S]*?\bVIEW `((?:[^`]|``)+)`/;
const DROP_VIEW = /^DROP VIEW\b/i;
const MODIFY = /^ALTER TABLE `((?:[^`]|``)+)` MODIFY COLUMN `((?:[^`]|``)+)`/;

/** drizzle-kit's statements of one direction merged with the objects' (from -> to). */
function compose(statements: readonly string[], from: ObjectsModel, to: ObjectsModel, fromKit: KitSnapshot, toKit: KitSnapshot): string[] {
  const decorated = decorateStatements(statements, toKit, to);
  const views = decorated.filter((sql) => VIEW_NAME.test(sql));
  const drops = decorated.filter((sql) => DROP_VIEW.test(sql));
  const rest = decorated.filter((sql) => !VIEW_NAME.test(sql) && !DROP_VIEW.test(sql));
  const modified = new Set(rest.map((sql) => MODIFY.exec(sql)).filter((m) => m !== null).map((m) => `${m[1]}\0${m[2]}`));
  const objects = objectStatements(from, to, fromKit, toKit, modified);
  const named = views.map((sql) => {
    const name = VIEW_NAME.exec(sql)![1]!.replace(/``/g, '`');
    return { name, definition: String(toKit.views[name]?.['definition'] ?? ''), sql };
  });
  return [...drops, ...objects.before, ...rest, ...objects.after, ...orderViews(named).map((view) => view.sql), ...objects.last];
}

/**
 * Up and down SQL for prev -> next, tables and views by drizzle-kit (see diffSnapshots), the rest from the
 * objects models. Renames keep their place: first in up, last in down.
 */
export async function diffSchema(kit: Pick<Kit, 'diff'>, input: SchemaDiffInput): Promise<DiffOutcome> {
  const drizzle = await diffSnapshots(kit, input);
  if (!drizzle.ok) return drizzle;
  const base = applyObjectRenames(input.prevObjects, input.renames);
  const [upRenames, downRenames] = [renameStatements(input.renames, 'up').length, renameStatements(input.renames, 'down').length];
  const up = [...drizzle.up.slice(0, upRenames),
    ...compose(drizzle.up.slice(upRenames), base, input.nextObjects, drizzle.base, input.next)];
  const down = [...compose(drizzle.down.slice(0, drizzle.down.length - downRenames), input.nextObjects, base, input.next, drizzle.base),
    ...drizzle.down.slice(drizzle.down.length - downRenames)];
  return { ok: true, up, down, base: drizzle.base };
}
