import type { StepRunner } from './runner.js';
import type { StepItem, StepScript, StepUnit } from './step-script.js';

/**
 * A batch never grows past this many bytes unless one statement alone is larger: half of the smallest default
 * `max_allowed_packet` in use (1 MiB on MySQL 5.5; 4 MiB on 5.7, 16 MiB on MariaDB, 64 MiB on MySQL 8). A server
 * set lower gets batches under its own limit (see batchLimits).
 */
export const BATCH_BYTES = 512 * 1024;

/** Room kept in a packet for the protocol's header and the separators between statements. */
const PACKET_MARGIN = 1024;

/**
 * How large a round trip may grow: `batch`, the size batches are filled up to; `packet`, the most one round trip
 * may carry at all, since a server that receives a bigger packet drops the connection. A statement larger than
 * `batch` (a long extended INSERT of a dump) goes in a round trip of its own, up to `packet`.
 */
export interface BatchLimits {
  readonly batch: number;
  readonly packet: number;
}

/** The limits for a server whose max_allowed_packet is `maxAllowedPacket` (unknown: BATCH_BYTES for both). */
export function batchLimits(maxAllowedPacket: number | undefined): BatchLimits {
  if (maxAllowedPacket === undefined) return { batch: BATCH_BYTES, packet: BATCH_BYTES };
  const packet = Math.max(1, maxAllowedPacket - PACKET_MARGIN);
  return { batch: Math.min(BATCH_BYTES, packet), packet };
}

/** Items sent in one round trip, and the units they belong to. */
export interface Batch {
  readonly items: readonly StepItem[];
  readonly units: readonly StepUnit[];
  /** Its items' size as sent (runner.size). */
  readonly bytes: number;
}

/** An item alone larger than the server accepts in one packet: the step cannot run as written. */
export interface Oversized {
  readonly item: StepItem;
  readonly unit: StepUnit | undefined;
  readonly bytes: number;
}

/**
 * Groups a step's script into round trips: normally one (ledger row, every statement with its ledger write),
 * split when it grows past `limits.batch` bytes, and after each statement whose results cannot be counted (a
 * CALL); an item larger than `limits.packet` is reported as oversized.
 * The runner stops each batch at the first error and says which item failed, so the ledger still records
 * exactly which statements ran, as if each had been sent alone.
 */
export function batchesOf(script: StepScript, runner: StepRunner, limits: BatchLimits = batchLimits(undefined)): { batches: Batch[]; oversized?: Oversized } {
  const batches: Batch[] = [];
  let items: StepItem[] = [];
  let units: StepUnit[] = [];
  let size = 0;
  let oversized: Oversized | undefined;
  const flush = () => {
    if (items.length > 0) batches.push({ items, units, bytes: size });
    items = [];
    units = [];
    size = 0;
  };
  const add = (item: StepItem, unit: StepUnit | undefined) => {
    const bytes = runner.size(item);
    if (bytes > limits.packet) oversized ??= { item, unit, bytes };
    if (items.length > 0 && size + bytes > limits.batch) flush();
    if (unit !== undefined && units.at(-1) !== unit) units.push(unit);
    items.push(item);
    size += bytes;
  };
  add({ ledgerWrite: script.begin }, undefined);
  for (const item of script.replay) add(item, undefined);
  for (const unit of script.units) {
    unit.items.forEach((item, i) => {
      add(item, unit);
      if (unit.breaksAfter.includes(i + 1)) flush();
    });
  }
  if (script.completion) add({ ledgerWrite: script.completion }, undefined);
  for (const item of script.reset) add(item, undefined);
  flush();
  return oversized === undefined ? { batches } : { batches, oversized };
}
