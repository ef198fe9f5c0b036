import { openServerSession, openSession, type ConnectionSettings, type Session } from '../db/session.js';

/** Where a fleet's databases are: one server, each member a database on it. */
export interface FleetServer {
  /** Connection settings of one database on the server ('' for the server itself, no default database). */
  settingsFor(database: string): ConnectionSettings;
  /** Create a member's database when it does not exist (`--create-database`, or the embedded dev server). */
  readonly createDatabases: boolean;
}

/** Sessions on members, one connection per worker reused from one database to the next (reset in between). */
export interface MemberSessions {
  /** Runs `body` on a session of `database`: the worker's connection when it has a healthy one, else a new one. */
  run<T>(worker: number, database: string, body: (session: Session) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export function memberSessions(server: FleetServer): MemberSessions {
  const kept = new Map<number, Session>();
  const options = { createDatabase: server.createDatabases };
  /** The worker's connection moved to `database`, or undefined (then a new connection reports any problem itself). */
  const reuse = async (worker: number, database: string): Promise<Session | undefined> => {
    const previous = kept.get(worker);
    kept.delete(worker);
    if (previous?.reuseFor === undefined) return undefined;
    try {
      return await previous.reuseFor(server.settingsFor(database), options);
    } catch {
      await previous.close();
      return undefined;
    }
  };
  return {
    async run(worker, database, body) {
      const session = (await reuse(worker, database)) ?? await openSession(server.settingsFor(database), options);
      let healthy = false;
      try {
        const result = await body(session);
        healthy = true;
        return result;
      } finally {
        // A body that threw may have left the connection broken: it is not reused.
        if (healthy) kept.set(worker, session);
        else await session.close();
      }
    },
    async close() {
      const sessions = [...kept.values()];
      kept.clear();
      await Promise.all(sessions.map((session) => session.close()));
    },
  };
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
