// `--report <file>`: the JSON document that --json prints, also written to a file. Through Nx a task's output is
// surrounded by Nx's own lines, so a script reads this file instead. `{service}` in the path becomes the service's
// name, so that one path serves `nx run-many`.
import { accessSync, constants, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { redactingIo, type Io } from './output.js';

export interface ReportFile {
  readonly path: string;
  /** Writes the document, passwords masked as in all output. False (and a message on stderr) if it could not. */
  write(document: object): boolean;
}

/**
 * The file `--report` names (relative to `cwd`), its folder created and checked writable before the command runs;
 * undefined without the flag.
 */
export function openReport(given: string | undefined, service: string, cwd: string, secrets: readonly string[], io: Io): ReportFile | undefined {
  if (given === undefined) return undefined;
  const path = resolve(cwd, given.replaceAll('{service}', service));
  try {
    mkdirSync(dirname(path), { recursive: true });
    accessSync(dirname(path), constants.W_OK);
  } catch (error) {
    throw new UsageError(`--report ${given}: cannot write to ${dirname(path)} (${(error as Error).message}).`, 'Name a file in a folder you can write to.');
  }
  const file = redactingIo({ stdout: { write: (text: string) => writeFileSync(path, text) }, stderr: io.stderr }, secrets);
  return {
    path,
    write(document) {
      try {
        file.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
        return true;
      } catch (error) {
        io.stderr.write(`error: could not write the report ${path}: ${(error as Error).message}\n`);
        return false;
      }
    },
  };
}
