// The migration lock of one database: one run at a time, a bounded wait, and a holder to name while waiting.

/** How long migrate and rollback wait for another run's lock, unless configured. */
export const DEFAULT_LOCK_TIMEOUT_SECONDS = 60;

/** Told once when the lock is busy, before waiting for it. */
export interface LockWait {
  /** Who holds it (a server connection id), or null when that is unknown. */
  readonly holder: number | null;
  readonly timeoutSeconds: number;
}

/** Gives the lock back; a second call does nothing. (When its connection has ended, the lock is free already.) */
export type Release = () => Promise<void>;

export interface Lock {
  /**
   * Takes the lock, waiting at most `timeoutSeconds` for its holder (0: try once). Resolves to its release;
   * rejects with LockTimeoutError, naming the holder, when the wait ends first.
   */
  acquire(timeoutSeconds: number, onWait?: (wait: LockWait) => void): Promise<Release>;
  /** Who holds the lock now (a server connection id), or null when it is free. */
  holder(): Promise<number | null>;
}
