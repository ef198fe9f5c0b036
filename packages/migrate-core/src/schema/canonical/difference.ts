// One way a database differs from what its migrations should have produced, and how to list them.
import type { Finding } from '../../findings.js';

export type DifferenceKind = 'table' | 'view' | 'column' | 'primary-key' | 'index' | 'foreign-key' | 'check'
  | 'table-options' | 'partitioning' | 'trigger' | 'routine' | 'event';

/** `expected`/`actual` of a table or view that exists on that side. */
export const EXISTS = 'exists';

/** A difference is a Finding of code DRIFT (severity `error`: drift blocks), with the object it is about. */
export interface Difference extends Finding<'DRIFT'> {
  readonly kind: DifferenceKind;
  /** The table; for views, routines and events their own name. */
  readonly table: string;
  /** The column, index, key, check or trigger; absent for tables, views, routines, events and primary keys. */
  readonly name?: string;
  /** Its definition according to the migrations; absent when only the database has it. */
  readonly expected?: string;
  /** Its definition in the database; absent when the database lacks it. */
  readonly actual?: string;
  /** One readable line: `+ column orders.note text NULL (in database, not in migrations)`. */
  readonly message: string;
}

const LABEL: Record<DifferenceKind, string> = {
  table: 'table', view: 'view', column: 'column', 'primary-key': 'primary key', index: 'index', 'foreign-key': 'foreign key', check: 'check',
  'table-options': 'options of table', partitioning: 'partitioning of table', trigger: 'trigger', routine: 'routine', event: 'event',
};

/** Kinds whose definitions are long (bodies, clauses): their messages name them only, or say where they part. */
const LONG = new Set<DifferenceKind>(['table', 'view', 'trigger', 'routine', 'event', 'partitioning']);

/**
 * A difference; `detail` replaces the `<expected> in migrations, <actual> in database` part of a `~` message
 * (for long definitions: where they part).
 */
export function difference(kind: DifferenceKind, table: string, name: string | undefined, expected: string | undefined, actual: string | undefined,
  detail?: string): Difference {
  const what = `${LABEL[kind]} ${name === undefined ? table : `${table}.${name}`}`;
  const whole = LONG.has(kind);
  let message: string;
  if (expected === undefined) message = `+ ${what}${whole ? '' : ` ${actual}`} (in database, not in migrations)`;
  else if (actual === undefined) message = `- ${what}${whole ? '' : ` ${expected}`} (in migrations, not in database)`;
  else message = `~ ${what}: ${detail ?? `${expected} in migrations, ${actual} in database`}`;
  return {
    code: 'DRIFT', severity: 'error', kind, table, ...(name === undefined ? {} : { name }),
    ...(expected === undefined ? {} : { expected }), ...(actual === undefined ? {} : { actual }), message,
  };
}

interface Named {
  readonly name: string;
  readonly implicit?: string;
}

export interface CompareNamedOptions<T> {
  /** How an item is shown in a difference. */
  readonly show: (item: T) => string;
  /** Whether two items of the same name are the same. @default equal `show` */
  readonly same?: (expected: T, actual: T) => boolean;
  /** The `~` message detail for two that differ. */
  readonly detail?: (expected: T, actual: T) => string | undefined;
  /** The table a difference belongs to. @default the item's name (`table` then absent) */
  readonly tableOf?: (item: T) => string;
}

/**
 * Compares two lists of named objects: missing, extra, and changed. Implicit objects (made by the server) are
 * not reported as extra or missing.
 */
export function compareNamed<T extends Named>(kind: DifferenceKind, table: string | undefined, expected: readonly T[], actual: readonly T[],
  options: CompareNamedOptions<T>): Difference[] {
  const { show } = options;
  const same = options.same ?? ((a: T, b: T) => show(a) === show(b));
  const where = (item: T): [string, string | undefined] => (table !== undefined ? [table, item.name] : [options.tableOf?.(item) ?? item.name, options.tableOf ? item.name : undefined]);
  const out: Difference[] = [];
  const actualByName = new Map(actual.map((item) => [item.name, item]));
  const expectedNames = new Set(expected.map((item) => item.name));
  for (const item of expected) {
    const found = actualByName.get(item.name);
    if (found === undefined) {
      if (!item.implicit) out.push(difference(kind, ...where(item), show(item), undefined));
    } else if (!same(item, found)) {
      out.push(difference(kind, ...where(item), show(item), show(found), options.detail?.(item, found)));
    }
  }
  for (const item of actual) {
    if (!expectedNames.has(item.name) && !item.implicit) out.push(difference(kind, ...where(item), undefined, show(item)));
  }
  return out;
}
