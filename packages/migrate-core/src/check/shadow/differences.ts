// The shadow proof's differences as lines of a problem's message: drift's lines (src/schema/canonical), with
// the two sides named by what the proof compared instead of "migrations" and "database".
import type { Difference } from '../../schema/canonical/compare.js';

/** What the two sides of a comparison are called in its lines. */
export interface Sides {
  /** After `+`: only the database has it, e.g. `left by the down`. */
  readonly extra: string;
  /** After `-`: only the expected schema has it, e.g. `not restored by the down`. */
  readonly missing: string;
  /** The expected schema in a `~` line, e.g. `before the up`. */
  readonly expected: string;
  /** The database in a `~` line, e.g. `after the down`. */
  readonly actual: string;
}

const SHOWN_DIFFERENCES = 12;

/** The first differences, one indented line each, with how many more there are. */
export function listDifferences(differences: readonly Difference[], sides: Sides): string {
  const shown = differences.slice(0, SHOWN_DIFFERENCES).map((d) => `\n      ${d.message.replace('(in database, not in migrations)', `(${sides.extra})`).replace('(in migrations, not in database)', `(${sides.missing})`)
    .replace(' in migrations, ', ` ${sides.expected}, `).replace(' in database', ` ${sides.actual}`)}`);
  return shown.join('') + (differences.length > SHOWN_DIFFERENCES ? `\n      ... (${differences.length - SHOWN_DIFFERENCES} more)` : '');
}
