import { quoteIdentifier } from '../db/identifiers.js';
import type { LedgerWrite } from '../ledger/ledger.js';
import { ledgerSql, rawSql, type SqlCommand } from '../ledger/ledger-sql.js';
import { DEFAULT_LOCK_TIMEOUT_SECONDS } from '../lock/lock.js';
import { lockName } from '../lock/mysql-lock.js';
import type { Step } from '../model.js';
import { terminatedLines } from '../sql/delimiter.js';
import type { ParsedStatement } from '../statements.js';
import { itemCommands } from '../engine/mysql-runner.js';
import { databaseCheckSql, type Format } from '../engine/session-database.js';
import { scriptItems, stepScript } from '../engine/step-script.js';

const BY = rawSql("CONCAT(CURRENT_USER(), ' (by hand)')");

/** mysql2's `format`: fills `?` with escaped literals (the type the engine's database check takes too). */
export type { Format } from '../engine/session-database.js';

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
 * transaction, as the engine runs them), the final ledger state, unlock. Each step as it runs alone: when
 * `migrate` sends steps together and they share their ledger writes (src/engine/shared-ledger.ts), it sends
 * the same statements and writes, the rows of the round trip gathered before them and the completions after.
 * Pure.
 */
export function renderPlanSql(input: PlanSqlInput): string {
  const sql = ledgerSql(input.ledgerTable, input.database);
  const line = (command: SqlCommand) => `${input.format(command.sql, command.values)};`;
  const render = (write: LedgerWrite) => {
    const command = sql.write(write, { by: BY });
    return input.format(command.sql, command.values);
  };
  const lock = lockName(input.database, input.ledgerTable);
  const databaseCheck = databaseCheckSql(input.database, input.format);
  const out = [
    `-- ${input.title}`,
    `-- Run as one session on database \`${input.database}\`; stop at the first error (the ledger then records where).`,
    `USE ${quoteIdentifier(input.database)};`,
    line({ sql: 'SELECT GET_LOCK(?, ?)', values: [lock, DEFAULT_LOCK_TIMEOUT_SECONDS] }),
    line(sql.createTable()),
  ];
  let seq = input.nextSeq;
  input.steps.forEach(({ step, statements }, i) => {
    // `applied_by` is written as the server's user (BY) when the script runs.
    const script = stepScript(step, statements, { by: 'by hand', nextSeq: () => seq++ });
    out.push('', `-- [${i + 1}/${input.steps.length}] ${step.migration.id} ${step.direction}${step.resume ? `, resuming at statement ${step.startAt}` : ''} (${statements.length} statement${statements.length === 1 ? '' : 's'})`);
    // A stored program's body holds `;`: it goes between DELIMITER lines, as the mysql client needs.
    out.push(...itemCommands(scriptItems(script), render, databaseCheck).flatMap(terminatedLines));
  });
  out.push('', line({ sql: 'SELECT RELEASE_LOCK(?)', values: [lock] }));
  return `${out.join('\n')}\n`;
}
