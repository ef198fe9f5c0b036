/** A trigger as its CREATE TRIGGER statement says it (the definer is not kept: migrate's user creates it). */
export interface Trigger {
  readonly name: string;
  readonly table: string;
  readonly timing: 'BEFORE' | 'AFTER';
  readonly event: 'INSERT' | 'UPDATE' | 'DELETE';
  /** `FOLLOWS other` / `PRECEDES other`, when the statement orders it among triggers of the same timing and event. */
  readonly order?: { readonly kind: 'FOLLOWS' | 'PRECEDES'; readonly other: string };
  /** Its position among the triggers of the same table, timing and event (1 first), as the server reports it. */
  readonly actionOrder?: number;
  /** The statement after FOR EACH ROW, exactly as written. */
  readonly body: string;
}
