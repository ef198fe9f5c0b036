// What the executor does when a round trip stops early: find the statement, record what the ledger can know,
// and say what happened and what to run next.
import { commandHint, excerpt, type Issue, type StatementError } from '../errors.js';
import type { LedgerWrite } from '../ledger/ledger.js';
import type { ParsedStatement } from '../statements.js';
import type { Batch, Oversized } from './batches.js';
import type { ExecutorContext, LoadedStep } from './executor.js';
import type { ErrorReport } from './report.js';
import { contains, DatabaseChanged, type BatchOutcome } from './runner.js';
import { serverMessageOf, stepError, toStatementError } from './step-errors.js';
import type { StepItem, StepUnit } from './step-script.js';
import { STOPPED_ON_REQUEST } from './verify.js';

export interface Failed {
  readonly error: StatementError | ErrorReport;
  /** Statements this run took from not done to done. */
  readonly statementsRun: number;
}

const firstLine = (text: string) => text.split('\n')[0]!;
const where = (loaded: LoadedStep, s: ParsedStatement) => `statement ${s.index} of ${loaded.statements.length} (${s.keyword}, ${loaded.file}:${s.line})`;
const again = (loaded: LoadedStep) => commandHint(loaded.step.direction === 'up' ? 'migrate' : 'rollback');
const ran = (loaded: LoadedStep, upTo: number) => Math.max(0, upTo - loaded.step.startAt);

/** The issue that stops `status` and `migrate` when nobody can tell whether `statement` took effect. */
export function describeOutcomeUnknown(loaded: LoadedStep, statement: ParsedStatement, why: string): Issue {
  const id = loaded.step.migration.id;
  return {
    code: 'OUTCOME_UNKNOWN', severity: 'error',
    migrationId: id,
    message: `${id}: the outcome of ${where(loaded, statement)} is unknown: it was interrupted, and ${why}.\n    ${excerpt(statement.sql, 160)}`,
    hint: `Check the database. If the statement took effect, run ${commandHint('resolve', id, '--statement-done')}; if it did not, run ` +
      `${commandHint('resolve', id, '--statement-not-done')} (it then runs again). Then run ${again(loaded)}.`,
  };
}

/** Stopped on request before `statement` (a signal): the ledger says exactly where. */
export async function stopped(ctx: ExecutorContext, loaded: LoadedStep, statement: ParsedStatement | undefined): Promise<ErrorReport> {
  const id = loaded.step.migration.id;
  const at = statement === undefined ? 'before its completion' : `before ${where(loaded, statement)}`;
  await ctx.ledger.fail({ id, error: `${STOPPED_ON_REQUEST} ${at}` });
  return stepError('INTERRUPTED', loaded.step, statement, loaded.file, `${id}: stopped on request ${at}; every statement before it ran and is recorded.`,
    `Run ${again(loaded)} to continue: it resumes ${statement === undefined ? 'there' : `at statement ${statement.index}`}.`);
}

export function oversized(loaded: LoadedStep, found: Oversized, limit: number): ErrorReport {
  const statement = 'statement' in found.item ? found.item.statement : found.unit?.statement;
  const what = statement === undefined ? 'an item of its ledger' : where(loaded, statement);
  return stepError('PACKET_TOO_LARGE', loaded.step, statement, loaded.file,
    `${loaded.step.migration.id}: ${what} is ${found.bytes} bytes, more than the server accepts in one packet (max_allowed_packet allows ${limit}); nothing of this migration ran.`,
    'Raise max_allowed_packet on the server (in its configuration, or SET GLOBAL max_allowed_packet = <bytes> for new connections), or split the statement into smaller ones.');
}

/** A migration's statement left a transaction open or autocommit off: rolled back, and its outcome is not known. */
export async function unclosedTransaction(ctx: ExecutorContext, loaded: LoadedStep, batch: Batch, atEnd: boolean): Promise<ErrorReport> {
  await ctx.runner.reset();
  const culprit = [...batch.units].reverse().find((unit) => unit.statement.class === 'unknown-effect')?.statement;
  const id = loaded.step.migration.id;
  await ctx.ledger.fail({ id, error: `${culprit ? `statement ${culprit.index}` : 'the migration'} left a transaction open`, keepPre: true });
  const what = culprit ? where(loaded, culprit) : 'a statement of it';
  return stepError('OPEN_TRANSACTION', loaded.step, culprit, loaded.file,
    `${id}: ${what} left a transaction open (or autocommit off)${atEnd ? ' at the end of the migration' : ''}; what it had not committed was rolled back, so what it changed is not known.`,
    `Make it commit its own work (or leave autocommit alone). Then check the database and run ${commandHint('resolve', id, '--statement-done')} or ` +
      `${commandHint('resolve', id, '--statement-not-done')}, then ${again(loaded)}.`);
}

/** The unit of the batch that holds `item`. */
const unitOf = (batch: Batch, item: StepItem): StepUnit | undefined => batch.units.find((unit) => unit.items.some((candidate) => contains(candidate, item)));
const isBlock = (unit: StepUnit) => unit.statements.length > 1;

/** The connection went away during `item`: nothing more can be written; the server may still be running the batch. */
function lost(loaded: LoadedStep, unit: StepUnit | undefined, item: StepItem, error: unknown, hung: boolean): Failed {
  const statement = 'statement' in item ? item.statement : 'databaseCheck' in item ? item.databaseCheck : unit?.statement;
  const id = loaded.step.migration.id;
  const during = statement === undefined ? 'while writing its ledger'
    : 'ledgerWrite' in item ? `after ${where(loaded, statement)}, while recording it in the ledger`
    : 'databaseCheck' in item ? `after ${where(loaded, statement)}, while checking the session's database` : `during ${where(loaded, statement)}`;
  const cause = hung ? 'the server stopped answering (not even a second connection got an answer)' : 'the connection to the server was lost';
  const detail = hung ? '' : ` (${firstLine(String((error as Error).message ?? error))})`;
  return {
    error: stepError(hung ? 'SERVER_NOT_ANSWERING' : 'CONNECTION_LOST', loaded.step, statement, loaded.file,
      `${id}: ${cause} ${during}${detail}. The server may still be running the statements it had received, and records each one it finishes in the ledger.`,
      `Once the server answers again, run ${commandHint('status')} to see where the migration stands, then ${again(loaded)}: it resumes there ` +
        '(a statement that may have been cut off is run again only once it is proven not to have taken effect).'),
    statementsRun: ran(loaded, statement?.index ?? loaded.step.startAt),
  };
}

/** A ledger write failed after its statement ran alone: write it once more; either way, say so. */
async function ledgerWriteFailed(ctx: ExecutorContext, loaded: LoadedStep, unit: StepUnit, write: LedgerWrite, error: unknown): Promise<Failed> {
  const id = loaded.step.migration.id;
  const statement = unit.statements.at(-1)!;
  const recorded = await ctx.ledger.write(write).then(() => true, () => false);
  // Recorded again: the row says where the run stands (a completion leaves the migration applied).
  if (recorded && write.kind !== 'complete') {
    await ctx.ledger.fail({ id, error: `the ledger write after statement ${statement.index} failed, then succeeded: ${firstLine(String((error as Error).message))}` }).catch(() => {});
  }
  return {
    error: stepError('LEDGER_WRITE', loaded.step, statement, loaded.file,
      `${id}: ${where(loaded, statement)} ran, but the engine's ledger write after it failed: ${serverMessageOf(error, statement)}. ` +
        (!recorded ? 'The ledger still shows it in progress; the next run proves whether it took effect.'
          : write.kind === 'complete' ? 'Written again: the migration is recorded applied.' : 'Written again: the ledger records it done.'),
      `Fix what stopped the ledger write (the table \`${ctx.ledger.table}\`, the server), then run ${again(loaded)}: it goes on after statement ${statement.index}.`),
    statementsRun: ran(loaded, recorded ? statement.index + 1 : statement.index),
  };
}

/**
 * `statement` (of unknown effect) ran, and the database check after it found the session in another database:
 * the runner's reset made the service's database the default again, before anything else ran. Its own block
 * was rolled back; a statement alone ran to its end, but what it did there is not known, so it is in doubt.
 */
async function databaseChanged(ctx: ExecutorContext, loaded: LoadedStep, unit: StepUnit, statement: ParsedStatement, error: DatabaseChanged): Promise<Failed> {
  const id = loaded.step.migration.id;
  const block = isBlock(unit);
  const into = error.found === undefined ? 'another database' : error.found === null ? 'no database' : `\`${error.found}\``;
  await ctx.ledger.fail({ id, error: `statement ${statement.index} (line ${statement.line}) changed the session's default database to ${into}`, keepPre: !block });
  const outcome = block
    ? `The transaction from line ${unit.statement.line} was rolled back (statements ${unit.statement.index}-${unit.statements.at(-1)!.index} run again at the next run).`
    : `It ran to its end; what it did in ${into} is not known.`;
  const next = block ? `then run ${again(loaded)}.`
    : `check ${into} for what it changed there, then run ${commandHint('resolve', id, '--statement-not-done')} to run the fixed statement again ` +
      `(or ${commandHint('resolve', id, '--statement-done')} to keep what it did), then ${again(loaded)}.`;
  return {
    error: stepError('DATABASE_CHANGED', loaded.step, statement, loaded.file,
      `${id}: ${where(loaded, statement)} changed the session's default database from \`${error.expected}\` to ${into} (a USE in dynamic SQL or in a procedure); ` +
        `the engine went back to \`${error.expected}\` and ran nothing after it. ${outcome}`,
      `A migration runs in its service's database: remove the USE (name another database's objects as \`db\`.\`table\`), ${next}`),
    statementsRun: ran(loaded, unit.statement.index),
  };
}

/** A round trip stopped at `outcome.failed`: record what can be known, and the error to report. */
export async function handleFailure(ctx: ExecutorContext, loaded: LoadedStep, batch: Batch, outcome: Extract<BatchOutcome, { ok: false }>): Promise<Failed> {
  const { failed, error } = outcome;
  const unit = unitOf(batch, failed);
  if (outcome.failure === 'connection' || outcome.failure === 'not-answering') return lost(loaded, unit, failed, error, outcome.failure === 'not-answering');
  if (outcome.failure === 'stopped') return { error: await stopped(ctx, loaded, unit?.statement), statementsRun: ran(loaded, unit?.statement.index ?? 0) };
  await ctx.runner.reset().catch(() => {});
  if (unit === undefined) throw error; // the ledger row itself could not be written: nothing ran
  if ('databaseCheck' in failed && error instanceof DatabaseChanged) return databaseChanged(ctx, loaded, unit, failed.databaseCheck, error);
  const id = loaded.step.migration.id;
  if ('ledgerWrite' in failed && !isBlock(unit) && !unit.items.some((item) => 'atomic' in item)) return ledgerWriteFailed(ctx, loaded, unit, failed.ledgerWrite, error);
  const statement = 'statement' in failed ? failed.statement : 'databaseCheck' in failed ? failed.databaseCheck : unit.statement;
  const note = 'ledgerWrite' in failed ? ` (while recording it in the ledger; it was rolled back with its record)`
    : isBlock(unit) ? ` (the transaction from line ${unit.statement.line} was rolled back: statements ${unit.statement.index}-${unit.statements.at(-1)!.index} run again at the next run)` : '';
  const keepPre = statement.class === 'unknown-effect' && !isBlock(unit);
  const statementError = toStatementError(loaded.file, loaded.step, statement, loaded.statements.length, error, note);
  await ctx.ledger.fail({ id, error: `statement ${statement.index} (line ${statement.line}): ${firstLine(serverMessageOf(error, statement))}${note}`, keepPre });
  return { error: statementError, statementsRun: ran(loaded, unit.statement.index) };
}
