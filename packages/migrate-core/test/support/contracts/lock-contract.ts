// What every Lock does, run against each implementation: the in-memory mutex (unit) and GET_LOCK (integration).
// The test timeout is the deadlock guard. The case that ends the holder's connection comes last.
import { describe, expect, it } from 'vitest';
import { LockTimeoutError } from '../../../src/errors.js';
import type { Lock, LockWait } from '../../../src/lock/lock.js';

/** One connection and its view of the subject's lock. */
export interface LockConnection {
  readonly lock: Lock;
  /** What `holder()` reports while this connection holds the lock. */
  readonly id: number;
  /** Ends the connection (as a killed process would). */
  end(): Promise<void>;
}

export interface LockSubject {
  /** A new connection to the same lock. */
  connect(): Promise<LockConnection>;
  /** Ends every connection still open. */
  end(): Promise<void>;
}

export function describeLockContract(name: string, make: () => Promise<LockSubject>): void {
  /** A fresh lock with two connections to it; the subject is always ended. */
  const using = (body: (a: LockConnection, b: LockConnection) => Promise<void>) => async () => {
    const subject = await make();
    try {
      await body(await subject.connect(), await subject.connect());
    } finally {
      await subject.end();
    }
  };

  describe(`${name}: the Lock contract`, () => {
    it('is free at first', using(async (a, b) => {
      expect(await a.lock.holder()).toBeNull();
      expect(await b.lock.holder()).toBeNull();
    }));

    it('is held by the connection that acquired it, as every connection sees', using(async (a, b) => {
      await a.lock.acquire(0);
      expect(await a.lock.holder()).toBe(a.id);
      expect(b.id).not.toBe(a.id);
      expect(await b.lock.holder()).toBe(a.id);
    }));

    it('refuses a second connection that tries once (0 s), naming the holder, after telling it once', using(async (a, b) => {
      await a.lock.acquire(0);
      const waits: LockWait[] = [];
      const attempt = b.lock.acquire(0, (wait) => waits.push(wait));
      await expect(attempt).rejects.toThrow(LockTimeoutError);
      await expect(attempt).rejects.toThrow(`held by server connection ${a.id}`);
      expect(waits).toEqual([{ holder: a.id, timeoutSeconds: 0 }]);
      expect(await b.lock.holder()).toBe(a.id);
    }));

    it('makes a second connection wait for the timeout, then refuses it', using(async (a, b) => {
      await a.lock.acquire(0);
      const started = Date.now();
      await expect(b.lock.acquire(0.3)).rejects.toThrow(LockTimeoutError);
      expect(Date.now() - started).toBeGreaterThanOrEqual(250);
      expect(await a.lock.holder()).toBe(a.id);
    }));

    it('is free after release (a second release changes nothing); the other takes it; the first re-acquires after', using(async (a, b) => {
      const release = await a.lock.acquire(0);
      await release();
      await release();
      expect(await a.lock.holder()).toBeNull();
      const releaseB = await b.lock.acquire(0);
      expect(await a.lock.holder()).toBe(b.id);
      await releaseB();
      await a.lock.acquire(0);
      expect(await b.lock.holder()).toBe(a.id);
    }));

    it('hands the lock to a waiting connection when the holder releases it', using(async (a, b) => {
      const release = await a.lock.acquire(0);
      // Released once b is known to wait: driven by the wait itself, not by timing.
      await b.lock.acquire(30, () => void release());
      expect(await a.lock.holder()).toBe(b.id);
    }));

    it('is freed when the holding connection ends', using(async (a, b) => {
      await a.lock.acquire(0);
      await a.end();
      // The server frees it once it has seen the connection go: b waits for that.
      await b.lock.acquire(10);
      expect(await b.lock.holder()).toBe(b.id);
    }));
  });
}
