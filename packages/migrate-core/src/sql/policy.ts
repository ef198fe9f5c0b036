import type { StatementClass } from './model.js';

/**
 * How the engine runs a statement of a class:
 * - `with-progress`: in one transaction with its ledger progress write, so both happen or neither;
 * - `alone`: by itself, its progress written right after (it commits implicitly, or has no data effect);
 * - `in-unit`: as part of the migration's own START TRANSACTION ... COMMIT block (see units.ts), whose
 *   progress writes go inside that block, before its COMMIT;
 * - `refused`: never: the file is refused before anything runs (see refusals.ts);
 * - `skipped`: nothing is sent.
 */
export type RunMode = 'with-progress' | 'alone' | 'in-unit' | 'refused' | 'skipped';

/**
 * What happens to a statement of the class after an interruption (a crash or a lost connection between the
 * statement and its progress write):
 * - `never`: the engine never runs it again on its own: either the ledger records exactly whether it ran,
 *   or nobody can tell, and the migration stops as "outcome unknown" for `resolve`;
 * - `when-proven`: run again only when the engine proves it did not take effect;
 * - `replayed`: run again on the new connection, since its effect lived in the lost session.
 */
export type Rerun = 'never' | 'when-proven' | 'replayed';

export interface ClassPolicy {
  readonly runs: RunMode;
  readonly rerun: Rerun;
  readonly why: string;
}

export const POLICY: Readonly<Record<StatementClass, ClassPolicy>> = {
  'data': {
    runs: 'with-progress', rerun: 'never',
    why: 'It commits with its progress write: after an interruption the ledger says exactly whether it ran, so it is never run twice.',
  },
  'ddl': {
    runs: 'alone', rerun: 'when-proven',
    why: 'MySQL commits DDL implicitly, so no transaction can hold it with its progress; after an interruption it is run again only when the engine proves its effect is absent.',
  },
  'transaction': {
    runs: 'in-unit', rerun: 'never',
    why: "The migration's own block runs as one unit with the progress writes of its statements before its COMMIT: it commits whole with them, or not at all.",
  },
  'unknown-effect': {
    runs: 'alone', rerun: 'never',
    why: 'Nobody can tell what a CALL or a compound block did before an interruption: the migration stops as "outcome unknown" for `resolve`.',
  },
  'session': {
    runs: 'refused', rerun: 'never',
    why: "It would change the engine's own session (database, transactions, locks, character set): the file is refused before anything runs.",
  },
  'session-safe': {
    runs: 'alone', rerun: 'replayed',
    why: 'It only sets this migration\'s session; the engine resets the variable afterwards and replays such statements when it resumes on a new connection.',
  },
  'noop': { runs: 'skipped', rerun: 'never', why: 'Nothing to send.' },
};
