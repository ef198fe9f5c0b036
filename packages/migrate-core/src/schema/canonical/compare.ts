import type { CanonicalSchema, CanonicalTable } from './model.js';
import { describeCheck, describeColumn, describeForeignKey, describeIndex, describePrimaryKey, foreignKeyKey } from './describe.js';

export type DifferenceKind = 'table' | 'view' | 'column' | 'primary-key' | 'index' | 'foreign-key' | 'check';

/** `expected`/`actual` of a table or view that exists on that side. */
const EXISTS = 'exists';

/** One way the database differs from what its migrations should have produced. */
export interface Difference {
  readonly kind: DifferenceKind;
  readonly table: string;
  /** The column, index, key or check; absent for tables, views and primary keys. */
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
};

function difference(kind: DifferenceKind, table: string, name: string | undefined, expected: string | undefined, actual: string | undefined): Difference {
  const what = `${LABEL[kind]} ${name === undefined ? table : `${table}.${name}`}`;
  const whole = kind === 'table' || kind === 'view';
  let message: string;
  if (expected === undefined) message = `+ ${what}${whole ? '' : ` ${actual}`} (in database, not in migrations)`;
  else if (actual === undefined) message = `- ${what}${whole ? '' : ` ${expected}`} (in migrations, not in database)`;
  else message = `~ ${what}: ${expected} in migrations, ${actual} in database`;
  return {
    kind, table, ...(name === undefined ? {} : { name }),
    ...(expected === undefined ? {} : { expected }), ...(actual === undefined ? {} : { actual }), message,
  };
}

interface Named {
  readonly name: string;
  readonly implicit?: string;
}

/**
 * Compares two lists of named objects: missing, extra, and changed (by `key`, shown with `show`). Implicit
 * objects (made by the server) are not reported as extra or missing.
 */
function compareNamed<T extends Named>(kind: DifferenceKind, table: string, expected: readonly T[], actual: readonly T[],
  show: (item: T) => string, key: (item: T) => string = show): Difference[] {
  const out: Difference[] = [];
  const actualByName = new Map(actual.map((item) => [item.name, item]));
  const expectedNames = new Set(expected.map((item) => item.name));
  for (const item of expected) {
    const found = actualByName.get(item.name);
    if (found === undefined) {
      if (!item.implicit) out.push(difference(kind, table, item.name, show(item), undefined));
    } else if (key(item) !== key(found)) {
      out.push(difference(kind, table, item.name, show(item), show(found)));
    }
  }
  for (const item of actual) {
    if (!expectedNames.has(item.name) && !item.implicit) out.push(difference(kind, table, item.name, undefined, show(item)));
  }
  return out;
}

function compareTable(expected: CanonicalTable, actual: CanonicalTable): Difference[] {
  const table = expected.name;
  const out = compareNamed('column', table, expected.columns, actual.columns, describeColumn);
  const expectedKey = describePrimaryKey(expected.primaryKey);
  const actualKey = describePrimaryKey(actual.primaryKey);
  if (expectedKey !== actualKey) out.push(difference('primary-key', table, undefined, expectedKey, actualKey));
  out.push(...compareNamed('index', table, expected.indexes, actual.indexes, describeIndex));
  out.push(...compareNamed('foreign-key', table, expected.foreignKeys, actual.foreignKeys, describeForeignKey, foreignKeyKey));
  out.push(...compareNamed('check', table, expected.checks, actual.checks, describeCheck));
  return out;
}

/**
 * Everything that differs between the schema the migrations should have produced (`expected`) and the
 * database (`actual`), both in the canonical model (pure). Empty means in sync.
 *
 * @example
 * diffSchemas(schemaFromSnapshot(snapshot), (await introspectDatabase(session)).schema)
 * // [{ kind: 'column', table: 'orders', name: 'note', actual: 'text NULL', message: '+ column orders.note text NULL (in database, not in migrations)' }]
 */
export function diffSchemas(expected: CanonicalSchema, actual: CanonicalSchema): Difference[] {
  const out: Difference[] = [];
  const actualTables = new Map(actual.tables.map((table) => [table.name, table]));
  const expectedTables = new Set(expected.tables.map((table) => table.name));
  for (const table of expected.tables) {
    const found = actualTables.get(table.name);
    out.push(...(found === undefined ? [difference('table', table.name, undefined, EXISTS, undefined)] : compareTable(table, found)));
  }
  for (const table of actual.tables) {
    if (!expectedTables.has(table.name)) out.push(difference('table', table.name, undefined, undefined, EXISTS));
  }
  const actualViews = new Set(actual.views);
  for (const view of expected.views) if (!actualViews.has(view)) out.push(difference('view', view, undefined, EXISTS, undefined));
  for (const view of actual.views) if (!expected.views.includes(view)) out.push(difference('view', view, undefined, undefined, EXISTS));
  return out.sort((a, b) => (a.table < b.table ? -1 : a.table > b.table ? 1 : 0));
}
