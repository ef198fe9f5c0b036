// The ledger of one database as verbs. Every write is also data (LedgerWrite): the MySQL ledger renders it to
// SQL, so that a step's writes travel in the same round trip as its statements; the in-memory ledger applies it.
import type { LedgerRow, MigrationId } from '../model.js';
import type { ObjectRef } from '../sql/targets.js';

/**
 * Recorded with the write before statement `index` runs: that it may start now, and the signature of the
 * objects it names (computed by the ledger's server; `objects` null when the statement names none it can sign,
 * e.g. a CALL). After an interruption this is what proves whether it took effect (src/engine/proof.ts).
 */
export interface PreState {
  readonly index: number;
  readonly objects: readonly ObjectRef[] | null;
  /** The statement creates, drops or renames whole objects: their existence is signed, not every detail (cheaper). */
  readonly wholeObjects?: boolean;
}

/** Starts a run: a new `running` row for an up, or a down run on an applied row. */
export type Begin = (
  | { readonly direction: 'up'; readonly id: MigrationId; readonly seq: number; readonly checksum: string; readonly total: number; readonly by: string }
  | { readonly direction: 'down'; readonly id: MigrationId; readonly total: number; readonly by: string }
) & { readonly pre?: PreState };

/**
 * Takes up a `failed` or `running` row again: `running`, error cleared; statements done are kept, or moved on
 * to `done` when the engine proved the interrupted statement took effect.
 */
export interface Resume {
  readonly id: MigrationId;
  readonly total: number;
  readonly by: string;
  readonly done?: { readonly done: number; readonly doneChecksum: string };
  readonly pre?: PreState;
}

/** Statements 1..done have run; `doneChecksum` is the checksum of exactly those statements. */
export interface Progress {
  readonly id: MigrationId;
  readonly done: number;
  readonly doneChecksum: string;
  /** The next statement's pre-state, recorded in the same write. */
  readonly pre?: PreState;
}

/**
 * When a step ran, as times its stop points recorded on the server (StepItem `checkpoint` with `mark`), for a
 * completion written after other steps ran: from mark `from` to mark `to` (or to the completion itself).
 */
export interface TimeSpan {
  readonly from: string;
  readonly to?: string;
}

/**
 * Ends a run: an up row becomes `applied` (with the file's checksum); a down run removes the row. With `span`,
 * the row's start, finish and duration are those marks (a ledger that records no marks keeps its own clock).
 */
export type Complete =
  | { readonly direction: 'up'; readonly id: MigrationId; readonly checksum: string; readonly done: number; readonly doneChecksum: string; readonly span?: TimeSpan }
  | { readonly direction: 'down'; readonly id: MigrationId };

/**
 * The run stopped on an error: state `failed`, statements done kept. The pre-state is cleared when the engine
 * knows the next statement had no effect (the server refused it, or it never started); it is kept when nobody
 * can tell (a CALL that failed part-way).
 */
export interface Fail {
  readonly id: MigrationId;
  readonly error: string;
  readonly keepPre?: boolean;
}

/**
 * `resolve --statement-done` / `--statement-not-done` after "outcome unknown": statement `done + 1`... is
 * recorded as done (statements done moves to `done`) or as not done (it runs at the next migrate).
 */
export interface Settle {
  readonly id: MigrationId;
  readonly as: 'done' | 'not-done';
  readonly done: number;
  readonly doneChecksum: string;
  readonly note: string;
}

/**
 * A decision by hand (`stamp`, `resolve`): mark a migration applied without running it (a new row at `seq`, or
 * an existing row keeps its seq and start), or remove its row.
 */
export type Resolve =
  | { readonly as: 'applied'; readonly id: MigrationId; readonly seq: number; readonly checksum: string; readonly total: number; readonly by: string; readonly at: Date }
  | { readonly as: 'rolled-back'; readonly id: MigrationId };

/**
 * One ledger write, as data. Times not given here (start, finish, duration) come from the ledger's own clock:
 * the server's for MySQL, so that durations never mix two clocks. A write to a row that does not exist changes
 * nothing, except `begin` up and `resolve` applied, which create it (`begin` up refuses an existing row).
 */
export type LedgerWrite =
  | ({ readonly kind: 'begin' } & Begin)
  | ({ readonly kind: 'resume' } & Resume)
  | ({ readonly kind: 'progress' } & Progress)
  | ({ readonly kind: 'complete' } & Complete)
  | ({ readonly kind: 'fail' } & Fail)
  | ({ readonly kind: 'resolve' } & Resolve)
  | ({ readonly kind: 'settle' } & Settle);

/** What an implementation provides; `withVerbs` adds the verbs. */
export interface LedgerStore {
  /** Where the rows are kept (the table name), for reports. */
  readonly table: string;
  /** Every row, by seq; [] when the ledger does not exist yet. Never creates it. */
  list(): Promise<LedgerRow[]>;
  /** Makes the ledger ready for writing (creates it when missing), then lists it. */
  prepare(): Promise<LedgerRow[]>;
  /** Applies one write. */
  write(write: LedgerWrite): Promise<void>;
  /** How many statements the row of `id` records as done; undefined when there is no row. */
  statementsDone(id: MigrationId): Promise<number | undefined>;
  /**
   * How long the rows of `ids` took, as recorded (`duration_ms`: the server's clock for a MySQL ledger); an id
   * without a row or without a duration is left out. Read after migrations sent together in one round trip.
   */
  durations(ids: readonly MigrationId[]): Promise<ReadonlyMap<MigrationId, number>>;
}

/** The ledger of one database: rows read by seq, written by verbs. */
export interface Ledger extends LedgerStore {
  begin(row: Begin): Promise<void>;
  resume(row: Resume): Promise<void>;
  progress(row: Progress): Promise<void>;
  complete(row: Complete): Promise<void>;
  fail(row: Fail): Promise<void>;
  resolve(row: Resolve): Promise<void>;
  settle(row: Settle): Promise<void>;
}

/** A ledger from a store: each verb is the `write` of its LedgerWrite. */
export function withVerbs<T extends LedgerStore>(store: T): NoInfer<T> & Ledger {
  return {
    ...store,
    begin: (row) => store.write({ kind: 'begin', ...row }),
    resume: (row) => store.write({ kind: 'resume', ...row }),
    progress: (row) => store.write({ kind: 'progress', ...row }),
    complete: (row) => store.write({ kind: 'complete', ...row }),
    fail: (row) => store.write({ kind: 'fail', ...row }),
    resolve: (row) => store.write({ kind: 'resolve', ...row }),
    settle: (row) => store.write({ kind: 'settle', ...row }),
  };
}
