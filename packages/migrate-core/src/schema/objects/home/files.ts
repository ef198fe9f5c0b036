// The folders of a service's objects home and the one-statement SQL files in them.
import { parseEvent } from '../events/normalise.js';
import type { SqlEvent } from '../events/model.js';
import type { Routine } from '../routines/model.js';
import { parseRoutine } from '../routines/normalise.js';
import type { Trigger } from '../triggers/model.js';
import { parseTrigger } from '../triggers/normalise.js';

export const TABLES_FILE = 'tables.json';

/** One folder per kind of object; each .sql file in it holds one CREATE statement. */
export const KIND_FOLDERS = {
  procedures: 'procedures',
  functions: 'functions',
  triggers: 'triggers',
  events: 'events',
} as const;

export type KindFolder = keyof typeof KIND_FOLDERS;

export type ParsedObject =
  | { readonly folder: 'procedures' | 'functions'; readonly routine: Routine }
  | { readonly folder: 'triggers'; readonly trigger: Trigger }
  | { readonly folder: 'events'; readonly event: SqlEvent };

/**
 * The statement of an object file: DELIMITER lines (as the mysql client wants them) blanked and the final
 * delimiter removed, so that a file copied from a dump or SHOW CREATE reads as well as one written by adopt.
 * Lines keep their numbers (errors name them).
 */
export function statementOfFile(text: string): string {
  let delimiter = ';';
  const lines = text.replace(/\r\n?/g, '\n').split('\n').map((line) => {
    const match = /^\s*DELIMITER\s+(\S+)\s*$/i.exec(line);
    if (match && match[1] !== ';') delimiter = match[1]!;
    return match ? '' : line;
  });
  let statement = lines.join('\n').trimEnd();
  for (const end of [delimiter, ';']) if (statement.endsWith(end)) statement = statement.slice(0, -end.length).trimEnd();
  return statement;
}

/** Parses the statement of a file in `folder`; throws an Error saying what is wrong. */
export function parseObjectFile(folder: KindFolder, text: string): ParsedObject {
  const statement = statementOfFile(text);
  if (folder === 'triggers') return { folder, trigger: parseTrigger(statement) };
  if (folder === 'events') return { folder, event: parseEvent(statement) };
  const routine = parseRoutine(statement);
  const expected = folder === 'procedures' ? 'PROCEDURE' : 'FUNCTION';
  if (routine.kind !== expected) throw new Error(`a ${routine.kind} in ${folder}/: move it to ${routine.kind === 'PROCEDURE' ? 'procedures' : 'functions'}/`);
  return { folder, routine };
}

/** A file name for an object: its name, with anything but letters, digits, `_`, `-` and `.` made `_`. */
export function fileNameOf(name: string): string {
  return `${name.replace(/[^A-Za-z0-9_.-]/g, '_')}.sql`;
}
