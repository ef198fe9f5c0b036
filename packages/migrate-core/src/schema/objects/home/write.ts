// Writes a service's objects home from the objects model (adopt).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createEvent } from '../events/ddl.js';
import type { ObjectsModel } from '../model.js';
import { createRoutine } from '../routines/ddl.js';
import { createTrigger } from '../triggers/ddl.js';
import { fileNameOf, KIND_FOLDERS, TABLES_FILE } from './files.js';
import { renderTablesFile } from './tables-json.js';

/** One object file's text: the CREATE statement, then `;` on a line of its own (no DELIMITER needed). */
function objectFile(statement: string): string {
  return `${statement}\n;\n`;
}

/**
 * The files of the objects home `dir` for `model`, path and text: tables.json (when there is anything to say about
 * tables) and one file per trigger, procedure, function and event.
 */
export function objectsHomeFiles(dir: string, model: ObjectsModel): Map<string, string> {
  const files: Array<[string, string]> = [];
  if (Object.keys(model.defaults).length > 0 || Object.keys(model.tables).length > 0) {
    files.push([join(dir, TABLES_FILE), renderTablesFile(model)]);
  }
  for (const trigger of model.triggers) files.push([join(dir, KIND_FOLDERS.triggers, fileNameOf(trigger.name)), objectFile(createTrigger(trigger))]);
  for (const routine of model.routines) {
    const folder = routine.kind === 'PROCEDURE' ? KIND_FOLDERS.procedures : KIND_FOLDERS.functions;
    files.push([join(dir, folder, fileNameOf(routine.name)), objectFile(createRoutine(routine))]);
  }
  for (const event of model.events) files.push([join(dir, KIND_FOLDERS.events, fileNameOf(event.name)), objectFile(createEvent(event))]);
  return new Map(files);
}

/** Writes the files of `objectsHomeFiles`; returns the paths written. */
export function writeObjectsHome(files: ReadonlyMap<string, string>): string[] {
  for (const [path, text] of files) {
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, text);
  }
  return [...files.keys()];
}
