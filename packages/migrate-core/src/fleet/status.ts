// `status` of a fleet: what is pending where, with one query per database over a few connections. Each
// database's document is the single-database status document (statusOf), so a fleet reads like many services.
import { quoteIdentifier } from '../db/identifiers.js';
import { ERRNO, isConnectionLost, isServerError, type ServerErrorName } from '../db/server-errors.js';
import type { Session } from '../db/session.js';
import { commandHint, findingOf, MigrateError } from '../errors.js';
import type { ErrorReport, StatusReport } from '../engine/report.js';
import { statusOf } from '../engine/status.js';
import { withAcceptedChecksums } from '../engine/verify.js';
import { toLedgerRow } from '../ledger/ledger-sql.js';
import { lockName } from '../lock/mysql-lock.js';
import type { LedgerRow, MigrationFile } from '../model.js';
import type { MigrationSource } from '../repository/index.js';
import { runPool } from './pool.js';
import { serverSessions, type FleetServer, type ServerSessions } from './server.js';

/** A database's status document, with the error that kept it from being read. */
export type MemberStatus = StatusReport & { readonly error?: ErrorReport };

export interface FleetStatusSummary {
  readonly total: number;
  readonly upToDate: number;
  readonly pending: number;
  readonly dirty: number;
  readonly failed: number;
  readonly unreachable: number;
  /** Databases with an issue that blocks migrate (an edited or missing migration, out of order), whatever their state. */
  readonly withIssues: number;
}

/** Issues that block migrate: they make `status` exit 3. A migration in progress does not. */
export const BLOCKING_STATUS_ISSUES: ReadonlySet<string> = new Set(['CHECKSUM_MISMATCH', 'MISSING_FILE', 'DIRTY', 'OUT_OF_ORDER', 'OUTCOME_UNKNOWN']);

export type MemberState = 'upToDate' | 'pending' | 'dirty' | 'failed' | 'unreachable';
/** Error codes of a database that could not be read at all: no connection, or no rights on it. */
const UNREACHABLE: ReadonlySet<string> = new Set<string>(['CONNECTION', 'ACCESS_DENIED', 'PROTOCOL_CONNECTION_LOST', 'ECONNRESET',
  ...(['ER_DBACCESS_DENIED_ERROR', 'ER_TABLEACCESS_DENIED_ERROR'] satisfies ServerErrorName[])]);

export function memberState(status: MemberStatus): MemberState {
  if (status.error !== undefined) return UNREACHABLE.has(status.error.code) ? 'unreachable' : 'failed';
  if (status.dirty !== null) return 'dirty';
  return status.pending.length > 0 ? 'pending' : 'upToDate';
}

export const hasBlockingIssue = (status: MemberStatus) => status.issues.some((issue) => BLOCKING_STATUS_ISSUES.has(issue.code));

export function summarizeStatus(statuses: readonly MemberStatus[]): FleetStatusSummary {
  const states = statuses.map(memberState);
  const count = (state: MemberState) => states.filter((s) => s === state).length;
  return {
    total: statuses.length, upToDate: count('upToDate'), pending: count('pending'), dirty: count('dirty'), failed: count('failed'),
    unreachable: count('unreachable'), withIssues: statuses.filter(hasBlockingIssue).length,
  };
}

/**
 * Ledger rows and lock holder of `database`: one query, the holder on every row. A second query only when the
 * ledger is empty or missing (nothing applied yet, but a first migrate may be running right now).
 */
async function readLedger(session: Session, database: string, ledgerTable: string): Promise<{ rows: LedgerRow[]; holder: number | null }> {
  const lock = lockName(database, ledgerTable);
  const holderOf = (value: unknown) => (value === null || value === undefined ? null : Number(value));
  let raw: Array<Record<string, unknown>>;
  try {
    raw = await session.query<Array<Record<string, unknown>>>(
      `SELECT IS_USED_LOCK(?) AS \`__lock_holder\`, \`l\`.* FROM ${quoteIdentifier(database)}.${quoteIdentifier(ledgerTable)} AS \`l\` ORDER BY \`l\`.\`seq\``, [lock]);
  } catch (error) {
    if (!isServerError(error, 'ER_NO_SUCH_TABLE')) throw error;
    raw = [];
  }
  if (raw.length > 0) return { rows: raw.map(toLedgerRow), holder: holderOf(raw[0]!.__lock_holder) };
  // No ledger, or an empty one; the server says "no such table" for a database that does not exist, too.
  const [row] = await session.query<Array<{ holder: unknown; present: number }>>(
    'SELECT IS_USED_LOCK(?) AS `holder`, (SELECT COUNT(*) FROM `information_schema`.`SCHEMATA` WHERE `SCHEMA_NAME` = ?) AS `present`', [lock, database]);
  if (Number(row?.present) === 0) throw Object.assign(new Error(`Unknown database '${database}'`), { errno: ERRNO.ER_BAD_DB_ERROR });
  return { rows: [], holder: holderOf(row?.holder) };
}

export interface ProbeContext {
  readonly source: MigrationSource;
  readonly files: readonly MigrationFile[];
  readonly ledgerTable: string;
  readonly root?: string | undefined;
}

function failedStatus(database: string, ledgerTable: string, error: ErrorReport): MemberStatus {
  return { database, ledgerTable, current: null, applied: [], pending: [], dirty: null, issues: [], lockedBy: null, error };
}

function probeError(database: string, error: unknown): ErrorReport {
  if (isServerError(error, 'ER_BAD_DB_ERROR')) {
    return { code: 'NO_DATABASE', severity: 'error', message: `Database \`${database}\` does not exist.`, hint: `Create it with ${commandHint('migrate', '--database', database, '--create-database')}.` };
  }
  const report = findingOf(error);
  return { ...report, message: report.message.startsWith(database) ? report.message : `${database}: ${report.message}` };
}

/** What a database's migrator would read: its ledger rows, the files (with accepted checksums), the lock holder. */
export interface MemberLedger {
  readonly rows: readonly LedgerRow[];
  readonly files: readonly MigrationFile[];
  readonly holder: number | null;
}

/** Reads one database's ledger on a session without a default database: one query. */
export async function readMemberLedger(session: Session, database: string, ctx: ProbeContext): Promise<MemberLedger> {
  const { rows, holder } = await readLedger(session, database, ctx.ledgerTable);
  return { rows, holder, files: await withAcceptedChecksums(ctx.files, rows, ctx.source.acceptedChecksums) };
}

/** The status document of one database, read on a session without a default database. */
export async function probeDatabase(session: Session, database: string, ctx: ProbeContext): Promise<MemberStatus> {
  const { rows, files, holder } = await readMemberLedger(session, database, ctx);
  return statusOf(database, ctx.ledgerTable, rows, files, holder, ctx.root);
}

/** Whether an error means the worker's connection is gone (the next database needs a new one). */
export const connectionLost = (error: unknown) => isConnectionLost(error) || (error instanceof MigrateError && error.code === 'CONNECTION');

export interface FleetProbeOptions extends ProbeContext {
  readonly server: FleetServer;
  readonly databases: readonly string[];
  readonly concurrency: number;
  readonly onDone?: ((status: MemberStatus) => void) | undefined;
  /** Reuse these connections (e.g. the one that found the members); closed by the caller. */
  readonly sessions?: ServerSessions;
}

/** Probes every database over `concurrency` connections; a database that cannot be read gets an `error`. */
export async function probeFleet(options: FleetProbeOptions): Promise<MemberStatus[]> {
  const sessions = options.sessions ?? serverSessions(options.server);
  try {
    const run = await runPool<MemberStatus>(options.databases, async (database, worker) => {
      let session: Session;
      try {
        session = await sessions.get(worker);
      } catch (error) {
        return failedStatus(database, options.ledgerTable, findingOf(error));
      }
      try {
        return await probeDatabase(session, database, options);
      } catch (error) {
        if (connectionLost(error)) sessions.discard(worker);
        return failedStatus(database, options.ledgerTable, probeError(database, error));
      }
    }, {
      concurrency: options.concurrency,
      continueOnError: true,
      isFailure: () => false,
      skipped: (database) => failedStatus(database, options.ledgerTable, { code: 'SKIPPED', severity: 'error', message: 'not read' }),
      crashed: (database, error) => failedStatus(database, options.ledgerTable, findingOf(error)),
      onDone: options.onDone,
    });
    return run.results;
  } finally {
    if (options.sessions === undefined) await sessions.close();
  }
}
