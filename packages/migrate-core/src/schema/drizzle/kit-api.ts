// drizzle-kit/api as the worker calls it (kit-worker.ts). Only the worker loads this module: drizzle-kit prints
// and calls process.exit on some schema errors, and this module catches both by replacing the worker's own
// process.exit and console for the duration of a call. The worker has no terminal, so drizzle-kit never prompts.
import { MigrateError } from '../../errors.js';
import { withoutColours } from './kit-protocol.js';
import type { KitSnapshot } from './kit-snapshot.js';

/** The two drizzle-kit functions the generator uses. */
export interface DrizzleKit {
  /** drizzle-kit's snapshot of the given exports (only tables and views are looked at). */
  snapshot(exports: Record<string, unknown>): Promise<KitSnapshot>;
  /** The SQL statements that take a database from `from` to `to`. */
  diff(from: KitSnapshot, to: KitSnapshot): Promise<string[]>;
}

interface KitApi {
  generateMySQLDrizzleJson(imports: Record<string, unknown>): Promise<unknown>;
  generateMySQLMigration(prev: unknown, cur: unknown): Promise<string[]>;
}

class KitExit extends Error {}

/**
 * Runs a drizzle-kit call with process.exit turned into an error and console output collected: its snapshot
 * builder prints a message and exits on duplicate constraint names. What it printed becomes the error message.
 */
async function guarded<T>(what: string, call: () => Promise<T>): Promise<T> {
  const saved = { exit: process.exit, log: console.log, error: console.error };
  const printed: string[] = [];
  process.exit = ((code?: number) => { throw new KitExit(`exit ${code ?? 0}`); }) as typeof process.exit;
  console.log = (...args: unknown[]) => { printed.push(args.map(String).join(' ')); };
  console.error = console.log;
  try {
    return await call();
  } catch (error) {
    const said = withoutColours(printed.join('\n')).trim();
    const message = said !== '' ? said : error instanceof Error ? error.message : String(error);
    throw kitError(what, message, error);
  } finally {
    Object.assign(process, { exit: saved.exit });
    Object.assign(console, { log: saved.log, error: saved.error });
  }
}

/** The GENERATE error for a drizzle-kit call that failed, saying `message`. */
function kitError(what: string, message: string, cause?: unknown): MigrateError {
  return new MigrateError('GENERATE', `drizzle-kit could not ${what}: ${message}`,
    { cause, hint: 'Fix what it names in the schema (each constraint and index name once per table), then run the command again.' });
}

/** Imports drizzle-kit/api and wraps it. */
export async function loadDrizzleKit(): Promise<DrizzleKit> {
  const api = (await import('drizzle-kit/api')) as unknown as KitApi;
  return {
    snapshot: (exports) => guarded('build a snapshot of the schema', async () => (await api.generateMySQLDrizzleJson(exports)) as KitSnapshot),
    diff: (from, to) => guarded('compare the snapshots', () => api.generateMySQLMigration(from, to)),
  };
}
