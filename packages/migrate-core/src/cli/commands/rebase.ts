import { repositoryOf } from '../../config/load.js';
import { commandHint, MigrateError } from '../../errors.js';
import { hintLine } from '../../findings.js';
import { rebaseMigration } from '../../repository/index.js';
import type { CommandResult, ContextOf } from '../command.js';
import { withMigrator } from '../connect.js';
import { ExitCode } from '../exit-codes.js';

/** Whether the service's database has run `id` (a database that does not exist yet has run nothing). */
async function ranHere(ctx: ContextOf<'rebase'>, id: string): Promise<string | undefined> {
  try {
    return await withMigrator({ ...ctx, options: {} }, async (migrator, session) => ((await migrator.ledger.list()).some((row) => row.id === id) ? session.database : undefined));
  } catch (error) {
    if (error instanceof MigrateError && error.code === 'NO_DATABASE') return undefined;
    throw error;
  }
}

/**
 * `rebase <id>`: moves a migration made on a parallel branch on top of the others. Only migrations no shared
 * environment ran may get a new id: the one database it can see (this environment's) is checked; the others
 * are the user's to know. `--keep-id` keeps the id of one that ran somewhere.
 */
export async function run(ctx: ContextOf<'rebase'>): Promise<CommandResult> {
  const { id, keepId } = ctx.options;
  const name = ctx.service.service;
  if (!keepId) {
    const database = await ranHere(ctx, id);
    if (database !== undefined) {
      const message = `${id} has run on \`${database}\`: its id is in that ledger (and maybe in others), so it must keep it.`;
      const hint = `Keep its id and relink it instead: ${commandHint('rebase', id, '--keep-id')}; databases that lack the migration before it then apply that one with ${commandHint('migrate', '--allow-out-of-order')}.`;
      ctx.print(`${name}: ${ctx.style.warning('refused')}: ${message}`);
      ctx.print(hintLine(hint, { paint: ctx.style }));
      return { exitCode: ExitCode.blocked, document: { ok: false, error: { code: 'APPLIED', severity: 'error', message, hint } } };
    }
  }
  const report = rebaseMigration(repositoryOf(ctx.service), id, { keepId, now: new Date() });
  const moved = report.to === report.from ? `${report.from} now follows ${report.prevId}` : `${report.from} is now ${report.to}, after ${report.prevId}`;
  ctx.print(`${name}: rebased: ${moved}; its SQL is unchanged and its snapshot holds the schema after both.${report.rebuilt.length > 0 ? ` Rebuilt on top of it: ${report.rebuilt.join(', ')}.` : ''}`);
  ctx.print(hintLine(`run ${commandHint('check')}, then commit the migrations folder.${keepId ? ` Databases that ran ${report.from} before ${report.prevId} apply ${report.prevId} with ${commandHint('migrate', '--allow-out-of-order')}.` : ''}`, { paint: ctx.style }));
  return { exitCode: ExitCode.ok, document: { ok: true, ...report } };
}
