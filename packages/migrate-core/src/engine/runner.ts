import type { StepItem } from './step-script.js';

/** What the server is doing for the migration's connection, while a round trip takes long. */
export interface ServerActivity {
  /** PROCESSLIST `STATE`, e.g. `altering table`, `User lock`; '' when none. */
  readonly state: string;
  /** PROCESSLIST `INFO`: the statement running now, cut to a line. */
  readonly info: string;
  /** Seconds the current statement has run. */
  readonly seconds: number;
}

/**
 * Why a round trip stopped before its end:
 * - `server`: the server refused the `failed` item with an error (items before it took effect, it did not,
 *   except that an error inside an open transaction leaves that transaction for `reset` to end);
 * - `connection`: the connection was lost during `failed`: it may or may not have taken effect, and the server
 *   may go on with the items it had already received;
 * - `not-answering`: the server stopped answering (even a second connection) for longer than allowed; the
 *   connection was dropped, as with `connection`;
 * - `stopped`: a stop was requested, and the round trip stopped at the stop point `failed`, before its statement.
 */
export type BatchFailure = 'server' | 'connection' | 'not-answering' | 'stopped';

export type BatchOutcome =
  | {
    readonly ok: true;
    /** From the server's last answer: a transaction is open; undefined when the last statement returned rows. */
    readonly inTransaction?: boolean;
    /** From the server's last answer: autocommit is on; undefined when unknown. */
    readonly autocommit?: boolean;
  }
  | {
    readonly ok: false;
    readonly failure: BatchFailure;
    /** The item that failed: a statement, a ledger write, a stop point, or an atomic item whose own START or COMMIT failed. */
    readonly failed: StepItem;
    readonly error: unknown;
  };

/**
 * The error of a failed database check (StepItem `databaseCheck`): the statement before it left the session in
 * `found` (null: no database; undefined: not known), not in the service's database `expected`.
 */
export class DatabaseChanged extends Error {
  constructor(readonly expected: string, readonly found: string | null | undefined) {
    super(`the session's default database is ${found === undefined ? 'no longer' : found === null ? 'none instead of' : `\`${found}\`, not`} \`${expected}\``);
    this.name = 'DatabaseChanged';
  }
}

/** Told while a round trip runs. */
export interface BatchHooks {
  /** What the server does for the migration, when a round trip takes long. */
  readonly onActivity?: (activity: ServerActivity) => void;
}

/**
 * What the executor sends a step's items through: the MySQL session (createMysqlRunner), or a fake in tests.
 * The executor groups items into batches; a runner sends each batch as one round trip.
 */
export interface StepRunner {
  /**
   * Runs the items in order and stops at the first failure, saying which item it was and why: the items before
   * it took effect (an atomic item takes effect whole or not at all).
   */
  run(items: readonly StepItem[], hooks?: BatchHooks): Promise<BatchOutcome>;
  /** The item's size as sent, in bytes: a batch stays under the executor's cap unless one item alone is larger. */
  size(item: StepItem): number;
  /**
   * After a failed batch: ends a transaction the failure may have left open, turns autocommit back on, and makes
   * the service's database the session's default again.
   */
  reset(): Promise<void>;
  /** The most bytes one round trip may carry (the server's max_allowed_packet); undefined: the default cap. */
  maxBatchBytes?(): Promise<number | undefined>;
}

/** The statement, ledger write, stop point, database check or session reset items inside `item`, in the order they run. */
export function leavesOf(item: StepItem): StepItem[] {
  return 'atomic' in item ? item.atomic.flatMap(leavesOf) : [item];
}

/** Whether `item` is `unit` item or one of its parts. */
export function contains(item: StepItem, part: StepItem): boolean {
  return item === part || ('atomic' in item && item.atomic.some((inner) => contains(inner, part)));
}
