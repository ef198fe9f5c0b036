import { checkService } from '../../check/check.js';
import type { CommandContext, CommandResult } from '../command.js';
import { ExitCode } from '../exit-codes.js';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `check`: offline CI gate; exit 3 with every problem and its fix, or 0 and one line. */
export async function run(ctx: CommandContext): Promise<CommandResult> {
  const report = await checkService(ctx.service);
  const name = ctx.service.service;
  if (report.ok) {
    ctx.print(`${name}: check ok: ${plural(report.migrations, 'migration')}, schema in sync, nothing to fix.`);
  } else {
    ctx.print(`${name}: check failed: ${plural(report.problems.length, 'problem')}`);
    for (const problem of report.problems) ctx.print(`  ✗ [${problem.code}] ${problem.message}\n    fix: ${problem.hint}`);
  }
  return { exitCode: report.ok ? ExitCode.ok : ExitCode.blocked, document: { ok: report.ok, migrations: report.migrations, problems: report.problems, notes: report.notes } };
}
