import { quoteIdentifier } from '../db/identifiers.js';
import { isConnectionLost, isServerError } from '../db/server-errors.js';
import { ScriptError, type Session } from '../db/session.js';
import type { LedgerWrite } from '../ledger/ledger.js';
import { markVariable } from '../ledger/ledger-sql.js';
import type { MysqlLedger } from '../ledger/mysql-ledger.js';
import { STOP_CHECK_SQL, STOP_ERROR } from '../lock/mysql-lock.js';
import { DatabaseChanged, type BatchFailure, type StepRunner } from './runner.js';
import { watchRoundTrip, type WatchOptions } from './server-watch.js';
import { DATABASE_CHECK_ERROR, databaseCheckSql } from './session-database.js';
import { resetSql } from './session-reset.js';
import type { StepItem } from './step-script.js';

/** One command as sent, and the item it belongs to (an atomic item owns its START TRANSACTION and COMMIT). */
interface Command {
  readonly sql: string;
  readonly owner: StepItem;
}

function commandsOf(item: StepItem, render: (write: LedgerWrite) => string, databaseCheck: string): Command[] {
  if ('statement' in item) return [{ sql: item.statement.sql.replace(/;\s*$/, ''), owner: item }];
  if ('ledgerWrite' in item) return [{ sql: render(item.ledgerWrite), owner: item }];
  if ('checkpoint' in item) return [{ sql: item.mark === undefined ? STOP_CHECK_SQL : `${STOP_CHECK_SQL}, ${markVariable(item.mark)} = UTC_TIMESTAMP(3)`, owner: item }];
  if ('databaseCheck' in item) return [{ sql: databaseCheck, owner: item }];
  if ('resetSession' in item) return [{ sql: resetSql(item.resetSession), owner: item }];
  return [{ sql: 'START TRANSACTION', owner: item }, ...item.atomic.flatMap((inner) => commandsOf(inner, render, databaseCheck)), { sql: 'COMMIT', owner: item }];
}

/**
 * The commands that run `items`, as text without the final `;`: statements as written, ledger writes as
 * `render` gives them, an atomic item in one transaction, stop points, database checks (the text
 * `databaseCheck`, see databaseCheckSql), session resets. The engine sends these; `plan --sql` prints them.
 */
export function itemCommands(items: readonly StepItem[], render: (write: LedgerWrite) => string, databaseCheck: string): string[] {
  return items.flatMap((item) => commandsOf(item, render, databaseCheck).map((command) => command.sql));
}

function failureOf(error: unknown, failed: StepItem, hung: boolean): BatchFailure {
  if (hung) return 'not-answering';
  // After a lost connection nobody knows what the server did with the statement in flight.
  if (isConnectionLost(error)) return 'connection';
  return 'checkpoint' in failed && isServerError(error, STOP_ERROR) ? 'stopped' : 'server';
}

export interface MysqlRunnerOptions extends Partial<Omit<WatchOptions, 'probe'>> {
  /** A second connection to the same server, for the watch (liveness, progress, stop); without it nothing is watched. */
  readonly probe?: () => Promise<Session>;
}

/** The session's default database now (null: none), for the message of a failed database check; undefined when it cannot be read. */
async function currentDatabase(session: Session): Promise<string | null | undefined> {
  const rows = await session.query<Array<{ name: string | null }>>('SELECT DATABASE() AS name').catch(() => undefined);
  return rows?.[0]?.name;
}

/** Default seconds the server may stay silent (see WatchOptions). */
export const DEFAULT_SERVER_TIMEOUT_SECONDS = 60;
const DEFAULT_POLL_SECONDS = 2;

/**
 * Runs items on the migration session: each batch is one multi-statement round trip (Session.script), which
 * the server runs in order and stops at the first error; the count of results says which item that was.
 * Ledger writes are rendered with the ledger's SQL. With a probe, each round trip is watched from a second
 * connection (server-watch.ts).
 */
export function createMysqlRunner(session: Session, ledger: MysqlLedger, options: MysqlRunnerOptions = {}): StepRunner {
  const render = (write: LedgerWrite) => {
    const command = ledger.sql.write(write);
    return session.format(command.sql, command.values);
  };
  const databaseCheck = databaseCheckSql(session.database, (sql, values) => session.format(sql, values));
  // Sizing renders an item; sending it again reuses that text.
  const rendered = new WeakMap<StepItem, Command[]>();
  const commands = (item: StepItem) => rendered.get(item) ?? rendered.set(item, commandsOf(item, render, databaseCheck)).get(item)!;
  const { probe } = options;
  return {
    async run(items, hooks) {
      const sent = items.flatMap(commands);
      const watch = probe === undefined ? undefined : watchRoundTrip(session, {
        probe, serverTimeoutSeconds: options.serverTimeoutSeconds ?? DEFAULT_SERVER_TIMEOUT_SECONDS,
        pollSeconds: options.pollSeconds ?? DEFAULT_POLL_SECONDS, signal: options.signal, cancel: options.cancel,
      }, hooks);
      try {
        const result = await session.script(sent.map((command) => command.sql));
        return { ok: true, ...(result.inTransaction === undefined ? {} : { inTransaction: result.inTransaction }),
          ...(result.autocommit === undefined ? {} : { autocommit: result.autocommit }) };
      } catch (error) {
        const completed = error instanceof ScriptError ? error.completed : 0;
        const cause = error instanceof ScriptError ? error.cause : error;
        const failed = sent[Math.min(completed, sent.length - 1)]!.owner;
        const failure = failureOf(cause, failed, watch?.hung ?? false);
        if (failure === 'server' && 'databaseCheck' in failed && isServerError(cause, DATABASE_CHECK_ERROR)) {
          return { ok: false, failed, failure, error: new DatabaseChanged(session.database, await currentDatabase(session)) };
        }
        return { ok: false, failed, error: cause, failure };
      } finally {
        await watch?.stop();
      }
    },
    size: (item) => commands(item).reduce((sum, command) => sum + Buffer.byteLength(command.sql) + 3, 0),
    async reset() {
      await session.query('ROLLBACK');
      await session.query('SET autocommit = 1');
      // A statement of unknown effect may have left another database the default (a USE in dynamic SQL).
      await session.query(`USE ${quoteIdentifier(session.database)}`);
    },
    async maxBatchBytes() {
      return (await session.serverInfo()).maxAllowedPacket;
    },
  };
}
