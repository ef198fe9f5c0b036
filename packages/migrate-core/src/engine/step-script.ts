import { prefixChecksums } from '../checksum.js';
import type { LedgerWrite } from '../ledger/ledger.js';
import type { Step } from '../model.js';
import type { ParsedStatement } from '../statements.js';
import { defaultStatementPolicy, type StatementPolicy } from './statement-policy.js';

/** One thing a step sends: a statement of the migration, a ledger write, or several that commit together. */
export type StepItem =
  | { readonly statement: ParsedStatement }
  | { readonly ledgerWrite: LedgerWrite }
  | { readonly atomic: readonly StepItem[] };

/** One statement of a step and the ledger write that follows it (its progress, or for the last one the completion). */
export interface StepUnit {
  readonly statement: ParsedStatement;
  readonly after: LedgerWrite;
  /** What runs them: the statement then the write, or both as one atomic item (see StatementPolicy). */
  readonly items: readonly StepItem[];
}

/**
 * Every ledger write and statement of one step, in the order they run. The engine sends it; `plan --sql` prints
 * it. Keeping one definition is what makes the printed plan the exact sequence the engine runs.
 */
export interface StepScript {
  /** The ledger row first, so that a crash leaves evidence. */
  readonly begin: LedgerWrite;
  /** The statements still to run (from `step.startAt`), each with its ledger write. */
  readonly units: readonly StepUnit[];
  /** The final state written alone when no statement is left to run (an empty migration, a resume after the last). */
  readonly completion: LedgerWrite | undefined;
  /** Checksums of each prefix of the statements (element k: the first k). */
  readonly prefixes: readonly string[];
}

export interface StepScriptValues {
  /** `applied_by`. */
  readonly by: string;
  /** The next position in the order of application; called only when the step inserts a new row. */
  readonly nextSeq: () => number;
}

/** The ledger writes and statements of `step`, whose file holds `statements`. Pure. */
export function stepScript(step: Step, statements: readonly ParsedStatement[], values: StepScriptValues,
  policy: StatementPolicy = defaultStatementPolicy): StepScript {
  const { id, checksum } = step.migration;
  const total = statements.length;
  const prefixes = prefixChecksums(statements);
  const completion: LedgerWrite = step.direction === 'up'
    ? { kind: 'complete', direction: 'up', id, checksum, done: total, doneChecksum: prefixes[total]! }
    : { kind: 'complete', direction: 'down', id };
  const begin: LedgerWrite = step.resume !== undefined ? { kind: 'resume', id, total, by: values.by }
    : step.direction === 'up' ? { kind: 'begin', direction: 'up', id, seq: values.nextSeq(), checksum, total, by: values.by }
    : { kind: 'begin', direction: 'down', id, total, by: values.by };
  const units = statements.slice(step.startAt - 1).map((statement): StepUnit => {
    const after: LedgerWrite = statement.index === total ? completion
      : { kind: 'progress', id, done: statement.index, doneChecksum: prefixes[statement.index]! };
    const items: StepItem[] = [{ statement }, { ledgerWrite: after }];
    return { statement, after, items: policy.atomicWithProgress(statement) ? [{ atomic: items }] : items };
  });
  return { begin, units, completion: units.length === 0 ? completion : undefined, prefixes };
}

/** Every item of the script in the order it runs, in one sequence (as `plan --sql` prints it). */
export function scriptItems(script: StepScript): StepItem[] {
  const completion: StepItem[] = script.completion ? [{ ledgerWrite: script.completion }] : [];
  return [{ ledgerWrite: script.begin }, ...script.units.flatMap((unit) => unit.items), ...completion];
}
