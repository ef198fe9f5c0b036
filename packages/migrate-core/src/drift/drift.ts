import type { Session } from '../db/session.js';
import { commandHint } from '../errors.js';
import { describeUnmodelled } from '../schema/objects/unmodelled.js';
import { introspectDatabase, type Introspection } from '../introspect/introspect.js';
import type { CanonicalSchema } from '../schema/canonical/model.js';
import { createMysqlLedger } from '../ledger/mysql-ledger.js';
import type { LedgerRow, MigrationFile, MigrationId } from '../model.js';
import { sourceOf, type MigrationRepository } from '../repository/index.js';
import { describeDirty, outOfOrderFiles, verifyApplied, withAcceptedChecksums } from '../engine/verify.js';
import { diffSchemas, type Difference } from '../schema/canonical/compare.js';
import { schemaFromSnapshot } from '../schema/canonical/from-snapshot.js';
import { alignExpressions } from './probe.js';
import { ownedObjects, withoutCrossDatabaseKeys } from './scope.js';

export interface DriftOptions {
  readonly session: Session;
  readonly repository: MigrationRepository;
  readonly ledgerTable: string;
  /**
   * The service's `tablesFilter`: live tables it does not keep belong to someone else (a database shared during
   * a split) and are not compared, as generate leaves them out of the migrations.
   */
  readonly tablesFilter?: readonly string[];
}

export interface DriftReport {
  readonly database: string;
  /** The migration whose snapshot the database was compared with; null when none is applied (an empty schema). */
  readonly against: MigrationId | null;
  /** No differences, and the comparison was reliable. */
  readonly inSync: boolean;
  /** False when the ledger or the files make the comparison doubtful (a failed migration, a missing snapshot). */
  readonly reliable: boolean;
  readonly differences: readonly Difference[];
  /** Why the comparison is unreliable, or what else looks wrong. */
  readonly warnings: readonly string[];
  /** Things deliberately not compared. */
  readonly notes: readonly string[];
  /** Time spent reading the database's catalog. */
  readonly introspectionMs: number;
  readonly serverVersion: string;
}

const EMPTY: CanonicalSchema = { tables: [], views: [] };

interface Baseline {
  readonly against: MigrationId | null;
  readonly expected: CanonicalSchema;
  readonly warnings: string[];
}

/** The snapshot of the newest applied migration that has one; warns about any newer one that has not. */
function pickBaseline(rows: readonly LedgerRow[], files: readonly MigrationFile[], repository: MigrationRepository): Baseline {
  const byId = new Map(files.map((file) => [file.id, file]));
  const applied = rows.filter((row) => row.state === 'applied').map((row) => row.id).sort().reverse();
  const warnings: string[] = [];
  for (const id of applied) {
    const file = byId.get(id);
    const read = file === undefined ? undefined : repository.snapshot(file);
    let problem = read?.ok === false ? read.error : undefined;
    if (read?.ok) {
      try {
        return { against: id, expected: schemaFromSnapshot(read.snapshot), warnings };
      } catch (error) {
        problem = `snapshot.json has a bad "objects" key (${(error as Error).message})`;
      }
    }
    warnings.push(file === undefined || read === undefined
      ? `${id} is applied but its folder is missing: compared with an older migration instead.`
      : `${repository.shown(file.snapshotPath)}: ${problem}: compared with an older migration instead.`);
  }
  return { against: null, expected: EMPTY, warnings };
}

/** Reasons the ledger gives to doubt the comparison: failed or interrupted migrations, pending ones out of order. */
function ledgerWarnings(rows: readonly LedgerRow[], files: readonly MigrationFile[], root: string | undefined): { warnings: string[]; reliable: boolean } {
  const warnings: string[] = [];
  for (const row of rows.filter((candidate) => candidate.state !== 'applied')) {
    warnings.push(`drift is unreliable: ${describeDirty(row, row.state === 'running').message} The database is between two schemas.`);
  }
  const early = outOfOrderFiles(files, rows);
  for (const file of early) warnings.push(`drift is unreliable: ${file.id} is not applied but sorts before applied migrations (run ${commandHint('migrate', '--allow-out-of-order')}).`);
  const reliable = warnings.length === 0;
  for (const issue of verifyApplied(files, rows, root).filter((candidate) => candidate.code === 'CHECKSUM_MISMATCH')) warnings.push(issue.message);
  return { warnings, reliable };
}

/** What a live database has that differs from the schema expected of it, and what was deliberately not compared. */
export interface LiveComparison {
  readonly differences: Difference[];
  readonly notes: string[];
}

/**
 * Compares `introspection`, read from the session's database, with `expected`: only the service's own part of
 * it (tablesFilter, the routines and events `expected` has), without cross-database foreign keys, and with the
 * CHECK and generated-column expressions of `expected` as the server prints them (asked on the session).
 *
 * @example
 * const { differences } = await compareWithExpected(session, schemaFromSnapshot(snapshot), await introspectDatabase(session), undefined);
 */
export async function compareWithExpected(session: Session, expected: CanonicalSchema, introspection: Introspection,
  tablesFilter: readonly string[] | undefined): Promise<LiveComparison> {
  const owned = ownedObjects(introspection.schema, tablesFilter, expected);
  const { schema: actual, notes } = withoutCrossDatabaseKeys(owned.schema);
  notes.push(...owned.notes, ...describeUnmodelled(introspection.unmodelled).map((line) => `not compared: ${line}`));
  const aligned = await alignExpressions(session, expected, actual);
  notes.push(...aligned.notes);
  return { differences: diffSchemas(aligned.schema, actual, { defaults: introspection.defaults }), notes };
}

/**
 * Compares the live database with the snapshot of its newest applied migration (by its ledger), both in the
 * canonical model. Read-only: it takes no lock and creates nothing.
 *
 * @example
 * const report = await detectDrift({ session, repository: openRepository(dir), ledgerTable: '_migrate_core_ledger' });
 * if (!report.inSync) for (const d of report.differences) console.log(d.message);
 */
export async function detectDrift(options: DriftOptions): Promise<DriftReport> {
  const { session } = options;
  const source = sourceOf(options.repository);
  const rows = await createMysqlLedger(session, options.ledgerTable).list();
  const files = await withAcceptedChecksums(await source.list(), rows, source.acceptedChecksums);
  const ledger = ledgerWarnings(rows, files, options.repository.root);
  const baseline = pickBaseline(rows, files, options.repository);
  const introspection = await introspectDatabase(session, { exclude: [options.ledgerTable] });
  const { differences, notes } = await compareWithExpected(session, baseline.expected, introspection, options.tablesFilter);
  const reliable = ledger.reliable && baseline.warnings.length === 0;
  return {
    database: session.database,
    against: baseline.against,
    inSync: reliable && differences.length === 0,
    reliable,
    differences,
    warnings: [...ledger.warnings, ...baseline.warnings],
    notes,
    introspectionMs: introspection.durationMs,
    serverVersion: introspection.serverVersion,
  };
}
