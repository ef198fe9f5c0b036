// A database server in memory, for unit tests of the engine's orchestration: one memory ledger and one set of
// memory locks shared by its connections, statements applied to a small model of tables and recorded, and a
// runner per connection that can be told to die after N items (the process stopped). Not a MySQL emulator:
// it knows CREATE TABLE, DROP TABLE, which table ALTER TABLE and CREATE INDEX change and which one a data
// statement writes, which is what the engine's failure and recovery paths need.
import { createMigrator, type Migrator, type MigratorOptions } from '../../src/engine/migrator.js';
import type { BatchFailure, BatchOutcome, StepRunner } from '../../src/engine/runner.js';
import type { Inspector } from '../../src/engine/proof.js';
import { DEFAULT_FLAVOR } from '../../src/sql/flavor.js';
import type { ObjectRef } from '../../src/sql/targets.js';
import type { StepItem } from '../../src/engine/step-script.js';
import { withVerbs, type Ledger } from '../../src/ledger/ledger.js';
import { createMemoryLedger } from '../../src/ledger/memory-ledger.js';
import { createMemoryLock, createMemoryLocks, type MemoryLock } from '../../src/lock/memory-lock.js';
import type { Clock } from '../../src/model.js';
import type { MigrationSource } from '../../src/repository/source.js';

export interface ManualClock extends Clock {
  advance(ms: number): void;
}

export function manualClock(start = new Date('2026-01-01T00:00:00.000Z')): ManualClock {
  let now = start.getTime();
  return { now: () => new Date(now), advance: (ms) => void (now += ms) };
}

/** An error shaped as mysql2 reports a server error. */
export function serverError(errno: number, code: string, message: string): Error {
  return Object.assign(new Error(message), { errno, code, sqlMessage: message });
}

const connectionLost = () => Object.assign(new Error('Connection lost: The server closed the connection.'), { code: 'PROTOCOL_CONNECTION_LOST', fatal: true });

export interface FakeConnection {
  readonly ledger: Ledger;
  readonly lock: MemoryLock;
  readonly runner: StepRunner;
  /** Ends the connection: its lock is freed, every later call on it fails. */
  end(): void;
}

export interface FakeServer {
  readonly clock: ManualClock;
  /** The ledger as the server holds it (read it here, as a test would with a query). */
  readonly ledger: Ledger;
  readonly tables: Set<string>;
  /** Every statement that took effect, in order. */
  readonly executed: string[];
  /** The items of each round trip (each `runner.run`), in order. */
  readonly roundTrips: Array<readonly StepItem[]>;
  /** Every variable a session reset set back, in order. */
  readonly resets: string[];
  /** Proves outcomes from the tables' state, as the server's signatures would. */
  readonly inspector: Inspector;
  /** From now on (or once `afterItems` more items have been sent), every stop point fails as a requested stop does. */
  requestStop(options?: { afterItems?: number }): void;
  /** Stop points pass again. */
  cancelStop(): void;
  /** Statements containing `text` fail with `error` (default: a syntax error) until `clearFailures()`. */
  failOn(text: string, error?: Error): void;
  clearFailures(): void;
  /** A new connection; with `dieAfter`, it dies when about to run item `dieAfter + 1` of its runner. */
  connect(options?: { dieAfter?: number }): FakeConnection;
}

const CREATE = /^\s*CREATE\s+TABLE\s+(IF\s+NOT\s+EXISTS\s+)?`?(\w+)`?/i;
const ALTER = /^\s*(?:ALTER\s+TABLE|(?:CREATE|DROP)\s+(?:UNIQUE\s+)?INDEX\s+`?\w+`?\s+ON)\s+`?(\w+)`?/i;
const DROP = /^\s*DROP\s+TABLE\s+(IF\s+EXISTS\s+)?`?(\w+)`?/i;
const WRITE = /^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+`?(\w+)`?/i;

/** @param statementMs how long each statement takes on the server's clock */
export function createFakeServer(options: { statementMs?: number } = {}): FakeServer {
  const clock = manualClock();
  /** The time marks stop points recorded in the session of the latest connection (a new session has none). */
  const marks = new Map<string, Date>();
  const ledger = createMemoryLedger({ clock, signature: (objects) => signature(objects), marks: (name) => marks.get(name) });
  const locks = createMemoryLocks();
  const tables = new Set<string>();
  const executed: string[] = [];
  const roundTrips: Array<readonly StepItem[]> = [];
  const failures: Array<{ text: string; error: Error }> = [];
  const resets: string[] = [];
  /** How many times each table was altered: part of its signature. */
  const versions = new Map<string, number>();
  /** Items still to send before a requested stop takes effect; undefined: no stop requested. */
  let stopIn: number | undefined;
  const signature = (objects: readonly ObjectRef[]) => objects.map((o) => `${o.name}:${tables.has(o.name) ? versions.get(o.name) ?? 0 : '-'}`).join(',');
  const inspector: Inspector = { flavor: async () => DEFAULT_FLAVOR, signature: async (objects) => signature(objects) };

  /** Checks `sql` against the tables now; its effect, applied later (an atomic item applies all or nothing). */
  const statementEffect = (sql: string): (() => void) => {
    const injected = failures.find((failure) => sql.includes(failure.text));
    if (injected) throw injected.error;
    const [create, drop, write, alter] = [CREATE.exec(sql), DROP.exec(sql), WRITE.exec(sql), ALTER.exec(sql)];
    if (alter && !tables.has(alter[1]!)) throw serverError(1146, 'ER_NO_SUCH_TABLE', `Table 'fake.${alter[1]}' doesn't exist`);
    if (create && tables.has(create[2]!) && !create[1]) throw serverError(1050, 'ER_TABLE_EXISTS_ERROR', `Table '${create[2]}' already exists`);
    if (drop && !tables.has(drop[2]!) && !drop[1]) throw serverError(1051, 'ER_BAD_TABLE_ERROR', `Unknown table 'fake.${drop[2]}'`);
    if (write && !tables.has(write[1]!)) throw serverError(1146, 'ER_NO_SUCH_TABLE', `Table 'fake.${write[1]}' doesn't exist`);
    return () => {
      if (create) tables.add(create[2]!);
      if (drop) tables.delete(drop[2]!);
      if (alter) versions.set(alter[1]!, (versions.get(alter[1]!) ?? 0) + 1);
      executed.push(sql);
      clock.advance(options.statementMs ?? 10);
    };
  };

  function connect(connectOptions: { dieAfter?: number } = {}): FakeConnection {
    const lock = createMemoryLock({ locks, name: 'migrate-core:fake._migrate_core_ledger', database: 'fake' });
    marks.clear();
    let alive = true;
    let sent = 0;
    const end = () => {
      alive = false;
      lock.end();
    };
    const live = <A extends unknown[], R>(call: (...args: A) => Promise<R>) => async (...args: A): Promise<R> => {
      if (!alive) throw connectionLost();
      return call(...args);
    };
    /** Why a leaf item fails here, before its effect: the connection dies, a stop, a statement's error. */
    const refusal = (item: StepItem): { failure: BatchFailure; error: Error } | undefined => {
      if (!alive) return { failure: 'connection', error: connectionLost() };
      if (connectOptions.dieAfter !== undefined && sent >= connectOptions.dieAfter) {
        end();
        return { failure: 'connection', error: connectionLost() };
      }
      sent += 1;
      if (stopIn !== undefined) stopIn -= 1;
      if ('checkpoint' in item && stopIn !== undefined && stopIn < 0) return { failure: 'stopped', error: serverError(1690, 'ER_DATA_OUT_OF_RANGE', "DOUBLE value is out of range in 'exp(1000)'") };
      return undefined;
    };
    /** Runs one item; an atomic item applies all of its parts or none. Returns the failure, if any. */
    const runItem = async (item: StepItem): Promise<Extract<BatchOutcome, { ok: false }> | undefined> => {
      if ('atomic' in item) {
        const effects: Array<() => Promise<void>> = [];
        for (const inner of item.atomic) {
          const failed = refusal(inner);
          if (failed) return { ok: false, failed: inner, ...failed };
          if ('ledgerWrite' in inner) effects.push(() => ledger.write(inner.ledgerWrite));
          else if ('statement' in inner) {
            try {
              const effect = statementEffect(inner.statement.sql);
              effects.push(async () => effect());
            } catch (error) {
              return { ok: false, failed: inner, failure: 'server', error };
            }
          }
        }
        for (const effect of effects) await effect();
        return undefined;
      }
      const failed = refusal(item);
      if (failed) return { ok: false, failed: item, ...failed };
      try {
        if ('ledgerWrite' in item) await ledger.write(item.ledgerWrite);
        else if ('statement' in item) statementEffect(item.statement.sql)();
        else if ('resetSession' in item) resets.push(...item.resetSession);
        else if ('checkpoint' in item && item.mark !== undefined) marks.set(item.mark, clock.now());
      } catch (error) {
        return { ok: false, failed: item, failure: 'server', error };
      }
      return undefined;
    };
    const runner: StepRunner = {
      async run(items) {
        roundTrips.push(items);
        for (const item of items) {
          const failed = await runItem(item);
          if (failed) return failed;
        }
        return { ok: true, inTransaction: false, autocommit: true };
      },
      size: (item) => JSON.stringify(item).length,
      reset: live(async () => {}),
    };
    const view = withVerbs({ table: ledger.table, list: live(ledger.list), prepare: live(ledger.prepare), write: live(ledger.write), statementsDone: live(ledger.statementsDone), durations: live(ledger.durations) });
    return { ledger: view, lock, runner, end };
  }

  return {
    clock, ledger, tables, executed, roundTrips, resets, connect, inspector,
    requestStop: (stopOptions = {}) => void (stopIn = stopOptions.afterItems ?? 0),
    cancelStop: () => void (stopIn = undefined),
    failOn: (text, error = serverError(1064, 'ER_PARSE_ERROR', `You have an error in your SQL syntax near '${text}'`)) => void failures.push({ text, error }),
    clearFailures: () => void failures.splice(0),
  };
}

/** A migrator on a new connection to `server`, as one CLI run would have; the connection ends after `body`. */
export async function withFakeMigrator<T>(server: FakeServer, source: MigrationSource, body: (migrator: Migrator, connection: FakeConnection) => Promise<T>,
  options: Partial<MigratorOptions> & { dieAfter?: number } = {}): Promise<T> {
  const { dieAfter, ...rest } = options;
  const connection = server.connect(dieAfter === undefined ? {} : { dieAfter });
  const migrator = createMigrator({
    database: 'fake', ledger: connection.ledger, lock: connection.lock, runner: connection.runner, source, inspector: server.inspector,
    clock: server.clock, appliedBy: 'test', lockTimeoutSeconds: 0, root: '/ws', ...rest,
  });
  try {
    return await body(migrator, connection);
  } finally {
    connection.end();
  }
}
