import { afterAll, beforeAll } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/db.js';
import type { Session } from '../../src/db/session.js';
import { createMysqlLock, lockName } from '../../src/lock/mysql-lock.js';
import { describeLockContract } from '../support/contracts/lock-contract.js';
import { sessionFor } from './support.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('lock_contract');
});
afterAll(async () => {
  await db.drop();
});

let locks = 0;
describeLockContract('MySQL GET_LOCK', async () => {
  // Each case its own lock name, each connection its own session.
  const name = lockName(db.name, `contract_${++locks}`);
  const sessions: Session[] = [];
  return {
    async connect() {
      const session = await sessionFor(db.name);
      sessions.push(session);
      return { lock: createMysqlLock(session, name), id: await session.connectionId(), end: () => session.close() };
    },
    end: async () => {
      for (const session of sessions) await session.close();
    },
  };
});
