import type { StepRunner } from './runner.js';
import type { StepItem, StepScript, StepUnit } from './step-script.js';

/**
 * A batch never grows past this many bytes unless one statement alone is larger: half of the smallest default
 * `max_allowed_packet` in use (1 MiB on MySQL 5.5; 4 MiB on 5.7, 16 MiB on MariaDB, 64 MiB on MySQL 8), since
 * a server that receives a bigger packet drops the connection. A server set lower gets batches under its own
 * limit (see batchLimit).
 */
export const BATCH_BYTES = 512 * 1024;

/** Room kept in a packet for the protocol's header and the separators between statements. */
const PACKET_MARGIN = 1024;

/** The largest batch for a server whose max_allowed_packet is `maxAllowedPacket` (unknown: BATCH_BYTES). */
export function batchLimit(maxAllowedPacket: number | undefined): number {
  return maxAllowedPacket === undefined ? BATCH_BYTES : Math.max(1, Math.min(BATCH_BYTES, maxAllowedPacket - PACKET_MARGIN));
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
 * split when it grows past `limit` bytes, and after each statement whose results cannot be counted (a CALL).
 * The runner stops each batch at the first error and says which item failed, so the ledger still records
 * exactly which statements ran, as if each had been sent alone.
 */
export function batchesOf(script: StepScript, runner: StepRunner, limit = BATCH_BYTES): { batches: Batch[]; oversized?: Oversized } {
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
    if (bytes > limit) oversized ??= { item, unit, bytes };
    if (items.length > 0 && size + bytes > limit) flush();
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
