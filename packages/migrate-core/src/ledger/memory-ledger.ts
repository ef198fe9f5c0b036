// The in-memory twin of the MySQL ledger: the same rows for the same writes (the conformance suite checks
// both), for tests of the engine that need no server.
import { systemClock, type Clock, type LedgerRow, type MigrationId } from '../model.js';
import type { ObjectRef } from '../sql/targets.js';
import { withVerbs, type Ledger, type LedgerWrite, type PreState } from './ledger.js';
import { clip, DEFAULT_LEDGER_TABLE, ERROR_MAX } from './ledger-sql.js';

export interface MemoryLedgerOptions {
  /** @default DEFAULT_LEDGER_TABLE */
  readonly table?: string;
  /** Stands in for the server's clock: start and finish times, durations. @default systemClock */
  readonly clock?: Clock;
  /** Stands in for the server's signature of schema objects (pre-states). @default none: null */
  readonly signature?: (objects: readonly ObjectRef[], options: { wholeObjects: boolean }) => string | null;
  /**
   * Stands in for the time marks stop points record in the session (a completion's `span`): the time recorded
   * under a name, or undefined. @default none: a completion with a span is timed as one without
   */
  readonly marks?: (name: string) => Date | undefined;
}

type Row = { -readonly [K in keyof LedgerRow]: LedgerRow[K] };

const copy = (row: Row): LedgerRow => ({
  ...row, startedAt: new Date(row.startedAt), finishedAt: row.finishedAt === null ? null : new Date(row.finishedAt),
});

/**
 * A ledger kept in memory. Like the table, it does not exist until `prepare()`; every read returns copies, so
 * nothing a caller does to a row changes the ledger.
 *
 * @example
 * const ledger = createMemoryLedger({ clock: { now: () => new Date(0) } });
 * await ledger.prepare();
 * await ledger.begin({ direction: 'up', id, seq: 1, checksum, total: 2, by: 'test' });
 */
export function createMemoryLedger(options: MemoryLedgerOptions = {}): Ledger {
  const table = options.table ?? DEFAULT_LEDGER_TABLE;
  const clock = options.clock ?? systemClock;
  const sign = options.signature ?? (() => null);
  const preOf = (pre: PreState | undefined): Pick<Row, 'preIndex' | 'preState'> => ({
    preIndex: pre?.index ?? null,
    preState: pre === undefined || pre.objects === null || pre.objects.length === 0 ? null : sign(pre.objects, { wholeObjects: pre.wholeObjects ?? false }),
  });
  let rows: Map<MigrationId, Row> | undefined;
  const existing = (): Map<MigrationId, Row> => {
    if (rows === undefined) throw new Error(`The ledger ${table} does not exist yet: prepare() creates it.`);
    return rows;
  };
  const list = async () => [...(rows?.values() ?? [])].sort((a, b) => a.seq - b.seq).map(copy);
  return withVerbs({
    table,
    list,
    async prepare() {
      rows ??= new Map();
      return list();
    },
    async write(write) {
      apply(existing(), write, clock.now(), preOf('pre' in write ? write.pre : undefined), options.marks ?? (() => undefined));
    },
    async statementsDone(id) {
      return existing().get(id)?.statementsDone;
    },
    async durations(ids) {
      const current = existing();
      return new Map(ids.flatMap((id) => {
        const durationMs = current.get(id)?.durationMs;
        return durationMs === null || durationMs === undefined ? [] : [[id, durationMs] as const];
      }));
    },
  });
}

/**
 * One write, with the effect its SQL has on the table (ledger-sql.ts); `now` is the server's time, `pre` the
 * pre-state columns as the server would compute them.
 */
function apply(rows: Map<MigrationId, Row>, write: LedgerWrite, now: Date, pre: Pick<Row, 'preIndex' | 'preState'>, marks: (name: string) => Date | undefined): void {
  const cleared = { preIndex: null, preState: null };
  const row = rows.get(write.id);
  const update = (changes: Partial<Row>) => {
    if (row !== undefined) rows.set(write.id, { ...row, ...changes });
  };
  switch (write.kind) {
    case 'begin':
      if (write.direction === 'down') {
        return update({ state: 'running', direction: 'down', statementsDone: 0, statementsTotal: write.total, doneChecksum: null,
          startedAt: now, finishedAt: null, durationMs: null, error: null, appliedBy: write.by, ...pre });
      }
      if (row !== undefined) throw new Error(`Duplicate entry '${write.id}' in the ledger.`);
      rows.set(write.id, {
        id: write.id, seq: write.seq, checksum: write.checksum, state: 'running', direction: 'up', statementsDone: 0, statementsTotal: write.total,
        doneChecksum: null, startedAt: now, finishedAt: null, durationMs: null, error: null, appliedBy: write.by, ...pre,
      });
      return;
    case 'resume':
      return update({ state: 'running', statementsTotal: write.total, error: null, appliedBy: write.by, ...pre,
        ...(write.done ? { statementsDone: write.done.done, doneChecksum: write.done.doneChecksum } : {}) });
    case 'progress':
      return update({ statementsDone: write.done, doneChecksum: write.doneChecksum, ...pre });
    case 'complete':
    {
      if (write.direction === 'down') return void rows.delete(write.id);
      // With a span, the times the stop points marked; a mark never recorded gives way to the row's start, or now.
      const from = (write.span === undefined ? undefined : marks(write.span.from)) ?? row?.startedAt;
      const to = (write.span?.to === undefined ? undefined : marks(write.span.to)) ?? now;
      return update({ state: 'applied', checksum: write.checksum, statementsDone: write.done, doneChecksum: write.doneChecksum, ...(from === undefined ? {} : { startedAt: from }),
        finishedAt: to, durationMs: from === undefined ? null : to.getTime() - from.getTime(), error: null, ...cleared });
    }
    case 'fail':
      return update({ state: 'failed', error: clip(write.error, ERROR_MAX), finishedAt: now, ...(write.keepPre ? {} : cleared) });
    case 'settle':
      return update({ state: 'failed', statementsDone: write.done, doneChecksum: write.doneChecksum, error: clip(write.note, ERROR_MAX), ...cleared });
    case 'resolve': {
      if (write.as === 'rolled-back') return void rows.delete(write.id);
      const fresh: Row = {
        id: write.id, seq: write.seq, checksum: write.checksum, state: 'applied', direction: 'up', statementsDone: write.total, statementsTotal: write.total,
        doneChecksum: null, startedAt: new Date(write.at), finishedAt: new Date(write.at), durationMs: 0, error: null, appliedBy: write.by, ...cleared,
      };
      // An existing row keeps its seq, start, duration and done checksum (ON DUPLICATE KEY UPDATE).
      rows.set(write.id, row === undefined ? fresh : { ...fresh, seq: row.seq, startedAt: row.startedAt, durationMs: row.durationMs, doneChecksum: row.doneChecksum });
    }
  }
}
