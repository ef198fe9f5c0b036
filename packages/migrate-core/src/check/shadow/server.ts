// Where the shadow proof runs: a server of its own (a throwaway one, or one the user names for the purpose),
// never a service's database. Each run gets fresh, empty databases and removes them afterwards.
import { randomBytes } from 'node:crypto';
import { quoteIdentifier } from '../../db/identifiers.js';
import { openSession, type ConnectionSettings, type Session } from '../../db/session.js';
import { MigrateError } from '../../errors.js';

export interface ShadowDatabase {
  readonly session: Session;
  /** Drops the database (on a shared server) and closes the session. */
  drop(): Promise<void>;
}

export interface ShadowServer {
  /** Where the shadow databases are, for messages: no password. */
  readonly description: string;
  /** A new empty database for `name` (a service's database name) with a session on it. */
  open(name: string): Promise<ShadowDatabase>;
  /** Stops a throwaway server; leaves a shared one running. */
  close(): Promise<void>;
}

/** Starts or connects to the shadow server; called only when there is something to prove. */
export type ShadowStarter = () => Promise<ShadowServer>;

const MAX_NAME = 64;

/** A server error as `ER_DUP_ENTRY (1062): Duplicate entry ...`, or the error's message. */
export function describeServerError(error: unknown): string {
  const e = error as { code?: string; errno?: number; sqlMessage?: string; message?: string };
  return e.sqlMessage ? `${e.code ?? 'ERROR'} (${e.errno}): ${e.sqlMessage}` : String(e.message ?? error);
}

/**
 * The shadow server at `settings` (its `database` is ignored). On a throwaway server, databases keep the
 * service's own name (migrations that name their database still run); on a shared one, each run gets
 * `<name>_shadow_<random>` and drops it afterwards, so runs never meet.
 *
 * @example
 * const server = shadowServerAt(settings, { throwaway: true, description: 'a throwaway server', stop: () => ephemeral.stop() });
 */
export function shadowServerAt(settings: ConnectionSettings, options: { throwaway: boolean; description: string; stop?: () => Promise<void> }): ShadowServer {
  return {
    description: options.description,
    async open(name) {
      const suffix = options.throwaway ? '' : `_shadow_${randomBytes(4).toString('hex')}`;
      const database = `${name.slice(0, MAX_NAME - suffix.length)}${suffix}`;
      const session = await openSession({ ...settings, database }, { createDatabase: true });
      const [found] = await session.query<Array<{ n: number }>>('SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?', [database]);
      if (Number(found?.n ?? 0) > 0) {
        await session.close();
        throw new MigrateError('CONFIG', `The shadow database \`${database}\` on ${options.description} is not empty.`,
          { hint: 'The shadow server must be a scratch server: drop that database, or point SHADOW_DATABASE_URL at another server.' });
      }
      return {
        session,
        async drop() {
          try {
            if (!options.throwaway) await session.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(database)}`);
          } finally {
            await session.close();
          }
        },
      };
    },
    close: async () => {
      await options.stop?.();
    },
  };
}
