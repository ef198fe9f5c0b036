// drizzle-kit/api, loaded only when a command needs it (its import costs ~170-300 ms), and called so that it can
// neither prompt nor end the process.
import { MigrateError } from '../../errors.js';
import type { KitSnapshot } from './kit-snapshot.js';

/** The two drizzle-kit functions the generator uses. */
export interface Kit {
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

const ANSI = /\u001b\[[0-9;]*m/g;

type Writable = { isTTY?: boolean };

/**
 * Runs a drizzle-kit call with no terminal (its hanji prompts then reject instead of waiting for an answer)
 * and with process.exit turned into an error: its snapshot builder prints a message and exits on duplicate
 * constraint names. What it printed becomes the error message.
 */
export async function guarded<T>(what: string, call: () => Promise<T>): Promise<T> {
  // hanji prompts only when both stdin and stdout are terminals; clearing stdout's flag is enough (and leaves
  // stdin untouched, so no stdin handle is opened).
  const stdout = process.stdout as Writable;
  const saved = { stdoutTty: stdout.isTTY, exit: process.exit, log: console.log, error: console.error };
  const printed: string[] = [];
  stdout.isTTY = false;
  process.exit = ((code?: number) => { throw new KitExit(`exit ${code ?? 0}`); }) as typeof process.exit;
  console.log = (...args: unknown[]) => { printed.push(args.map(String).join(' ')); };
  console.error = console.log;
  try {
    return await call();
  } catch (error) {
    const said = printed.join('\n').replace(ANSI, '').trim();
    const message = said !== '' ? said : error instanceof Error ? error.message : String(error);
    throw new MigrateError('GENERATE', `drizzle-kit could not ${what}: ${message}`,
      { cause: error, hint: 'Fix what it names in the schema (each constraint and index name once per table), then run the command again.' });
  } finally {
    Object.assign(process, { exit: saved.exit });
    Object.assign(console, { log: saved.log, error: saved.error });
    stdout.isTTY = saved.stdoutTty;
  }
}

/** Imports drizzle-kit/api (lazily) and wraps it. */
export async function loadKit(): Promise<Kit> {
  const api = (await import('drizzle-kit/api')) as unknown as KitApi;
  return {
    snapshot: (exports) => guarded('build a snapshot of the schema', async () => (await api.generateMySQLDrizzleJson(exports)) as KitSnapshot),
    diff: (from, to) => guarded('compare the snapshots', () => api.generateMySQLMigration(from, to)),
  };
}
