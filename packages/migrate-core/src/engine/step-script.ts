import type { LedgerWrite, PreState } from '../ledger/ledger.js';
import type { Step } from '../model.js';
import { prefixChecksumsV2 } from '../sql/checksum.js';
import { unitsOf } from '../sql/units.js';
import type { ParsedStatement } from '../statements.js';
import { sessionResets } from './session-reset.js';
import { defaultStatementPolicy, type StatementPolicy } from './statement-policy.js';

/**
 * One thing a step sends: a statement of the migration, a ledger write, several that commit together, the
 * stop point before a statement (where a requested stop takes effect; with `mark`, it also records the
 * server's time under that name, see TimeSpan), the check after a statement of unknown effect that the
 * session is still in the service's database (see session-database.ts), or the reset of session variables
 * the migration set.
 */
export type StepItem =
  | { readonly statement: ParsedStatement }
  | { readonly ledgerWrite: LedgerWrite }
  | { readonly atomic: readonly StepItem[] }
  | { readonly checkpoint: number; readonly mark?: string }
  | { readonly databaseCheck: ParsedStatement }
  | { readonly resetSession: readonly string[] };

/**
 * The statements that run as one unit (one statement, or the migration's own START TRANSACTION ... COMMIT
 * block) and the ledger write that records them (their progress, or for the last one the completion).
 */
export interface StepUnit {
  /** The first statement (the unit's only one, or the block's START). */
  readonly statement: ParsedStatement;
  readonly statements: readonly ParsedStatement[];
  readonly after: LedgerWrite;
  /** What runs them, in order (see StatementPolicy). */
  readonly items: readonly StepItem[];
  /** A round trip ends after this many of `items` (each): a statement whose results cannot be counted ends it. */
  readonly breaksAfter: readonly number[];
}

/**
 * Every ledger write and statement of one step, in the order they run. The engine sends it; `plan --sql` prints
 * it. Keeping one definition is what makes the printed plan the exact sequence the engine runs (a round trip
 * that shares its ledger writes gathers the same writes, see shared-ledger.ts).
 */
export interface StepScript {
  /** The ledger row first, so that a crash leaves evidence; it records the first statement's pre-state. */
  readonly begin: LedgerWrite;
  /** On a resume: the session variables the statements already done had set, set again on this connection. */
  readonly replay: readonly StepItem[];
  /** The statements still to run (from `step.startAt`), each unit with its ledger write. */
  readonly units: readonly StepUnit[];
  /** The final state written alone when no statement is left to run (an empty migration, a resume after the last). */
  readonly completion: LedgerWrite | undefined;
  /** After the last write: the session variables the migration set, back to their defaults. */
  readonly reset: readonly StepItem[];
  /** v2 checksums of each prefix of the statements (element k: the first k). */
  readonly prefixes: readonly string[];
}

export interface StepScriptValues {
  /** `applied_by`. */
  readonly by: string;
  /** The next position in the order of application; called only when the step inserts a new row. */
  readonly nextSeq: () => number;
  /**
   * A resume that the engine proved: the interrupted statement `startAt - 1` took effect, and the resume write
   * records it done.
   */
  readonly provenDone?: boolean;
}

/** The ledger writes and statements of `step`, whose file holds `statements`. Pure. */
export function stepScript(step: Step, statements: readonly ParsedStatement[], values: StepScriptValues,
  policy: StatementPolicy = defaultStatementPolicy): StepScript {
  const { id, checksum } = step.migration;
  const total = statements.length;
  const prefixes = prefixChecksumsV2(statements);
  const preOf = (index: number): PreState | undefined => {
    const next = statements[index - 1];
    if (next === undefined || !policy.needsPreState(next)) return undefined;
    if (!next.ddl?.targets.length) return { index, objects: null };
    return { index, objects: next.ddl.targets, ...(next.ddl.wholeObjects ? { wholeObjects: true } : {}) };
  };
  const completion: LedgerWrite = step.direction === 'up'
    ? { kind: 'complete', direction: 'up', id, checksum, done: total, doneChecksum: prefixes[total]! }
    : { kind: 'complete', direction: 'down', id };
  const progress = (done: number): LedgerWrite => (done === total ? completion
    : { kind: 'progress', id, done, doneChecksum: prefixes[done]!, ...optional('pre', preOf(done + 1)) });
  const first = preOf(step.startAt);
  const proven = values.provenDone && step.startAt > 1 ? { done: { done: step.startAt - 1, doneChecksum: prefixes[step.startAt - 1]! } } : {};
  const begin: LedgerWrite = step.resume !== undefined ? { kind: 'resume', id, total, by: values.by, ...proven, ...optional('pre', first) }
    : step.direction === 'up' ? { kind: 'begin', direction: 'up', id, seq: values.nextSeq(), checksum, total, by: values.by, ...optional('pre', first) }
    : { kind: 'begin', direction: 'down', id, total, by: values.by, ...optional('pre', first) };
  const units = unitsOf(statements.slice(step.startAt - 1)).units.map((unit) => unitOf(unit.statements, unit.kind === 'transaction', progress, policy));
  const replayed = statements.slice(0, step.startAt - 1).filter((s) => policy.rerun(s) === 'replayed');
  const resets = sessionResets(statements.filter((s) => s.class === 'session-safe'));
  return {
    begin,
    replay: replayed.map((statement) => ({ statement })),
    units,
    completion: units.length === 0 ? completion : undefined,
    reset: resets.length === 0 ? [] : [{ resetSession: resets }],
    prefixes,
  };
}

const optional = <K extends string, V>(key: K, value: V | undefined) => (value === undefined ? {} : { [key]: value } as Record<K, V>);

/**
 * The items of one unit, after the stop point before it:
 * - a data statement and its progress in one transaction (engine START TRANSACTION ... COMMIT);
 * - the migration's own block as written, its progress written inside it before its COMMIT (after a ROLLBACK,
 *   which would undo it, the write follows);
 * - any other statement alone, its progress after it; one whose results cannot be counted ends the round trip.
 * A statement that ends the round trip may also have changed the default database where its text does not
 * show it, so the next round trip starts with the database check, before anything records it done.
 */
function unitOf(statements: readonly ParsedStatement[], block: boolean, progress: (done: number) => LedgerWrite, policy: StatementPolicy): StepUnit {
  const head = statements[0]!;
  const last = statements.at(-1)!;
  const after = progress(last.index);
  const checkpoint: StepItem = { checkpoint: head.index };
  const write: StepItem = { ledgerWrite: after };
  const run = (statement: ParsedStatement): StepItem[] => (policy.endsRoundTrip(statement) ? [{ statement }, { databaseCheck: statement }] : [{ statement }]);
  const breaksAfterEach = (items: readonly StepItem[]) => items.flatMap((item, i) => ('statement' in item && policy.endsRoundTrip(item.statement) ? [i + 1] : []));
  if (block) {
    const body: StepItem[] = statements.flatMap(run);
    const closing = body.pop()!;
    const items = last.keyword === 'COMMIT' ? [checkpoint, ...body, write, closing] : [checkpoint, ...body, closing, write];
    return { statement: head, statements, after, items, breaksAfter: breaksAfterEach(items) };
  }
  if (policy.runs(head) === 'with-progress') return { statement: head, statements, after, items: [checkpoint, { atomic: [{ statement: head }, write] }], breaksAfter: [] };
  const items = [checkpoint, ...run(head), write];
  return { statement: head, statements, after, items, breaksAfter: breaksAfterEach(items) };
}

/** Every item of the script in the order it runs, in one sequence (as `plan --sql` prints it). */
export function scriptItems(script: StepScript): StepItem[] {
  const completion: StepItem[] = script.completion ? [{ ledgerWrite: script.completion }] : [];
  return [{ ledgerWrite: script.begin }, ...script.replay, ...script.units.flatMap((unit) => unit.items), ...completion, ...script.reset];
}
