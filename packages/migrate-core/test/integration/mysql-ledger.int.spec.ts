import { afterAll, beforeAll } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/db.js';
import type { Session } from '../../src/db/session.js';
import { createMysqlLedger } from '../../src/ledger/mysql-ledger.js';
import { describeLedgerContract } from '../support/contracts/ledger-contract.js';
import { sessionFor } from './support.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('ledger_contract');
});
afterAll(async () => {
  await db.drop();
});

let tables = 0;
describeLedgerContract('MySQL ledger', async () => {
  // Each case its own table, each connection its own session.
  const table = `ledger_${++tables}`;
  const sessions: Session[] = [];
  const open = async () => {
    const session = await sessionFor(db.name);
    sessions.push(session);
    return createMysqlLedger(session, table);
  };
  return {
    ledger: await open(),
    reopen: open,
    end: async () => {
      for (const session of sessions) await session.close();
    },
  };
});
