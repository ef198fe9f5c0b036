// Reads a service's objects home (src/objects/ next to its schema file) into the objects model.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { MigrateError } from '../../../errors.js';
import { emptyObjects, sortObjects, type ObjectsModel } from '../model.js';
import { routineKey } from '../routines/model.js';
import { KIND_FOLDERS, parseObjectFile, TABLES_FILE, type KindFolder } from './files.js';
import { parseTablesFile } from './tables-json.js';

function fail(root: string, path: string, message: string): never {
  const shown = relative(root, path);
  throw new MigrateError('SOURCE', `${shown}: ${message}`, { hint: `Fix ${shown}, then run the command again.` });
}

function sqlFiles(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith('.sql')).sort().map((name) => join(dir, name)) : [];
}

/**
 * The objects model of the home `dir`: tables.json, and one CREATE statement per .sql file in procedures/,
 * functions/, triggers/ and events/. A missing home is an empty model. Errors name the file (and the line).
 * `root` makes paths in messages relative.
 */
export function loadObjectsHome(dir: string, root: string): ObjectsModel {
  const model = emptyObjects();
  const tablesPath = join(dir, TABLES_FILE);
  let tables: Pick<ObjectsModel, 'defaults' | 'tables'> = model;
  if (existsSync(tablesPath)) {
    try {
      tables = parseTablesFile(readFileSync(tablesPath, 'utf8'));
    } catch (error) {
      fail(root, tablesPath, (error as Error).message);
    }
  }
  const triggers: ObjectsModel['triggers'][number][] = [];
  const routines: ObjectsModel['routines'][number][] = [];
  const events: ObjectsModel['events'][number][] = [];
  const seen = new Map<string, string>();
  for (const folder of Object.keys(KIND_FOLDERS) as KindFolder[]) {
    for (const path of sqlFiles(join(dir, KIND_FOLDERS[folder]))) {
      let parsed;
      try {
        parsed = parseObjectFile(folder, readFileSync(path, 'utf8'));
      } catch (error) {
        fail(root, path, (error as Error).message);
      }
      const key = parsed.folder === 'triggers' ? `trigger ${parsed.trigger.name}` : parsed.folder === 'events' ? `event ${parsed.event.name}` : routineKey(parsed.routine);
      const other = seen.get(key.toLowerCase());
      if (other !== undefined) fail(root, path, `${key} is declared twice (also in ${relative(root, other)})`);
      seen.set(key.toLowerCase(), path);
      if (parsed.folder === 'triggers') triggers.push(parsed.trigger);
      else if (parsed.folder === 'events') events.push(parsed.event);
      else routines.push(parsed.routine);
    }
  }
  return sortObjects({ ...tables, triggers, routines, events });
}
