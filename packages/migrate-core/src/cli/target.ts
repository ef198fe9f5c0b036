import { UsageError } from '../errors.js';
import type { Target } from '../model.js';

/** The target options of migrate, rollback and plan, as parsed. */
export interface TargetOptions {
  readonly to?: string | undefined;
  readonly steps?: number | undefined;
}

/**
 * `--to <id>` | `--to base` | `--steps <n>` -> the engine's Target. Without either: the latest for migrate, one
 * step for rollback. `migrate --to base` is the planner's to refuse (it says what to run instead).
 */
export function targetOf(command: 'migrate' | 'rollback', options: TargetOptions): Target {
  const { to, steps } = options;
  if (steps !== undefined && to !== undefined) throw new UsageError('Give either --steps or --to, not both.', `e.g. ${command} --steps 2, ${command} --to <id>, ${command} --to base.`);
  if (to === 'base') return { kind: 'base' };
  if (to !== undefined) return { kind: 'to', id: to };
  if (steps !== undefined) return { kind: 'steps', n: steps };
  return command === 'rollback' ? { kind: 'steps', n: 1 } : { kind: 'latest' };
}

/** The options that give `target` back (none for the latest). */
export function targetArgs(target: Target): string {
  switch (target.kind) {
    case 'latest':
      return '';
    case 'base':
      return '--to base';
    case 'to':
      return `--to ${target.id}`;
    case 'steps':
      return `--steps ${target.n}`;
  }
}
