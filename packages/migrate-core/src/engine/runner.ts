import type { StepItem } from './step-script.js';

/**
 * What the executor sends a step's items through: the MySQL session (createMysqlRunner), or a fake in tests.
 * The executor groups items into batches; a runner sends each batch as one round trip.
 */
export interface StepRunner {
  /**
   * Runs the items in order and stops at the first failure, rejecting with its error: the items before it
   * took effect, it and those after it did not (an atomic item takes effect whole or not at all).
   */
  run(items: readonly StepItem[]): Promise<void>;
  /** The item's size as sent, in bytes: a batch stays under the executor's cap unless one item alone is larger. */
  size(item: StepItem): number;
  /** After a failed batch: ends a transaction the failure may have left open. */
  reset(): Promise<void>;
}
