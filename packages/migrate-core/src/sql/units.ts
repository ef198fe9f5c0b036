import { factsOf, type ScanItem, type StatementFacts } from './model.js';

/**
 * How consecutive statements must run: one statement alone, or the migration's own transaction block
 * (`START TRANSACTION` or `BEGIN` ... `COMMIT` or `ROLLBACK`, both included) as one atomic unit.
 */
export type ExecutionUnit<S extends StatementFacts = StatementFacts> =
  | { readonly kind: 'statement'; readonly statements: readonly [S] }
  | { readonly kind: 'transaction'; readonly statements: readonly S[]; readonly closed: boolean };

export type UnitProblem =
  | 'UNCLOSED_TRANSACTION'
  | 'COMMIT_WITHOUT_START'
  /** DDL commits implicitly: the block's statements before it commit, the ones after it run outside any transaction. */
  | 'DDL_IN_TRANSACTION'
  /** START inside a block commits the open transaction implicitly. */
  | 'NESTED_START'
  /** Outside a block every statement commits at once, so a savepoint is gone as soon as it is made. */
  | 'SAVEPOINT_OUTSIDE_TRANSACTION';

export interface UnitFinding {
  readonly code: UnitProblem;
  readonly line: number;
  /** The statement's index in the file. */
  readonly index: number;
  readonly message: string;
}

const STARTS = new Set(['START TRANSACTION', 'BEGIN']);
const ENDS = new Set(['COMMIT', 'ROLLBACK']);
const SAVEPOINTS = new Set(['SAVEPOINT', 'RELEASE SAVEPOINT', 'ROLLBACK TO SAVEPOINT']);

/** DDL that does not commit: a temporary table lives in the session and may be used inside a block. */
const commitsImplicitly = (s: StatementFacts) => s.class === 'ddl' && !s.keyword.includes('TEMPORARY');

/**
 * Groups a file's statements (scanned items, or the engine's statements) into execution units and reports what
 * breaks a block's atomicity.
 */
export function unitsOf<S extends StatementFacts>(items: readonly (ScanItem | S)[]): { units: ExecutionUnit<S>[]; findings: UnitFinding[] } {
  const units: ExecutionUnit<S>[] = [];
  const findings: UnitFinding[] = [];
  const find = (code: UnitProblem, s: StatementFacts, message: string) => findings.push({ code, line: s.line, index: s.index, message });
  let block: S[] | undefined;
  for (const s of factsOf(items) as S[]) {
    if (block === undefined) {
      if (STARTS.has(s.keyword)) block = [s];
      else {
        if (ENDS.has(s.keyword)) find('COMMIT_WITHOUT_START', s, `${s.keyword} at line ${s.line} ends no transaction: no START TRANSACTION or BEGIN before it`);
        if (SAVEPOINTS.has(s.keyword)) find('SAVEPOINT_OUTSIDE_TRANSACTION', s, `${s.keyword} at line ${s.line} is outside START TRANSACTION ... COMMIT, where it has no effect`);
        units.push({ kind: 'statement', statements: [s] });
      }
      continue;
    }
    block.push(s);
    if (STARTS.has(s.keyword)) {
      find('NESTED_START', s, `${s.keyword} at line ${s.line} is inside the transaction started at line ${block[0]!.line}: it would commit that one first`);
    } else if (commitsImplicitly(s)) {
      find('DDL_IN_TRANSACTION', s, `${s.keyword} at line ${s.line} commits implicitly, which breaks the transaction started at line ${block[0]!.line}; move it out of the block`);
    } else if (ENDS.has(s.keyword)) {
      units.push({ kind: 'transaction', statements: block, closed: true });
      block = undefined;
    }
  }
  if (block !== undefined) {
    const start = block[0]!;
    find('UNCLOSED_TRANSACTION', start, `${start.keyword} at line ${start.line} is never ended by COMMIT or ROLLBACK`);
    units.push({ kind: 'transaction', statements: block, closed: false });
  }
  return { units, findings };
}
