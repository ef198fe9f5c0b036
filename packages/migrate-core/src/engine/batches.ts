import type { Step } from '../model.js';
import type { StepRunner } from './runner.js';
import type { StatementPolicy } from './statement-policy.js';
import type { StepItem, StepScript, StepUnit } from './step-script.js';

/**
 * A batch never grows past this many bytes unless one statement alone is larger: half of the smallest default
 * `max_allowed_packet` in use (1 MiB on MySQL 5.5; 4 MiB on 5.7, 16 MiB on MariaDB, 64 MiB on MySQL 8), since
 * a server that receives a bigger packet drops the connection.
 */
export const BATCH_BYTES = 512 * 1024;

/** Items sent in one round trip, and the statements among them. */
export interface Batch {
  readonly items: readonly StepItem[];
  readonly units: readonly StepUnit[];
  /** The first statement after a crash, sent alone: an "already done" error from it counts as done. */
  readonly uncertain: boolean;
}

const sizeOf = (runner: StepRunner, items: readonly StepItem[]) => items.reduce((sum, item) => sum + runner.size(item), 0);

/**
 * Groups a step's script into round trips: normally one (ledger row, every statement with its ledger write),
 * split only when it grows past BATCH_BYTES. The runner stops each batch at the first error, so the ledger
 * still records exactly which statements ran, as if each had been sent alone.
 */
export function batchesOf(step: Step, script: StepScript, runner: StepRunner, policy: StatementPolicy): Batch[] {
  const batches: Batch[] = [];
  let items: StepItem[] = [{ ledgerWrite: script.begin }];
  let units: StepUnit[] = [];
  let size = sizeOf(runner, items);
  const flush = () => {
    if (items.length > 0) batches.push({ items, units, uncertain: false });
    items = [];
    units = [];
    size = 0;
  };
  for (const unit of script.units) {
    if (step.afterCrash && unit.statement.index === step.startAt && !policy.atomicWithProgress(unit.statement)) {
      const [body, ...rest] = unit.items;
      flush();
      batches.push({ items: [body!], units: [unit], uncertain: true });
      items = rest;
      size = sizeOf(runner, rest);
      continue;
    }
    const unitSize = sizeOf(runner, unit.items);
    if (units.length > 0 && size + unitSize > BATCH_BYTES) flush();
    items.push(...unit.items);
    units.push(unit);
    size += unitSize;
  }
  if (script.completion) items.push({ ledgerWrite: script.completion });
  flush();
  return batches;
}
