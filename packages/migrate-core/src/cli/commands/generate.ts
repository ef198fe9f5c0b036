import { runAdopt } from './adopt.js';
import { repositoryOf } from '../../config/load.js';
import { acceptEdits, nameOfId } from '../../repository/index.js';
import { generateMigration, type GenerateReport } from '../../generate/generate.js';
import type { DataLossNote } from '../../generate/render.js';
import type { CommandResult, ContextOf } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { plural } from '../output.js';

const indent = (sql: string) => sql.split('\n').map((line) => `    ${line}`).join('\n');

type Context = ContextOf<'generate'>;
/** A value as a shell word: as is when safe, else single-quoted. */
const shellWord = (text: string) => (/^[\w.,:=@%+/-]+$/.test(text) ? text : `'${text.replace(/'/g, "'\\''")}'`);

function runAcceptEdits(ctx: Context, id: string): CommandResult {
  const report = acceptEdits(repositoryOf(ctx.service), id, ctx.service.service);
  const name = ctx.service.service;
  if (report.accepted.length === 0) ctx.print(`${name}: ${id}: up.sql and down.sql match ${report.snapshot}; nothing to accept.`);
  else {
    ctx.print(`${name}: accepted the edits to ${report.accepted.join(' and ')} of ${id}: their checksums are recorded in ${report.snapshot}.`);
    ctx.print('  The snapshot (the schema after this migration) is unchanged: if the edit changes tables, change the schema to match.');
  }
  return { exitCode: ExitCode.ok, document: { outcome: report.accepted.length === 0 ? 'noop' : 'accepted', ...report } };
}

function printStatements(ctx: Context, file: string, statements: readonly string[], losses: readonly DataLossNote[]): void {
  ctx.print(`${file}:`);
  statements.forEach((sql, i) => {
    for (const loss of losses.filter((note) => note.statement === i + 1)) {
      ctx.print(`    -- DATA LOSS${file === 'up.sql' ? (loss.acknowledged ? ' (acknowledged)' : ' (NOT acknowledged)') : ''}: ${loss.what}`);
    }
    ctx.print(`${indent(sql)};`);
  });
}

function printWritten(ctx: Context, report: GenerateReport, custom: boolean): void {
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

function warnUnacknowledged(ctx: Context, report: GenerateReport): void {
  const open = report.upDataLoss.filter((loss) => !loss.acknowledged);
  if (open.length === 0) return;
  const { options } = ctx;
  const again = ['--name', shellWord(options.name ?? nameOfId(report.id ?? '')), ...options.rename.flatMap((rename) => ['--rename', shellWord(rename)]),
    ...(options.noRenames ? ['--no-renames'] : []), '--allow-data-loss'];
  ctx.warn(`${ctx.service.service}: ${ctx.style.warning('WARNING:')} up.sql destroys data and is not acknowledged, so \`check\` fails until it is:`);
  for (const loss of open) ctx.warn(`  - statement ${loss.statement}: ${loss.what}`);
  ctx.warn(`  Review it. Then add the line \`-- migrate-core: allow-data-loss\` right above each such statement in ${report.files[0]}` +
    ` (or write it again acknowledged: \`rm -r ${shellWord(report.dir ?? '')} && migrate-core generate ${again.join(' ')}\`).`);
}

/** `generate`: writes the next migration from the schema, a --custom one, or re-signs hand edits (--accept-edits). */
export async function run(ctx: Context): Promise<CommandResult> {
  // Which options go together is checked before (the rules in specs.ts).
  const { fromDatabase, acceptEdits: acceptId, name, rename, noRenames, allowDataLoss, custom } = ctx.options;
  if (fromDatabase) return runAdopt(ctx);
  if (acceptId !== undefined) return runAcceptEdits(ctx, acceptId);
  const report = await generateMigration({ service: ctx.service, name, renames: rename, noRenames, allowDataLoss, custom });
  for (const warning of report.warnings) ctx.warn(`${ctx.service.service}: ${ctx.style.warning('warning:')} ${warning}`);
  if (report.outcome === 'noop') ctx.print(`${ctx.service.service}: no schema changes: nothing written.`);
  else printWritten(ctx, report, custom);
  for (const note of report.notes) ctx.print(`note: ${note}`);
  warnUnacknowledged(ctx, report);
  const { outcome, upDataLoss, downDataLoss, ...rest } = report;
  return { exitCode: ExitCode.ok, document: { outcome, ...rest, dataLoss: { up: upDataLoss, down: downDataLoss } } };
}
