/** When an event runs: once `AT` a time, or `EVERY` interval between optional STARTS and ENDS. */
export type EventSchedule =
  | { readonly kind: 'AT'; readonly at: string }
  | { readonly kind: 'EVERY'; readonly value: string; readonly unit: string; readonly starts?: string; readonly ends?: string };

/** A scheduled event (the definer is not kept: migrate's user creates it). Times are SQL text: `'2026-01-01 00:00:00'`. */
export interface SqlEvent {
  readonly name: string;
  readonly schedule: EventSchedule;
  /** ON COMPLETION PRESERVE. */
  readonly preserve: boolean;
  readonly status: 'ENABLE' | 'DISABLE' | 'DISABLE ON SLAVE';
  readonly comment: string;
  /** The statement after DO, exactly as written. */
  readonly body: string;
}
