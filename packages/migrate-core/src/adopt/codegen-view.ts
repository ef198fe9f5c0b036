import type { CanonicalView } from '../schema/canonical/model.js';
import { columnCode, type CodeNeeds } from './codegen-column.js';
import { columnKeys, propertyKey, templateBody, tsString } from './names.js';

/** What view code needs from the file's context. */
export interface ViewContext {
  readonly variables: ReadonlyMap<string, string>;
  readonly needs: CodeNeeds;
}

/** A view's trait as drizzle-orm spells it (`.algorithm('merge')`), when it is not the server's default. */
function traits(view: CanonicalView): string {
  const algorithm = view.algorithm && view.algorithm !== 'UNDEFINED' ? `.algorithm(${tsString(view.algorithm.toLowerCase())})` : '';
  const security = view.security === 'INVOKER' ? ".sqlSecurity('invoker')" : '';
  const check = view.checkOption && view.checkOption !== 'NONE' ? `.withCheckOption(${tsString(view.checkOption.toLowerCase())})` : '';
  return `${algorithm}${security}${check}`;
}

/**
 * A view as drizzle-orm declares it: its columns (for typed queries; drizzle-kit does not diff them) and its
 * definition as the server keeps it, the database's own name left out.
 */
export function viewCode(view: CanonicalView, ctx: ViewContext): string {
  ctx.needs.builders.add('mysqlView');
  ctx.needs.sql = true;
  const keys = columnKeys((view.columns ?? []).map((column) => column.name));
  const columns = (view.columns ?? []).map((column) => {
    const bare = { ...column, default: null, autoIncrement: false, onUpdateNow: false, generated: null };
    return `  ${propertyKey(keys.get(column.name)!)}: ${columnCode(bare, view.name, false, ctx.needs)},`;
  });
  return `export const ${ctx.variables.get(view.name)} = mysqlView(${tsString(view.name)}, {\n${columns.join('\n')}\n})${traits(view)}` +
    `.as(sql\`${templateBody(view.definition)}\`);`;
}
