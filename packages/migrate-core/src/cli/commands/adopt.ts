import { adoptDatabase } from '../../adopt/adopt.js';
import { renderFindings } from '../../findings.js';
import { describeUnmodelled } from '../../schema/objects/unmodelled.js';
import type { CommandResult, ContextOf } from '../command.js';
import { connectService } from '../connect.js';
import { ExitCode } from '../exit-codes.js';

/** `generate --from-database`: connects, adopts the database through the library, prints what it wrote and what next. */
export async function runAdopt(ctx: ContextOf<'generate'>): Promise<CommandResult> {
  const { service } = ctx;
  const session = await connectService(ctx, { createDatabase: false });
  const report = await adoptDatabase({ service, session, name: ctx.options.name }).finally(() => session.close());
  ctx.print(`${service.service}: adopted database \`${service.database}\`: ${report.tables} tables. Wrote:`);
  for (const file of report.files) ctx.print(`  ${file}`);
  if (report.filteredOut.length > 0) ctx.print(`note: left out by tablesFilter: ${report.filteredOut.join(', ')}`);
  for (const warning of report.warnings) ctx.print(`warning: ${warning}`);
  const uncaptured = report.uncaptured.map((difference) => ({ ...difference, severity: 'warning' as const, message: `not reproduced by the baseline: ${difference.message}` }));
  for (const line of renderFindings(uncaptured, { paint: ctx.style, indent: '' })) ctx.print(line);
  for (const line of describeUnmodelled(report.notAdopted)) ctx.print(`not adopted: ${line}`);
  ctx.print('Next:');
  report.next.forEach((step, i) => ctx.print(`  ${i + 1}. ${step}`));
  return { exitCode: ExitCode.ok, document: { ...report } };
}
