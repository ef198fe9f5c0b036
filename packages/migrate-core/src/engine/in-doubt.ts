// Statements in doubt: after an interruption, the statement that may have been cut off, when nothing proves
// whether it took effect. `status` reports them; `resolve --statement-done|--statement-not-done` decides.
import type { Issue } from '../errors.js';
import type { Ledger } from '../ledger/ledger.js';
import type { LedgerRow, MigrationFile, MigrationId, Step } from '../model.js';
import { prefixChecksumsV2 } from '../sql/checksum.js';
import type { LoadedStep } from './executor.js';
import { fileOf } from './load-steps.js';
import { proveOutcome, type Inspector } from './proof.js';
import type { StepReport } from './report.js';
import type { StatementPolicy } from './statement-policy.js';
import { describeOutcomeUnknown } from './step-failure.js';
import { dirtyRows } from './verify.js';

export interface InDoubtContext {
  readonly load: (steps: readonly Step[]) => Promise<LoadedStep[]>;
  readonly policy: StatementPolicy;
  readonly inspector: Inspector;
  readonly root: string | undefined;
  readonly database: string;
  readonly ledger: Ledger;
}

/** OUTCOME_UNKNOWN issues of the dirty rows whose next statement may have been cut off and cannot be proven either way. */
export async function outcomeIssues(ctx: InDoubtContext, rows: readonly LedgerRow[], files: readonly MigrationFile[]): Promise<Issue[]> {
  const issues: Issue[] = [];
  for (const row of dirtyRows(rows).filter((candidate) => candidate.preIndex === candidate.statementsDone + 1)) {
    const migration = files.find((file) => file.id === row.id);
    if (migration === undefined || (row.direction === 'down' && !migration.hasDown)) continue;
    const step: Step = { migration, direction: row.direction, startAt: row.statementsDone + 1, afterCrash: row.state === 'running', resume: row };
    const [loaded] = await ctx.load([step]).catch(() => [undefined]);
    const statement = loaded?.statements[row.statementsDone];
    if (loaded === undefined || statement === undefined) continue;
    const verdict = await proveOutcome(row, statement, ctx.policy, ctx.inspector);
    if (verdict.kind === 'unknown') issues.push(describeOutcomeUnknown(loaded, statement, verdict.why));
  }
  return issues;
}

export type Settled =
  | { readonly kind: 'done'; readonly note: string; readonly step: StepReport }
  | { readonly kind: 'noop'; readonly note: string; readonly step?: undefined }
  | { readonly kind: 'unknown-migration'; readonly note?: undefined; readonly step?: undefined };

/** Records the next statement of `row` as done (the run goes on after it) or as not done (it runs again). */
export async function settleInDoubt(ctx: InDoubtContext, id: MigrationId, as: 'statement-done' | 'statement-not-done', row: LedgerRow | undefined, file: MigrationFile | undefined): Promise<Settled> {
  if (row === undefined || row.state === 'applied') {
    return { kind: 'noop', note: `${id} has no unfinished run in the ledger of \`${ctx.database}\`: no statement is in doubt; nothing to do.` };
  }
  if (file === undefined) return { kind: 'unknown-migration' };
  const step: Step = { migration: file, direction: row.direction, startAt: row.statementsDone + 1, afterCrash: false };
  const statements = (await ctx.load([step]))[0]!.statements;
  const k = step.startAt;
  const statement = statements[k - 1];
  if (statement === undefined) return { kind: 'unknown-migration' };
  const done = as === 'statement-done' ? k : row.statementsDone;
  const where = `statement ${k} (${statement.keyword}, ${fileOf(step, ctx.root)}:${statement.line})`;
  const note = as === 'statement-done' ? `${where} recorded as done by hand; the next run resumes at statement ${k + 1}`
    : `${where} recorded as not done by hand; the next run runs it`;
  await ctx.ledger.settle({ id, as: as === 'statement-done' ? 'done' : 'not-done', done, doneChecksum: prefixChecksumsV2(statements.slice(0, done))[done]!, note });
  return { kind: 'done', note: `${id}: ${note}.`, step: { id, direction: row.direction, status: 'done', durationMs: 0, statementsRun: 0, statementsTotal: statements.length } };
}
