import { createHash } from 'node:crypto';
import { describe, expectTypeOf, it } from 'vitest';
import type { Ledger } from '../../src/ledger/ledger.js';
import { createMemoryLedger } from '../../src/ledger/memory-ledger.js';
import { describeLedgerContract } from '../support/contracts/ledger-contract.js';

describeLedgerContract('memory ledger', async () => {
  // Stands in for the server's signature of the objects: 64 hex characters, as SHA2(..., 256) gives.
  const ledger = createMemoryLedger({ signature: (objects) => createHash('sha256').update(JSON.stringify(objects)).digest('hex') });
  return { ledger, reopen: async () => ledger, end: async () => {} };
});

describe('createMemoryLedger', () => {
  it('is exactly a Ledger', () => {
    expectTypeOf(createMemoryLedger).returns.toEqualTypeOf<Ledger>();
  });
});
