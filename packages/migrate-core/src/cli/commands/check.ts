import { relative } from 'node:path';
import { checkService, type CheckReport } from '../../check/check.js';
import type { CheckProblem } from '../../check/problems.js';
import { sharedInConfig } from '../../config/shared-database.js';
import { renderFindings } from '../../findings.js';
import type { CommandResult, ContextOf } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { plural } from '../output.js';
import { shadowStarter } from '../shadow.js';


/** One clause on the shadow proof: where it ran, or why not. */
function shadowLine(report: CheckReport): string {
  const { shadow } = report;
  const seeds = shadow.seeds > 0 ? ` with ${plural(shadow.seeds, 'seed file')}` : '';
  if (shadow.proven) return `proven up, down and up again on ${shadow.server}${seeds} (${shadow.durationMs} ms)`;
  if (shadow.ran) return `the shadow proof on ${shadow.server}${seeds} failed (${shadow.durationMs} ms)`;
  return `shadow proof skipped (${shadow.skipped})`;
}

/** `check`: exit 3 with every problem and its fix, or 0 and one line; lint warnings and the shadow proof's outcome either way. */
export async function run(ctx: ContextOf<'check'>): Promise<CommandResult> {
  const noShadow = ctx.options.noShadow === true;
  const shadow = noShadow ? undefined : await shadowStarter(ctx);
  const checked = await checkService(ctx.service, { shadow, skipped: noShadow ? '--no-shadow: no migration was run on a server' : undefined });
  const shared = (await sharedInConfig(ctx.service)).map((found): CheckProblem => ({ code: 'SHARED_DATABASE', severity: 'error', file: relative(ctx.root, ctx.service.configFile), message: found.message, hint: found.hint }));
  const report = shared.length === 0 ? checked : { ...checked, ok: false, problems: [...shared, ...checked.problems] };
  const name = ctx.service.service;
  const { style } = ctx;
  if (report.ok) {
    const warned = report.warnings.length > 0 ? ` with ${plural(report.warnings.length, 'warning')}` : '';
    ctx.print(`${name}: check ${style.ok('ok')}${warned}: ${plural(report.migrations, 'migration')}, schema in sync, ${shadowLine(report)}.`);
  } else {
    ctx.print(`${name}: check ${style.error('failed')}: ${plural(report.problems.length, 'problem')}; ${shadowLine(report)}.`);
    for (const line of renderFindings(report.problems, { paint: style, label: 'fix:' })) ctx.print(line);
  }
  for (const line of renderFindings(report.warnings, { paint: style, label: 'safer:' })) ctx.print(line);
  if (!report.shadow.ran && noShadow) ctx.warn(`${name}: ${style.warning('warning:')} the shadow proof was skipped (--no-shadow): the migrations were not run on any server.`);
  return {
    exitCode: report.ok ? ExitCode.ok : ExitCode.blocked,
    document: { ok: report.ok, migrations: report.migrations, problems: report.problems, warnings: report.warnings, shadow: report.shadow, notes: report.notes },
  };
}
