// Rollback's question before it destroys data: the down statements that drop tables or columns, with the rows
// they take, shown first; then --allow-data-loss, or a yes typed at a terminal, or nothing runs (exit 3). Dropping
// what holds no data (an empty table, a column that is NULL in every row) is only reported; a statement whose
// rows could not be counted is taken to hold data.
import { ciIsSet } from '../config/connection-plan.js';
import { repositoryOf } from '../config/load.js';
import type { Session } from '../db/session.js';
import { downDataLoss, type DownDataLoss } from '../engine/down-data-loss.js';
import type { StepGuard } from '../engine/migrator.js';
import { commandHint, type Issue } from '../errors.js';
import type { Target } from '../model.js';
import { sourceOf } from '../repository/index.js';
import { flavorOf } from '../sql/flavor.js';
import type { ContextOf } from './command.js';
import { listed } from './output.js';
import { targetArgs } from './target.js';

const rowsOf = (n: number) => `${n.toLocaleString('en-US')} row${n === 1 ? '' : 's'}`;

/** One line per destructive statement: where it is, what it drops, how much is there now. */
export function describeLoss(loss: DownDataLoss, file: string): string {
  const held = loss.uncounted !== undefined ? `rows not counted: ${loss.uncounted}`
    : loss.rows === null ? 'already gone'
    : loss.values === undefined || loss.values === null ? `${rowsOf(loss.rows)} now`
      : `${rowsOf(loss.rows)} now, ${loss.values.toLocaleString('en-US')} with a value in it`;
  return `${file}:${loss.line} (statement ${loss.statement}): ${loss.what} (${held})`;
}

const YES = new Set(['y', 'yes']);

/** Whether the statement takes data that is there now, or may: rows of a table, values of a column, or uncounted. */
const holdsData = (loss: DownDataLoss) => loss.uncounted !== undefined || ((loss.values === undefined ? loss.rows : loss.values) ?? 0) > 0;

/**
 * Where the data is, for the question at a terminal: the databases the losses that hold data name (the session's
 * for an unqualified name); a statement whose tables could not be read names none, and is said so.
 */
function lossPlaces(losses: readonly DownDataLoss[], database: string): string {
  const held = losses.filter(holdsData);
  const named = [...new Set(held.filter((loss) => loss.table !== '').map((loss) => `\`${loss.database ?? database}\``))];
  const places = named.length === 0 ? [] : [`on ${listed(named)}`];
  if (held.some((loss) => loss.table === '')) places.push('in tables of statements it could not read');
  return places.join(', and ');
}

/**
 * The guard rollback runs under the lock, once it knows its steps. `found` receives what would be lost (for the
 * JSON document). Asks only when stdin and stdout are terminals (the bin sets `io.ask`), never in CI or with --json
 * (main() gives no `ask` then).
 */
export function dataLossGuard(ctx: ContextOf<'rollback'>, session: Session, target: Target, found: DownDataLoss[]): StepGuard {
  return async (steps) => {
    const repository = repositoryOf(ctx.service);
    const losses = await downDataLoss({
      session, source: sourceOf(repository), steps, flavor: flavorOf((await session.serverInfo()).version),
      snapshotOf: (migration) => {
        const read = repository.snapshot(migration);
        return read.ok ? read.snapshot : undefined;
      },
    });
    found.push(...losses);
    if (losses.length === 0) return undefined;
    const files = new Map(steps.map((step) => [step.migration.id, repository.shown(step.migration.downPath)]));
    const lines = losses.map((loss) => `    - ${describeLoss(loss, files.get(loss.migrationId) ?? loss.migrationId)}`);
    const name = ctx.service.service;
    if (!losses.some(holdsData)) {
      ctx.warn(`${name}: dropping only what holds no data now:\n${lines.join('\n')}`);
      return undefined;
    }
    if (ctx.options.allowDataLoss) {
      ctx.warn(`${name}: ${ctx.style.warning('destroying data')} (--allow-data-loss):\n${lines.join('\n')}`);
      return undefined;
    }
    const again = commandHint('rollback', ...[targetArgs(target)].filter(Boolean), '--allow-data-loss');
    let refused = 'not confirmed: give --allow-data-loss, or answer yes at a terminal';
    if (ctx.io.ask !== undefined && !ciIsSet(ctx.env)) {
      ctx.print(`${name}: rolling back destroys data ${lossPlaces(losses, session.database)}:\n${lines.join('\n')}`);
      const answer = await ctx.io.ask(`${name}: type yes to run these statements: `);
      if (YES.has(answer.trim().toLowerCase())) return undefined;
      refused = `not confirmed: the answer was ${JSON.stringify(answer.trim())}`;
    }
    const issue: Issue = {
      code: 'DATA_LOSS', severity: 'error',
      message: `Rolling back would destroy data (${refused}):\n${lines.join('\n')}`,
      hint: `Back the data up if you need it, then run ${again}.`,
    };
    return issue;
  };
}
