import { runAdopt } from './adopt.js';
import { repositoryOf } from '../../config/load.js';
import { UsageError } from '../../errors.js';
import { acceptEdits } from '../../repository/index.js';
import { generateMigration, type GenerateReport } from '../../generate/generate.js';
import type { DataLossNote } from '../../generate/render.js';
import { flagBoolean, flagString, flagStrings, type CommandContext, type CommandResult } from '../command.js';
import { ExitCode } from '../exit-codes.js';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const indent = (sql: string) => sql.split('\n').map((line) => `    ${line}`).join('\n');

function refuseWith(ctx: CommandContext, flag: string, others: readonly string[]): void {
  const given = others.filter((name) => ctx.args.flags[name] !== undefined);
  if (given.length > 0) throw new UsageError(`--${flag} does not go with ${given.map((name) => `--${name}`).join(', ')}.`);
}

function runAcceptEdits(ctx: CommandContext, id: string): CommandResult {
  refuseWith(ctx, 'accept-edits', ['name', 'rename', 'no-renames', 'allow-data-loss', 'custom']);
  const report = acceptEdits(repositoryOf(ctx.service), id, ctx.service.service);
  const name = ctx.service.service;
  if (report.accepted.length === 0) ctx.print(`${name}: ${id}: up.sql and down.sql match ${report.snapshot}; nothing to accept.`);
  else {
    ctx.print(`${name}: accepted the edits to ${report.accepted.join(' and ')} of ${id}: their checksums are recorded in ${report.snapshot}.`);
    ctx.print('  The snapshot (the schema after this migration) is unchanged: if the edit changes tables, change the schema to match.');
  }
  return { exitCode: ExitCode.ok, document: { outcome: report.accepted.length === 0 ? 'noop' : 'accepted', ...report } };
}

function printStatements(ctx: CommandContext, file: string, statements: readonly string[], losses: readonly DataLossNote[]): void {
  ctx.print(`${file}:`);
  statements.forEach((sql, i) => {
    for (const loss of losses.filter((note) => note.statement === i + 1)) {
      ctx.print(`    -- DATA LOSS${file === 'up.sql' ? (loss.acknowledged ? ' (acknowledged)' : ' (NOT acknowledged)') : ''}: ${loss.what}`);
    }
    ctx.print(`${indent(sql)};`);
  });
}

function printWritten(ctx: CommandContext, report: GenerateReport, custom: boolean): void {
  const name = ctx.service.service;
  if (custom) {
    ctx.print(`${name}: wrote ${report.dir}/ (custom migration: write up.sql and down.sql by hand; its snapshot is the previous one)`);
    for (const file of report.files) ctx.print(`  ${file}`);
    return;
  }
  ctx.print(`${name}: wrote ${report.dir}/`);
  ctx.print(`  ${report.files[0]}  ${plural(report.up.length, 'statement')}`);
  ctx.print(`  ${report.files[1]}  ${plural(report.down.length, 'statement')}`);
  ctx.print(`  ${report.files[2]}`);
  printStatements(ctx, 'up.sql', report.up, report.upDataLoss);
  printStatements(ctx, 'down.sql', report.down, report.downDataLoss);
  if (report.downDataLoss.length > 0) ctx.print(`note: down.sql destroys data when run (marked DATA LOSS in the file): a rollback restores the tables, not their rows.`);
}

function warnUnacknowledged(ctx: CommandContext, report: GenerateReport): void {
  const open = report.upDataLoss.filter((loss) => !loss.acknowledged);
  if (open.length === 0) return;
  const name = ctx.service.service;
  ctx.warn(`${name}: WARNING: up.sql destroys data and is not acknowledged, so \`check\` fails until it is:`);
  for (const loss of open) ctx.warn(`  - statement ${loss.statement}: ${loss.what}`);
  ctx.warn(`  Review it. Then add the line \`-- migrate-core: allow-data-loss\` right above each such statement in ${report.files[0]}` +
    ` (or delete ${report.dir} and run generate again with --allow-data-loss).`);
}

/** `generate`: writes the next migration from the schema, a --custom one, or re-signs hand edits (--accept-edits). */
export async function run(ctx: CommandContext): Promise<CommandResult> {
  if (flagBoolean(ctx.args, 'from-database')) return runAdopt(ctx);
  if (flagBoolean(ctx.args, 'create-database')) throw new UsageError('--create-database goes with --from-database (generate alone never connects to a database).');
  const acceptId = flagString(ctx.args, 'accept-edits');
  if (acceptId !== undefined) return runAcceptEdits(ctx, acceptId);
  const custom = flagBoolean(ctx.args, 'custom');
  if (custom) refuseWith(ctx, 'custom', ['rename', 'no-renames', 'allow-data-loss']);
  const report = await generateMigration({
    service: ctx.service, name: flagString(ctx.args, 'name'), renames: flagStrings(ctx.args, 'rename'),
    noRenames: flagBoolean(ctx.args, 'no-renames'), allowDataLoss: flagBoolean(ctx.args, 'allow-data-loss'), custom,
  });
  for (const warning of report.warnings) ctx.warn(`${ctx.service.service}: warning: ${warning}`);
  if (report.outcome === 'noop') ctx.print(`${ctx.service.service}: no schema changes: nothing written.`);
  else printWritten(ctx, report, custom);
  for (const note of report.notes) ctx.print(`note: ${note}`);
  warnUnacknowledged(ctx, report);
  const { outcome, upDataLoss, downDataLoss, ...rest } = report;
  return { exitCode: ExitCode.ok, document: { outcome, ...rest, dataLoss: { up: upDataLoss, down: downDataLoss } } };
}
