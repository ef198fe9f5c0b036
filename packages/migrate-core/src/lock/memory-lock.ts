// The in-memory twin of the GET_LOCK lock: an in-process mutex keyed by name, with the same semantics (the
// conformance suite checks both). Each MemoryLock is one simulated connection.
import { LockTimeoutError } from '../errors.js';
import type { Lock } from './lock.js';

/** The locks of one simulated server: MemoryLocks made on the same one contend for the same names. */
export interface MemoryLocks {
  readonly kind: 'memory-locks';
}

interface Waiter {
  readonly connection: number;
  /** Ends the wait: true when the lock was handed over. */
  readonly settle: (got: boolean) => void;
}

interface State {
  /** Holder of each held name. */
  readonly held: Map<string, number>;
  /** Connections waiting for each name, first come first served. */
  readonly waiting: Map<string, Waiter[]>;
  next: number;
}

const states = new WeakMap<MemoryLocks, State>();

export function createMemoryLocks(): MemoryLocks {
  const locks: MemoryLocks = { kind: 'memory-locks' };
  states.set(locks, { held: new Map(), waiting: new Map(), next: 1 });
  return locks;
}

export interface MemoryLockOptions {
  /** @default 'migrate-core' */
  readonly name?: string;
  /** For messages. @default 'memory' */
  readonly database?: string;
  /** Share one to make locks contend (one simulated server). @default a new one */
  readonly locks?: MemoryLocks;
}

export interface MemoryLock extends Lock {
  /** This simulated connection's id: what `holder()` reports while it holds the lock. */
  readonly connectionId: number;
  /** The connection ends: the lock it holds is freed, as the server frees a dead connection's lock. */
  end(): void;
}

/**
 * A lock on one name, as one connection. A second connection (another createMemoryLock on the same `locks`)
 * waits for it and times out with LockTimeoutError.
 *
 * @example
 * const locks = createMemoryLocks();
 * const [a, b] = [createMemoryLock({ locks }), createMemoryLock({ locks })];
 * const release = await a.acquire(0);
 * await b.acquire(0); // rejects: LockTimeoutError, held by a.connectionId
 */
export function createMemoryLock(options: MemoryLockOptions = {}): MemoryLock {
  const { name = 'migrate-core', database = 'memory', locks = createMemoryLocks() } = options;
  const state = states.get(locks)!;
  const connectionId = state.next++;
  const queue = () => state.waiting.get(name) ?? state.waiting.set(name, []).get(name)!;
  const holder = () => state.held.get(name) ?? null;
  const take = () => {
    if (holder() !== null) return false;
    state.held.set(name, connectionId);
    return true;
  };
  let ended = false;
  const assertOpen = () => {
    if (ended) throw new Error(`Memory lock connection ${connectionId} has ended.`);
  };
  const release = async () => {
    if (holder() !== connectionId) return;
    state.held.delete(name);
    const next = queue().shift();
    if (next === undefined) return;
    state.held.set(name, next.connection);
    next.settle(true);
  };
  const wait = (seconds: number) => new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => waiter.settle(false), seconds * 1000);
    const waiter: Waiter = { connection: connectionId, settle: (got) => {
      clearTimeout(timer);
      const waiting = queue();
      if (waiting.includes(waiter)) waiting.splice(waiting.indexOf(waiter), 1);
      resolve(got);
    } };
    queue().push(waiter);
  });
  return {
    connectionId,
    async holder() {
      assertOpen();
      return holder();
    },
    async acquire(timeoutSeconds, onWait) {
      assertOpen();
      if (take()) return release;
      onWait?.({ holder: holder(), timeoutSeconds });
      assertOpen();
      // Taken again first, as GET_LOCK does: the holder may have let go meanwhile.
      if (take() || (timeoutSeconds > 0 && await wait(timeoutSeconds))) return release;
      assertOpen();
      throw new LockTimeoutError(database, timeoutSeconds, holder());
    },
    end() {
      ended = true;
      for (const waiter of queue().filter((candidate) => candidate.connection === connectionId)) waiter.settle(false);
      void release();
    },
  };
}
