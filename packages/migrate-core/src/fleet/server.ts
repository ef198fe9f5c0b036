import { openServerSession, openSession, type ConnectionSettings, type Session } from '../db/session.js';

/** Where a fleet's databases are: one server, each member a database on it. */
export interface FleetServer {
  /** Connection settings of one database on the server ('' for the server itself, no default database). */
  settingsFor(database: string): ConnectionSettings;
  /** Create a member's database when it does not exist (`--create-database`, or the embedded dev server). */
  readonly createDatabases: boolean;
}

/** Opens a session on one member, runs `body`, always closes it. */
export async function withMemberSession<T>(server: FleetServer, database: string, body: (session: Session) => Promise<T>): Promise<T> {
  const session = await openSession(server.settingsFor(database), { createDatabase: server.createDatabases });
  try {
    return await body(session);
  } finally {
    await session.close();
  }
}

/** Sessions without a default database, one per worker, opened on first use and closed together. */
export interface ServerSessions {
  get(worker: number): Promise<Session>;
  /** Forgets a worker's session after its connection failed: the next get() opens a new one. */
  discard(worker: number): void;
  close(): Promise<void>;
}

export function serverSessions(server: FleetServer): ServerSessions {
  const open = new Map<number, Promise<Session>>();
  return {
    get(worker) {
      let session = open.get(worker);
      if (session === undefined) {
        session = openServerSession(server.settingsFor(''));
        open.set(worker, session);
        // A failed open is retried by the next call, not remembered.
        session.catch(() => open.delete(worker));
      }
      return session;
    },
    discard(worker) {
      const session = open.get(worker);
      open.delete(worker);
      void session?.then((s) => s.close(), () => {});
    },
    async close() {
      const sessions = await Promise.allSettled(open.values());
      open.clear();
      await Promise.all(sessions.map((s) => (s.status === 'fulfilled' ? s.value.close() : undefined)));
    },
  };
}
