import { commandHint, type Issue } from '../errors.js';
import type { Direction, LedgerRow, MigrationFile, MigrationId, Step, Target } from '../model.js';
import { shownPath } from '../repository/index.js';
import { describeDirty, dirtyRows, outOfOrderFiles, pendingFiles, sentTogether, verifyApplied } from './verify.js';

export interface PlanInput {
  readonly command: 'migrate' | 'rollback';
  /** Every migration folder, sorted by id. */
  readonly files: readonly MigrationFile[];
  readonly rows: readonly LedgerRow[];
  readonly target: Target;
  readonly allowOutOfOrder?: boolean;
  /** The workspace root: files in issues are named relative to it. */
  readonly root?: string | undefined;
}

export type PlanResult =
  | { readonly ok: true; readonly steps: readonly Step[] }
  | { readonly ok: false; readonly issues: readonly Issue[] };

/**
 * Decides which migrations to run, in which direction and from which statement, or why nothing may run.
 * Pure: the same ledger rows and files always give the same plan.
 *
 * @example
 * plan({ command: 'migrate', files, rows, target: { kind: 'latest' } })
 * // => { ok: true, steps: [{ migration: files[2], direction: 'up', startAt: 1, afterCrash: false }] }
 */
export function plan(input: PlanInput): PlanResult {
  const issues = [...verifyApplied(input.files, input.rows, input.root)];
  const dirty = dirtyRows(input.rows);
  const interrupted = input.command === 'migrate' ? sentTogether(dirty) : undefined;
  if (dirty.length > 1 && interrupted === undefined) issues.push(...dirty.map((row) => describeDirty(row, row.state === 'running')));
  const result = input.command === 'migrate'
    ? planMigrate(input, interrupted ?? (dirty.length === 1 ? dirty : []), issues)
    : planRollback(input, dirty.length === 1 ? dirty[0] : undefined, issues);
  return issues.length > 0 ? { ok: false, issues } : { ok: true, steps: result };
}

function unknownTarget(id: MigrationId, files: readonly MigrationFile[], why = 'is not a migration of this service'): Issue {
  const near = files.map((file) => file.id).filter((candidate) => candidate.includes(id) || id.includes(candidate.slice(0, 14)));
  return {
    code: 'UNKNOWN_TARGET', severity: 'error',
    migrationId: id,
    message: `${id} ${why}.`,
    hint: near.length > 0 ? `Did you mean ${near.slice(0, 3).join(', ')}?` : `Run ${commandHint('status')} to list the migrations.`,
  };
}

/**
 * The step that resumes the unfinished row `dirty` when it ran in `direction` (none when its folder is gone:
 * MISSING_FILE says so); a row of the other direction blocks, as DIRTY.
 */
function resumed(dirty: LedgerRow | undefined, direction: Direction, files: readonly MigrationFile[], issues: Issue[]): Step[] {
  if (dirty === undefined) return [];
  if (dirty.direction !== direction) {
    issues.push(describeDirty(dirty, dirty.state === 'running'));
    return [];
  }
  const migration = files.find((file) => file.id === dirty.id);
  return migration === undefined ? [] : [{ migration, direction, startAt: dirty.statementsDone + 1, afterCrash: dirty.state === 'running', resume: dirty }];
}

function planMigrate(input: PlanInput, dirty: readonly LedgerRow[], issues: Issue[]): Step[] {
  const { files, rows, target } = input;
  const steps = dirty.flatMap((row) => resumed(row, 'up', files, issues));
  let selected = pendingFiles(files, rows);
  switch (target.kind) {
    case 'latest':
      break;
    case 'to':
      if (!files.some((file) => file.id === target.id)) {
        issues.push(unknownTarget(target.id, files));
        return [];
      }
      selected = selected.filter((file) => file.id <= target.id);
      break;
    case 'steps':
      selected = selected.slice(0, Math.max(0, target.n - steps.length));
      break;
    case 'base':
      issues.push({ code: 'UNKNOWN_TARGET', severity: 'error', message: '`migrate --to base` goes nowhere: base is before every migration.',
        hint: `To undo every migration, run ${commandHint('rollback', '--to', 'base')}.` });
      return [];
  }
  const early = new Set(outOfOrderFiles(files, rows).map((file) => file.id));
  if (!input.allowOutOfOrder) {
    const newest = rows.map((row) => row.id).sort().at(-1);
    for (const file of selected.filter((candidate) => early.has(candidate.id))) {
      issues.push({
        code: 'OUT_OF_ORDER', severity: 'error',
        migrationId: file.id,
        message: `${file.id} is not applied but sorts before ${newest}, which is (it was probably merged from an older branch).`,
        hint: `If it does not depend on the later migrations, apply it with ${commandHint('migrate', '--allow-out-of-order')}. ` +
          `If no shared environment ran it yet, ${commandHint('rebase', file.id)} gives it a new id after them instead.`,
      });
    }
  }
  return [...steps, ...selected.map((migration): Step => ({ migration, direction: 'up', startAt: 1, afterCrash: false }))];
}

function planRollback(input: PlanInput, dirty: LedgerRow | undefined, issues: Issue[]): Step[] {
  const { files, rows, target } = input;
  const queue = resumed(dirty, 'down', files, issues);
  const applied = rows.filter((row) => row.state === 'applied').sort((a, b) => b.seq - a.seq);
  let chosen: LedgerRow[];
  switch (target.kind) {
    case 'latest':
    case 'steps': {
      const n = target.kind === 'steps' ? target.n : 1;
      chosen = applied.slice(0, Math.max(0, n - queue.length));
      break;
    }
    case 'base':
      chosen = applied;
      break;
    case 'to': {
      const anchor = applied.find((row) => row.id === target.id);
      if (anchor === undefined) {
        const known = files.some((file) => file.id === target.id) || rows.some((row) => row.id === target.id);
        issues.push(unknownTarget(target.id, files, known ? 'is not applied, so there is nothing to roll back to' : undefined));
        return [];
      }
      chosen = applied.filter((row) => row.seq > anchor.seq);
      break;
    }
  }
  const byId = new Map(files.map((file) => [file.id, file]));
  for (const row of chosen) {
    const migration = byId.get(row.id);
    if (migration === undefined) continue; // reported as MISSING_FILE
    queue.push({ migration, direction: 'down', startAt: 1, afterCrash: false });
  }
  for (const step of queue) {
    if (!step.migration.hasDown) {
      issues.push({
        code: 'NO_DOWN', severity: 'error',
        migrationId: step.migration.id,
        file: shownPath(step.migration.downPath, input.root),
        message: `${step.migration.id} has no down migration (${shownPath(step.migration.downPath, input.root)}), so it cannot be rolled back.`,
        hint: 'Write down.sql by hand (or regenerate the migration), then run the rollback again.',
      });
    }
  }
  return queue;
}
