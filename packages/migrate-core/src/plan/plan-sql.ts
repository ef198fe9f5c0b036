import { prefixChecksums } from '../checksum.js';
import { quoteIdentifier } from '../db/identifiers.js';
import { ledgerSql, type RawSql, type SqlCommand } from '../ledger/ledger-sql.js';
import { lockName } from '../lock/mysql-lock.js';
import type { Step } from '../model.js';
import type { ParsedStatement } from '../statements.js';
import { DEFAULT_LOCK_TIMEOUT_SECONDS } from '../migrator.js';

/** A value printed as SQL as is (a server expression), not as a quoted literal. */
const raw = (sql: string): RawSql => ({ toSqlString: () => sql });
const NOW = raw('UTC_TIMESTAMP(3)');
const BY = raw("CONCAT(CURRENT_USER(), ' (by hand)')");
const DURATION = raw('TIMESTAMPDIFF(MICROSECOND, `started_at`, UTC_TIMESTAMP(3)) DIV 1000');

export type Format = (sql: string, values: readonly unknown[]) => string;

export interface PlannedStep {
  readonly step: Step;
  readonly statements: readonly ParsedStatement[];
}

export interface PlanSqlInput {
  readonly database: string;
  readonly ledgerTable: string;
  readonly title: string;
  readonly steps: readonly PlannedStep[];
  /** The first free position in the order of application (max seq of the ledger + 1). */
  readonly nextSeq: number;
  /** mysql2's `format`: fills `?` with escaped literals. */
  readonly format: Format;
}

/**
 * The exact statements `migrate`/`rollback` would send, in order, as one SQL script for a DBA: lock, ledger
 * table, each step's ledger row, its statements with their progress updates (data statements in a
 * transaction, as the engine runs them), the final ledger state, unlock. Pure.
 */
export function renderPlanSql(input: PlanSqlInput): string {
  const sql = ledgerSql(input.ledgerTable);
  const line = (command: SqlCommand) => `${input.format(command.sql, command.values)};`;
  const lock = lockName(input.database, input.ledgerTable);
  const out = [
    `-- ${input.title}`,
    `-- Run as one session on database \`${input.database}\`; stop at the first error (the ledger then records where).`,
    `USE ${quoteIdentifier(input.database)};`,
    line({ sql: 'SELECT GET_LOCK(?, ?)', values: [lock, DEFAULT_LOCK_TIMEOUT_SECONDS] }),
    line(sql.createTable()),
  ];
  let seq = input.nextSeq;
  input.steps.forEach(({ step, statements }, i) => {
    const id = step.migration.id;
    const prefixes = prefixChecksums(statements);
    const completion = step.direction === 'up'
      ? line(sql.completeUp({ id, checksum: step.migration.checksum, at: NOW, ms: DURATION, done: statements.length, doneChecksum: prefixes[statements.length]! }))
      : line(sql.completeDown({ id }));
    out.push('', `-- [${i + 1}/${input.steps.length}] ${id} ${step.direction}${step.resume ? `, resuming at statement ${step.startAt}` : ''} (${statements.length} statement${statements.length === 1 ? '' : 's'})`);
    if (step.resume) out.push(line(sql.resume({ id, total: statements.length, by: BY })));
    else if (step.direction === 'up') out.push(line(sql.beginUp({ id, seq: seq++, checksum: step.migration.checksum, total: statements.length, at: NOW, by: BY })));
    else out.push(line(sql.beginDown({ id, total: statements.length, at: NOW, by: BY })));
    const remaining = statements.slice(step.startAt - 1);
    for (const statement of remaining) {
      const after = statement.index === statements.length ? completion
        : line(sql.progress({ id, done: statement.index, doneChecksum: prefixes[statement.index]! }));
      const body = `${statement.sql.replace(/;\s*$/, '')};`;
      out.push(...(statement.kind === 'dml' ? ['START TRANSACTION;', body, after, 'COMMIT;'] : [body, after]));
    }
    if (remaining.length === 0) out.push(completion);
  });
  out.push('', line({ sql: 'SELECT RELEASE_LOCK(?)', values: [lock] }));
  return `${out.join('\n')}\n`;
}
