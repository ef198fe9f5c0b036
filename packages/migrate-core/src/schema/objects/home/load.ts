// Reads a service's objects home (src/objects/ next to its schema file) into the objects model.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { MigrateError } from '../../../errors.js';
import { emptyObjects, sortObjects, type ObjectsModel } from '../model.js';
import { routineKey } from '../routines/model.js';
import { KIND_FOLDERS, parseObjectFile, TABLES_FILE, type KindFolder } from './files.js';
import { parseTablesFile } from './tables-json.js';

function fail(root: string, path: string, message: string): never {
  const shown = relative(root, path);
  throw new MigrateError('SOURCE', `${shown}: ${message}`, { hint: `Fix ${shown}, then run the command again.` });
}

/** How the home is read: from disk, or from files not written yet (adopt reads back what it is about to write). */
export interface HomeReader {
  exists(path: string): boolean;
  /** The names in a folder ([] when it does not exist). */
  list(dir: string): string[];
  read(path: string): string;
}

const diskReader: HomeReader = {
  exists: existsSync,
  list: (dir) => (existsSync(dir) ? readdirSync(dir) : []),
  read: (path) => readFileSync(path, 'utf8'),
};

/** A reader over files held in memory, path -> text. */
export function memoryReader(files: ReadonlyMap<string, string>): HomeReader {
  return {
    exists: (path) => files.has(path),
    list: (dir) => [...files.keys()].filter((path) => dirname(path) === dir).map((path) => basename(path)),
    read: (path) => files.get(path) ?? '',
  };
}

function sqlFiles(reader: HomeReader, dir: string): string[] {
  return reader.list(dir).filter((name) => name.endsWith('.sql')).sort().map((name) => join(dir, name));
}

/**
 * The objects model of the home `dir`: tables.json, and one CREATE statement per .sql file in procedures/,
 * functions/, triggers/ and events/. A missing home is an empty model. Errors name the file (and the line).
 * `root` makes paths in messages relative.
 */
export function loadObjectsHome(dir: string, root: string, reader: HomeReader = diskReader): ObjectsModel {
  const model = emptyObjects();
  const tablesPath = join(dir, TABLES_FILE);
  let tables: Pick<ObjectsModel, 'defaults' | 'tables'> = model;
  if (reader.exists(tablesPath)) {
    try {
      tables = parseTablesFile(reader.read(tablesPath));
    } catch (error) {
      fail(root, tablesPath, (error as Error).message);
    }
  }
  const triggers: ObjectsModel['triggers'][number][] = [];
  const routines: ObjectsModel['routines'][number][] = [];
  const events: ObjectsModel['events'][number][] = [];
  const seen = new Map<string, string>();
  for (const folder of Object.keys(KIND_FOLDERS) as KindFolder[]) {
    for (const path of sqlFiles(reader, join(dir, KIND_FOLDERS[folder]))) {
      let parsed;
      try {
        parsed = parseObjectFile(folder, reader.read(path));
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
