// Where a service keeps its objects: `src/objects/` beside its schema file.
import { dirname, join, relative } from 'node:path';
import type { ServiceContext } from '../../../config/load.js';
import { MigrateError } from '../../../errors.js';
import type { KitSnapshot } from '../../drizzle/kit-snapshot.js';
import { parseIndexDefinition } from '../indexes/definition.js';
import type { ObjectsModel } from '../model.js';
import { TABLES_FILE } from './files.js';
import { loadObjectsHome } from './load.js';

/** The objects home of a service: the `objects` folder next to its schema file. */
export function objectsHomeOf(service: Pick<ServiceContext, 'schemaPath'>): string {
  return join(dirname(service.schemaPath), 'objects');
}

/** What the objects model names that the schema does not have: tables, columns, index columns, trigger tables. */
export function objectProblems(model: ObjectsModel, schema: KitSnapshot): string[] {
  const problems: string[] = [];
  for (const [name, table] of Object.entries(model.tables)) {
    const kit = schema.tables[name];
    if (kit === undefined) {
      problems.push(`${TABLES_FILE}: table \`${name}\` is not in the schema`);
      continue;
    }
    for (const column of Object.keys(table.columns ?? {})) {
      if (kit.columns[column] === undefined) problems.push(`${TABLES_FILE}: column \`${name}\`.\`${column}\` is not in the schema`);
    }
    for (const [index, text] of Object.entries(table.indexes ?? {})) {
      const missing = parseIndexDefinition(text).parts.filter((part) => part.column !== undefined && kit.columns[part.column] === undefined);
      for (const part of missing) problems.push(`${TABLES_FILE}: index \`${name}\`.\`${index}\` names column \`${part.column}\`, which is not in the table`);
    }
  }
  for (const trigger of model.triggers) {
    if (schema.tables[trigger.table] === undefined) problems.push(`triggers/: trigger \`${trigger.name}\` is on table \`${trigger.table}\`, which is not in the schema`);
  }
  return problems;
}

/**
 * The service's objects model, read from its objects home and checked against its schema's snapshot; a
 * SOURCE error names the file and what is wrong.
 */
export function loadServiceObjects(service: ServiceContext, schema: KitSnapshot): ObjectsModel {
  return checkedObjects(service, loadObjectsHome(objectsHomeOf(service), service.root), schema);
}

/** `model` when it matches the schema's snapshot; else a SOURCE error naming the objects home and what is wrong. */
export function checkedObjects(service: ServiceContext, model: ObjectsModel, schema: KitSnapshot): ObjectsModel {
  const home = objectsHomeOf(service);
  const problems = objectProblems(model, schema);
  if (problems.length > 0) {
    const shown = relative(service.root, home);
    throw new MigrateError('SOURCE', `${shown} does not match ${relative(service.root, service.schemaPath)}:\n  - ${problems.join('\n  - ')}`,
      { hint: `Fix ${shown} (or the schema), then run the command again.` });
  }
  return model;
}
