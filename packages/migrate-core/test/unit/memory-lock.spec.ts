import { describe, expect, expectTypeOf, it } from 'vitest';
import { createMemoryLock, createMemoryLocks, type MemoryLock } from '../../src/lock/memory-lock.js';
import { describeLockContract } from '../support/contracts/lock-contract.js';

describeLockContract('memory lock', async () => {
  const locks = createMemoryLocks();
  const open: MemoryLock[] = [];
  return {
    async connect() {
      const lock = createMemoryLock({ locks, name: 'contract' });
      open.push(lock);
      return { lock, id: lock.connectionId, end: async () => lock.end() };
    },
    end: async () => {
      for (const lock of open) lock.end();
    },
  };
});

describe('createMemoryLock', () => {
  it('is exactly a MemoryLock', () => {
    expectTypeOf(createMemoryLock).returns.toEqualTypeOf<MemoryLock>();
  });

  it('keeps names apart, and servers apart', async () => {
    const locks = createMemoryLocks();
    await createMemoryLock({ locks, name: 'one' }).acquire(0);
    await createMemoryLock({ locks, name: 'two' }).acquire(0);
    await createMemoryLock({ name: 'one' }).acquire(0);
    await expect(createMemoryLock({ locks, name: 'one', database: 'shop' }).acquire(0)).rejects.toThrow('migration lock of database `shop`');
  });

  it('refuses calls on an ended connection, and never hands the lock to a waiter that ended', async () => {
    const locks = createMemoryLocks();
    const [a, b, c] = [createMemoryLock({ locks }), createMemoryLock({ locks }), createMemoryLock({ locks })];
    const release = await a.acquire(0);
    // b is queued by the time acquire returns its promise.
    const waiting = b.acquire(30);
    b.end();
    await expect(waiting).rejects.toThrow('has ended');
    await release();
    expect(await c.holder()).toBeNull();
    await expect(b.holder()).rejects.toThrow('has ended');
  });
});
