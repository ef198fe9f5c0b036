import { commandHint, UsageError, type Issue } from '../../errors.js';
import { renderFindings } from '../../findings.js';
import type { LedgerRow, Step, Target } from '../../model.js';
import { renderPlanSql, type Format, type PlannedStep } from '../../plan/plan-sql.js';
import { plan } from '../../engine/planner.js';
import { nextSeqOf } from '../../engine/verify.js';
import { createFolderSource } from '../../repository/index.js';
import type { CommandResult, ContextOf } from '../command.js';
import { withMigrator } from '../connect.js';
import { ExitCode } from '../exit-codes.js';
import { targetArgs, targetOf } from '../target.js';

type Planned = { steps: readonly Step[]; issues: readonly Issue[]; rows: readonly LedgerRow[] };

/** Offline: the database is assumed to have exactly the migrations up to `from` applied, in id order. */
async function offlinePlan(ctx: ContextOf<'plan'>, command: 'migrate' | 'rollback', target: Target, from: string): Promise<Planned> {
  const files = await createFolderSource(ctx.service.migrationsDir, { root: ctx.root }).list();
  if (from !== 'base' && !files.some((file) => file.id === from)) {
    throw new UsageError(`--from ${from} is not a migration of ${ctx.service.service}.`, `Run ${commandHint('status')}, or list the migrations folder.`);
  }
  const rows: LedgerRow[] = from === 'base' ? [] : files.filter((file) => file.id <= from).map((file, i) => ({
    id: file.id, seq: i + 1, checksum: file.checksum, state: 'applied', direction: 'up', statementsDone: 0, statementsTotal: 0,
    doneChecksum: null, startedAt: new Date(0), finishedAt: null, durationMs: null, error: null, appliedBy: null,
  }));
  const planned = plan({ command, files, rows, target, allowOutOfOrder: ctx.options.allowOutOfOrder, root: ctx.root });
  return planned.ok ? { steps: planned.steps, issues: [], rows } : { steps: [], issues: planned.issues, rows };
}

/** `plan`: what migrate/rollback would run, as a summary or (--sql) as the exact SQL script. */
export async function run(ctx: ContextOf<'plan'>): Promise<CommandResult> {
  const { from, allowOutOfOrder } = ctx.options;
  const command = ctx.options.rollback ? 'rollback' : 'migrate';
  const target = targetOf(command, ctx.options);
  // --offline and --from go together (the options' rules): offline exactly when --from says what is applied.
  const { steps, issues, rows } = from !== undefined
    ? await offlinePlan(ctx, command, target, from)
    : await withMigrator({ ...ctx, options: {} }, (migrator) => migrator.preview(command, { target, allowOutOfOrder }));
  const name = ctx.service.service;
  if (issues.length > 0) {
    for (const line of [`${name}: ${command} is blocked, so there is nothing to plan:`, ...renderFindings(issues, { paint: ctx.style })]) ctx.print(line);
    return { exitCode: ExitCode.blocked, document: { direction: command, steps: [], issues } };
  }
  const source = createFolderSource(ctx.service.migrationsDir, { root: ctx.root });
  const planned: PlannedStep[] = [];
  for (const step of steps) planned.push({ step, statements: await source.load(step.migration, step.direction) });
  const { format } = (await import('mysql2')).default as unknown as { format: Format };
  const title = `${command} ${targetArgs(target) || 'to the latest'} for service ${name}: ${planned.length} migration${planned.length === 1 ? '' : 's'}${from !== undefined ? ` (offline, from ${from})` : ''}`;
  const sql = planned.length === 0 ? `-- ${title}: nothing to do\n` : renderPlanSql({ database: ctx.service.database, ledgerTable: ctx.service.config.ledgerTable, title, steps: planned, format, nextSeq: nextSeqOf(rows) });
  if (ctx.options.sql) ctx.print(sql.trimEnd());
  else {
    ctx.print(`${name}: ${title}`);
    for (const { step, statements } of planned) {
      const count = statements.length - step.startAt + 1;
      ctx.print(`  ${step.direction === 'up' ? '+' : '-'} ${step.migration.id} ${step.direction} (${count} statement${count === 1 ? '' : 's'}${step.resume ? `, resuming at ${step.startAt}` : ''})`);
    }
    if (planned.length > 0) ctx.print('Run with --sql to print the exact SQL, ledger statements included.');
  }
  return {
    exitCode: ExitCode.ok,
    document: { direction: command, steps: planned.map(({ step, statements }) => ({ id: step.migration.id, direction: step.direction, startAt: step.startAt, statements: statements.length })), issues: [], sql },
  };
}
