import { POLICY, type Rerun, type RunMode } from '../sql/policy.js';
import type { Flavor } from '../sql/flavor.js';
import type { ParsedStatement } from '../statements.js';

/**
 * How the executor treats each class of statement, read from the one table in src/sql/policy.ts: how it runs,
 * what the ledger records before it, and what may happen to it after an interruption. New classes of statement
 * (and proofs for them) plug in here rather than into the executor.
 */
export interface StatementPolicy {
  /** `with-progress`: in one transaction with its ledger write; `alone`; `in-unit` (START ... COMMIT); `refused`. */
  runs(statement: ParsedStatement): RunMode;
  /** After an interruption that may have cut it off: never run again, run again once proven absent, or replayed. */
  rerun(statement: ParsedStatement): Rerun;
  /**
   * The ledger write before it records that it may start, with the signature of the objects it names: it does
   * not commit with its progress, so an interruption would otherwise leave its outcome open.
   */
  needsPreState(statement: ParsedStatement): boolean;
  /**
   * It may return several results (a CALL, a compound block): it ends its round trip, so that results still
   * count. It may also change the session in ways its text does not show (a USE in dynamic SQL or in a
   * procedure): the next round trip first checks the session's database (StepItem `databaseCheck`).
   */
  endsRoundTrip(statement: ParsedStatement): boolean;
  /**
   * On this server it takes effect whole or not at all, even when the server is killed: after an interruption,
   * objects that differ from their recorded signature prove it ran.
   */
  atomic(statement: ParsedStatement, flavor: Flavor): boolean;
}

/** Statements the server runs atomically when it has atomic DDL (MySQL 8.0; MariaDB 10.6). */
const ATOMIC_KEYWORDS = new Set(['CREATE TABLE', 'ALTER TABLE', 'DROP TABLE', 'RENAME TABLE', 'TRUNCATE TABLE', 'CREATE INDEX', 'DROP INDEX',
  'CREATE VIEW', 'ALTER VIEW', 'DROP VIEW', 'CREATE TRIGGER', 'DROP TRIGGER', 'CREATE PROCEDURE', 'DROP PROCEDURE', 'ALTER PROCEDURE',
  'CREATE FUNCTION', 'DROP FUNCTION', 'ALTER FUNCTION', 'CREATE EVENT', 'ALTER EVENT', 'DROP EVENT', 'CREATE SEQUENCE', 'DROP SEQUENCE', 'ALTER SEQUENCE']);

/** The first versions with atomic DDL, as executable comments write versions. */
const ATOMIC_DDL_SINCE: Record<Flavor['family'], number> = { mysql: 80000, mariadb: 100600 };

export function hasAtomicDdl(flavor: Flavor): boolean {
  return flavor.version >= ATOMIC_DDL_SINCE[flavor.family];
}

/**
 * MariaDB's atomic DDL has exceptions (MariaDB 10.6.1 release notes, MDEV-17567): a DROP of several tables is
 * atomic per table only; CREATE OR REPLACE and CREATE ... SELECT are crash-safe, not atomic. MySQL 8.0 makes all
 * of them atomic (CREATE ... SELECT since 8.0.21).
 */
function atomicOn(statement: ParsedStatement, flavor: Flavor): boolean {
  const ddl = statement.ddl;
  if (!ATOMIC_KEYWORDS.has(statement.keyword) || ddl === undefined || ddl.targets.length === 0 || !hasAtomicDdl(flavor)) return false;
  if (flavor.family === 'mysql') return !ddl.withSelect || flavor.version >= 80021;
  const dropsSeveral = statement.keyword.startsWith('DROP') && ddl.targets.length > 1;
  return !dropsSeveral && !ddl.orReplace && !ddl.withSelect;
}

const isTemporary = (statement: ParsedStatement) => statement.keyword.includes('TEMPORARY');

/** The table in src/sql/policy.ts, applied to the engine's statements. */
export const defaultStatementPolicy: StatementPolicy = {
  runs: (statement) => POLICY[statement.class].runs,
  rerun: (statement) => POLICY[statement.class].rerun,
  needsPreState: (statement) => POLICY[statement.class].rerun !== 'replayed' && POLICY[statement.class].runs === 'alone' && !isTemporary(statement),
  endsRoundTrip: (statement) => statement.class === 'unknown-effect',
  atomic: atomicOn,
};
