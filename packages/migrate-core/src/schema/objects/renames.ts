// `--rename` applied to the objects model of the previous snapshot, as it is applied to drizzle's part: a renamed
// table keeps its options, indexes and triggers, a renamed column its options and its place in indexes.
import type { Rename } from '../drizzle/renames.js';
import { indexDefinition, parseIndexDefinition } from './indexes/definition.js';
import type { ObjectsModel } from './model.js';
import type { TableObjects } from './tables/model.js';

function renameColumnIn(table: TableObjects, from: string, to: string): TableObjects {
  const columns = table.columns === undefined ? undefined
    : Object.fromEntries(Object.entries(table.columns).map(([name, options]) => [name === from ? to : name, options]));
  const indexes = table.indexes === undefined ? undefined : Object.fromEntries(Object.entries(table.indexes).map(([name, text]) => {
    const definition = parseIndexDefinition(text);
    const parts = definition.parts.map((part) => (part.column === from ? { ...part, column: to } : part));
    return [name, indexDefinition(definition.kind, definition.unique, parts)];
  }));
  return { ...table, ...(columns ? { columns } : {}), ...(indexes ? { indexes } : {}) };
}

/** The model with the renames done (tables first, then columns, as the RENAME statements run). */
export function applyObjectRenames(model: ObjectsModel, renames: readonly Rename[]): ObjectsModel {
  let tables = { ...model.tables };
  let triggers = [...model.triggers];
  for (const rename of renames) {
    if (rename.kind !== 'table') continue;
    tables = Object.fromEntries(Object.entries(tables).map(([name, table]) => [name === rename.from ? rename.to : name, table]));
    triggers = triggers.map((trigger) => (trigger.table === rename.from ? { ...trigger, table: rename.to } : trigger));
  }
  for (const rename of renames) {
    if (rename.kind !== 'column') continue;
    const table = renames.find((r) => r.kind === 'table' && r.from === rename.table)?.to ?? rename.table;
    if (tables[table] !== undefined) tables[table] = renameColumnIn(tables[table]!, rename.from, rename.to);
  }
  return { ...model, tables, triggers };
}
