// Table and column options compared: what a table does not declare is what the database gives it (its default
// collation, the server's default engine; a column the table's collation), so both sides are resolved first.
import { quoteSqlString } from '../../canonical/types.js';
import type { CanonicalColumn, CanonicalTable } from '../../canonical/model.js';
import { difference, type Difference } from '../../canonical/difference.js';
import { charsetOf, isCharacterType, type DatabaseDefaults, type TableOptions } from './model.js';

/** A declared character set without a collation matches any collation of that set. */
function resolvedCollation(declared: { charset?: string; collation?: string }, actual: string | undefined, fallback: string | undefined): string | undefined {
  if (declared.collation !== undefined) return declared.collation;
  if (declared.charset !== undefined) return actual !== undefined && charsetOf(actual) === declared.charset ? actual : undefined;
  return fallback;
}

/**
 * A column as compared: comment '' when none, and a collation only where it is not its table's (a change of
 * the table's collation is one difference of the table, not one per column).
 */
function withOwnCollation(column: CanonicalColumn, collation: string | undefined, tableCollation: string | undefined): CanonicalColumn {
  const { collation: _collation, charset: _charset, ...rest } = column;
  const own = collation !== undefined && collation !== tableCollation ? { collation } : column.charset !== undefined && collation === undefined ? { charset: column.charset } : {};
  return { ...rest, comment: column.comment ?? '', ...own };
}

function resolveColumn(column: CanonicalColumn, actual: CanonicalColumn | undefined, tableCollation: string | undefined): CanonicalColumn {
  if (!isCharacterType(column.type)) return { ...column, comment: column.comment ?? '' };
  return withOwnCollation(column, resolvedCollation(column, actual?.collation, tableCollation), tableCollation);
}

/**
 * The expected table with every unset option filled in: from the database's `defaults` where known, else
 * (nothing to compare against) from the actual table. Comments default to none.
 */
export function resolveTable(expected: CanonicalTable, actual: CanonicalTable, defaults: DatabaseDefaults | undefined): CanonicalTable {
  const declared = expected.options ?? {};
  const live = actual.options ?? {};
  const engine = declared.engine ?? defaults?.engine ?? live.engine;
  const collation = resolvedCollation(declared, live.collation, defaults?.collation ?? live.collation);
  const options: TableOptions = {
    ...(engine === undefined ? {} : { engine }),
    ...(declared.charset !== undefined || collation !== undefined ? { charset: declared.charset ?? charsetOf(collation!) } : {}),
    ...(collation === undefined ? {} : { collation }),
    comment: declared.comment ?? '',
    ...(declared.rowFormat === undefined ? {} : { rowFormat: declared.rowFormat }),
  };
  const actualColumns = new Map(actual.columns.map((column) => [column.name, column]));
  return { ...expected, options, columns: expected.columns.map((column) => resolveColumn(column, actualColumns.get(column.name), collation)) };
}

/** The actual table in the same shape: comments '' when none, collations only where not the table's. */
export function resolveActual(actual: CanonicalTable): CanonicalTable {
  const live = actual.options ?? {};
  return {
    ...actual, options: { ...live, comment: live.comment ?? '' },
    columns: actual.columns.map((column) => withOwnCollation(column, column.collation, live.collation)),
  };
}

const OPTION_TEXT: Record<keyof TableOptions, (value: string) => string> = {
  engine: (value) => `ENGINE=${value}`,
  charset: (value) => `DEFAULT CHARSET=${value}`,
  collation: (value) => `COLLATE=${value}`,
  comment: (value) => `COMMENT=${quoteSqlString(value)}`,
  rowFormat: (value) => `ROW_FORMAT=${value}`,
};

const ALL_OPTIONS = ['engine', 'charset', 'collation', 'comment', 'rowFormat'] as const;

/**
 * `ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci COMMENT='x'`: the set options, or exactly
 * `keys` (an unset one then shows as `=DEFAULT`).
 */
export function describeTableOptions(options: TableOptions, keys?: readonly (keyof TableOptions)[]): string {
  const shown = keys ?? ALL_OPTIONS.filter((key) => options[key] !== undefined && options[key] !== '');
  const text = shown.map((key) => (options[key] === undefined ? OPTION_TEXT[key]('DEFAULT').replace("'DEFAULT'", 'DEFAULT') : OPTION_TEXT[key](options[key]!)));
  return text.join(' ') || '(defaults)';
}

/** The options that differ between two resolved tables, as one difference. */
export function compareTableOptions(expected: CanonicalTable, actual: CanonicalTable): Difference[] {
  const [a, b] = [expected.options ?? {}, actual.options ?? {}];
  const keys = ALL_OPTIONS.filter((key) => a[key] !== b[key] && !(key === 'charset' && a.collation !== undefined));
  if (keys.length === 0) return [];
  return [difference('table-options', expected.name, undefined, describeTableOptions(a, keys), describeTableOptions(b, keys))];
}
