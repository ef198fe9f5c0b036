// A database server in memory, for unit tests of the engine's orchestration: one memory ledger and one set of
// memory locks shared by its connections, statements applied to a small model of tables and recorded, and a
// runner per connection that can be told to die after N items (the process stopped). Not a MySQL emulator:
// it knows CREATE TABLE, DROP TABLE and which table a data statement writes, which is what the engine's
// failure and recovery paths need.
import { createMigrator, type Migrator, type MigratorOptions } from '../../src/engine/migrator.js';
import type { StepRunner } from '../../src/engine/runner.js';
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
  /** Statements containing `text` fail with `error` (default: a syntax error) until `clearFailures()`. */
  failOn(text: string, error?: Error): void;
  clearFailures(): void;
  /** A new connection; with `dieAfter`, it dies when about to run item `dieAfter + 1` of its runner. */
  connect(options?: { dieAfter?: number }): FakeConnection;
}

const CREATE = /^\s*CREATE\s+TABLE\s+(IF\s+NOT\s+EXISTS\s+)?`?(\w+)`?/i;
const DROP = /^\s*DROP\s+TABLE\s+(IF\s+EXISTS\s+)?`?(\w+)`?/i;
const WRITE = /^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+`?(\w+)`?/i;

/** @param statementMs how long each statement takes on the server's clock */
export function createFakeServer(options: { statementMs?: number } = {}): FakeServer {
  const clock = manualClock();
  const ledger = createMemoryLedger({ clock });
  const locks = createMemoryLocks();
  const tables = new Set<string>();
  const executed: string[] = [];
  const roundTrips: Array<readonly StepItem[]> = [];
  const failures: Array<{ text: string; error: Error }> = [];

  /** Checks `sql` against the tables now; its effect, applied later (an atomic item applies all or nothing). */
  const statementEffect = (sql: string): (() => void) => {
    const injected = failures.find((failure) => sql.includes(failure.text));
    if (injected) throw injected.error;
    const [create, drop, write] = [CREATE.exec(sql), DROP.exec(sql), WRITE.exec(sql)];
    if (create && tables.has(create[2]!) && !create[1]) throw serverError(1050, 'ER_TABLE_EXISTS_ERROR', `Table '${create[2]}' already exists`);
    if (drop && !tables.has(drop[2]!) && !drop[1]) throw serverError(1051, 'ER_BAD_TABLE_ERROR', `Unknown table 'fake.${drop[2]}'`);
    if (write && !tables.has(write[1]!)) throw serverError(1146, 'ER_NO_SUCH_TABLE', `Table 'fake.${write[1]}' doesn't exist`);
    return () => {
      if (create) tables.add(create[2]!);
      if (drop) tables.delete(drop[2]!);
      executed.push(sql);
      clock.advance(options.statementMs ?? 10);
    };
  };

  function connect(connectOptions: { dieAfter?: number } = {}): FakeConnection {
    const lock = createMemoryLock({ locks, name: 'migrate-core:fake._migrate_core_ledger', database: 'fake' });
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
    /** The item's effect, once it and every item inside it has been checked and counted. */
    const prepare = (item: StepItem): (() => Promise<void>) => {
      if ('atomic' in item) {
        const effects = item.atomic.map(prepare);
        return async () => {
          for (const effect of effects) await effect();
        };
      }
      if (!alive) throw connectionLost();
      if (connectOptions.dieAfter !== undefined && sent >= connectOptions.dieAfter) {
        end();
        throw connectionLost();
      }
      sent += 1;
      if ('ledgerWrite' in item) return () => ledger.write(item.ledgerWrite);
      const effect = statementEffect(item.statement.sql);
      return async () => effect();
    };
    const runner: StepRunner = {
      async run(items) {
        roundTrips.push(items);
        for (const item of items) await prepare(item)();
      },
      size: (item) => JSON.stringify(item).length,
      reset: live(async () => {}),
    };
    const view = withVerbs({ table: ledger.table, list: live(ledger.list), prepare: live(ledger.prepare), write: live(ledger.write), statementsDone: live(ledger.statementsDone) });
    return { ledger: view, lock, runner, end };
  }

  return {
    clock, ledger, tables, executed, roundTrips, connect,
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
    database: 'fake', ledger: connection.ledger, lock: connection.lock, runner: connection.runner, source,
    clock: server.clock, appliedBy: 'test', lockTimeoutSeconds: 0, root: '/ws', ...rest,
  });
  try {
    return await body(migrator, connection);
  } finally {
    connection.end();
  }
}
