import { relative } from 'node:path';
import { checkService } from '../../check/check.js';
import type { CheckProblem } from '../../check/problems.js';
import { sharedInConfig } from '../../config/shared-database.js';
import type { CommandResult, ContextOf } from '../command.js';
import { ExitCode } from '../exit-codes.js';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `check`: offline CI gate; exit 3 with every problem and its fix, or 0 and one line. */
export async function run(ctx: ContextOf<'check'>): Promise<CommandResult> {
  const checked = await checkService(ctx.service);
  const shared = (await sharedInConfig(ctx.service)).map((found): CheckProblem => ({ code: 'SHARED_DATABASE', file: relative(ctx.root, ctx.service.configFile), message: found.message, hint: found.hint }));
  const report = shared.length === 0 ? checked : { ...checked, ok: false, problems: [...shared, ...checked.problems] };
  const name = ctx.service.service;
  if (report.ok) {
    ctx.print(`${name}: check ${ctx.style.ok('ok')}: ${plural(report.migrations, 'migration')}, schema in sync, nothing to fix.`);
  } else {
    ctx.print(`${name}: check ${ctx.style.error('failed')}: ${plural(report.problems.length, 'problem')}`);
    for (const problem of report.problems) ctx.print(`  ${ctx.style.error('✗')} [${problem.code}] ${problem.message}\n    ${ctx.style.next('fix:')} ${problem.hint}`);
  }
  return { exitCode: report.ok ? ExitCode.ok : ExitCode.blocked, document: { ok: report.ok, migrations: report.migrations, problems: report.problems, notes: report.notes } };
}
