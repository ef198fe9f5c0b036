import { describe, expectTypeOf, it } from 'vitest';
import type { Ledger } from '../../src/ledger/ledger.js';
import { createMemoryLedger } from '../../src/ledger/memory-ledger.js';
import { describeLedgerContract } from '../support/contracts/ledger-contract.js';

describeLedgerContract('memory ledger', async () => {
  const ledger = createMemoryLedger();
  return { ledger, reopen: async () => ledger, end: async () => {} };
});

describe('createMemoryLedger', () => {
  it('is exactly a Ledger', () => {
    expectTypeOf(createMemoryLedger).returns.toEqualTypeOf<Ledger>();
  });
});
