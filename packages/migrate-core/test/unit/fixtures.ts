import type { LedgerRow, MigrationFile } from '../../src/model.js';

/** A migration file as the source would list it; checksum defaults to "sha256:<id>". */
export function file(id: string, options: { down?: boolean; checksum?: string } = {}): MigrationFile {
  const dir = `/ws/services/first/migrations/${id}`;
  return {
    id, dir, upPath: `${dir}/up.sql`, downPath: `${dir}/down.sql`, snapshotPath: `${dir}/snapshot.json`,
    hasUp: true, hasDown: options.down !== false, hasSnapshot: true, checksum: options.checksum ?? `sha256:${id}`,
  };
}

/** A ledger row; applied by default, seq in the order given. */
export function row(id: string, seq: number, options: Partial<LedgerRow> = {}): LedgerRow {
  return {
    id, seq, checksum: `sha256:${id}`, state: 'applied', direction: 'up', statementsDone: 1, statementsTotal: 1, doneChecksum: null,
    startedAt: new Date(0), finishedAt: new Date(0), durationMs: 1, error: null, appliedBy: 'test', ...options,
  };
}
