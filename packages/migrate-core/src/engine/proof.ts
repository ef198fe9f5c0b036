// Recovery by proof: after an interruption, whether the statement that may have been cut off took effect.
import { signatureFormat, type SignatureFormat } from '../ledger/signature-sql.js';
import type { LedgerRow } from '../model.js';
import type { Flavor } from '../sql/flavor.js';
import type { ObjectRef } from '../sql/targets.js';
import type { ParsedStatement } from '../statements.js';
import type { StatementPolicy } from './statement-policy.js';

/** What the engine can ask the server to prove an outcome. */
export interface Inspector {
  /** How the server reads SQL (executable comments) and whether it has atomic DDL. */
  flavor(): Promise<Flavor>;
  /**
   * The signature of `objects` now, exactly as the ledger records pre-states, in `format` (that of the recorded
   * one it is compared with; by default the one the ledger records now); null when it cannot tell.
   */
  signature(objects: readonly ObjectRef[], options?: { wholeObjects?: boolean; format?: SignatureFormat }): Promise<string | null>;
}

/**
 * - `run`: the statement did not take effect (or never started): run it;
 * - `done`: it took effect: record it done and go on with the next;
 * - `unknown`: nobody can tell; the migration stops until `resolve --statement-done|--statement-not-done`.
 */
export type Verdict =
  | { readonly kind: 'run'; readonly why: string }
  | { readonly kind: 'done'; readonly why: string }
  | { readonly kind: 'unknown'; readonly why: string };

/** DDL whose second run changes nothing more than the first (statistics, grants, maintenance): safe to run again. */
const REPEATABLE = new Set(['ANALYZE TABLE', 'OPTIMIZE TABLE', 'CHECK TABLE', 'REPAIR TABLE', 'GRANT', 'REVOKE', 'FLUSH', 'CACHE INDEX',
  'LOAD INDEX INTO CACHE', 'TRUNCATE TABLE']);

/**
 * The verdict on `statement`, the next one of `row` after an interruption (`row.statementsDone + 1`):
 * - no pre-state recorded for it: it never started (its pre-state is written just before it), or its
 *   progress commits with it: run it;
 * - a statement of unknown effect (CALL, a compound block) that may have started: unknown;
 * - DDL: its objects' signature now (in the recorded one's format) equal to the recorded one: it did not take
 *   effect; different, and the server runs it atomically: it took effect; a format this version does not know,
 *   or anything else: unknown.
 */
export async function proveOutcome(row: LedgerRow, statement: ParsedStatement, policy: StatementPolicy, inspector: Inspector): Promise<Verdict> {
  if (row.preIndex !== statement.index) return { kind: 'run', why: 'it had not started' };
  if (policy.rerun(statement) === 'never') {
    return { kind: 'unknown', why: `${statement.keyword} may have run, in part or in whole, and what it changed cannot be read back` };
  }
  const targets = statement.ddl?.targets ?? [];
  if (targets.length === 0) {
    return REPEATABLE.has(statement.keyword) ? { kind: 'run', why: `${statement.keyword} gives the same result when run again` }
      : { kind: 'unknown', why: `${statement.keyword} names no table, view or routine whose state can be compared` };
  }
  const format = row.preState === null || row.preState === undefined ? 'none' : signatureFormat(row.preState);
  if (format === undefined) return { kind: 'unknown', why: 'the signature recorded before it is of a later version of migrate-core, which this one cannot compute' };
  // In the recorded one's format: one that reads more (a table's partitions) never equals an earlier one's, and
  // an unchanged table would read as changed.
  const now = format === 'none' ? null : await inspector.signature(targets, { wholeObjects: statement.ddl?.wholeObjects ?? false, format });
  if (now === null) return { kind: 'unknown', why: 'no signature of the objects it names was recorded before it' };
  if (now === row.preState) {
    const unseen = changeNoSignatureShows(statement);
    return unseen !== undefined ? { kind: 'unknown', why: unseen } : { kind: 'run', why: `${names(targets)} ${targets.length === 1 ? 'is' : 'are'} as before it` };
  }
  if (policy.atomic(statement, await inspector.flavor())) {
    return { kind: 'done', why: `${names(targets)} changed, and the server runs ${statement.keyword} whole or not at all` };
  }
  return { kind: 'unknown', why: `${names(targets)} changed, but this server may have run ${statement.keyword} in part (no atomic DDL for it)` };
}

/**
 * Why a statement may have taken effect although the signature of its objects is as before, and running it
 * again would not give the same result: EXCHANGE PARTITION swaps the rows of a partition and a table, whose
 * structures stay as they were (a second run swaps them back).
 */
function changeNoSignatureShows(statement: ParsedStatement): string | undefined {
  if (statement.keyword === 'ALTER TABLE' && /\bEXCHANGE\s+PARTITION\b/i.test(statement.sql)) {
    return 'EXCHANGE PARTITION swaps rows between a partition and a table, which leaves their structure as it was, and running it again would swap them back';
  }
  return undefined;
}

const names = (targets: readonly ObjectRef[]) =>
  targets.map((t) => (t.kind === 'database' ? 'the database' : `\`${t.schema === undefined ? '' : `${t.schema}.`}${t.name}\``)).join(', ');
