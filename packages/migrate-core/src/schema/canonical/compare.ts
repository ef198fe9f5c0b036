import type { CanonicalSchema, CanonicalTable } from './model.js';
import { compareNamed, difference, EXISTS, type Difference } from './difference.js';
import { describeCheck, describeColumn, describeForeignKey, describeIndex, describePrimaryKey, foreignKeyKey } from './describe.js';
import { compareEvents } from '../objects/events/compare.js';
import { comparePartitioning } from '../objects/partitions/compare.js';
import { compareRoutines } from '../objects/routines/compare.js';
import { compareTriggers } from '../objects/triggers/compare.js';
import { compareViews } from '../objects/views/compare.js';
import { compareTableOptions, resolveActual, resolveTable } from '../objects/tables/compare.js';
import type { DatabaseDefaults } from '../objects/tables/model.js';

export { EXISTS, type Difference, type DifferenceKind } from './difference.js';

export interface DiffOptions {
  /**
   * The database's default collation and the server's default engine: what a table that does not set them
   * gets. When not given, options the schema does not set are not compared.
   */
  readonly defaults?: DatabaseDefaults;
}

function compareTable(expected: CanonicalTable, actual: CanonicalTable): Difference[] {
  const table = expected.name;
  const out = compareNamed('column', table, expected.columns, actual.columns, { show: describeColumn });
  const expectedKey = describePrimaryKey(expected.primaryKey);
  const actualKey = describePrimaryKey(actual.primaryKey);
  if (expectedKey !== actualKey) out.push(difference('primary-key', table, undefined, expectedKey, actualKey));
  out.push(...compareNamed('index', table, expected.indexes, actual.indexes, { show: describeIndex }));
  out.push(...compareNamed('foreign-key', table, expected.foreignKeys, actual.foreignKeys,
    { show: describeForeignKey, same: (a, b) => foreignKeyKey(a) === foreignKeyKey(b) }));
  out.push(...compareNamed('check', table, expected.checks, actual.checks, { show: describeCheck }));
  out.push(...compareTableOptions(expected, actual));
  out.push(...comparePartitioning(table, expected.partitioning, actual.partitioning));
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
export function diffSchemas(expected: CanonicalSchema, actual: CanonicalSchema, options: DiffOptions = {}): Difference[] {
  const out: Difference[] = [];
  const actualTables = new Map(actual.tables.map((table) => [table.name, table]));
  const expectedTables = new Set(expected.tables.map((table) => table.name));
  for (const table of expected.tables) {
    const found = actualTables.get(table.name);
    out.push(...(found === undefined ? [difference('table', table.name, undefined, EXISTS, undefined)]
      : compareTable(resolveTable(table, found, options.defaults), resolveActual(found))));
  }
  for (const table of actual.tables) {
    if (!expectedTables.has(table.name)) out.push(difference('table', table.name, undefined, undefined, EXISTS));
  }
  out.push(...compareViews(expected.views, actual.views));
  out.push(...compareTriggers(expected.triggers ?? [], actual.triggers ?? []));
  out.push(...compareRoutines(expected.routines ?? [], actual.routines ?? []));
  out.push(...compareEvents(expected.events ?? [], actual.events ?? []));
  return out.sort((a, b) => (a.table < b.table ? -1 : a.table > b.table ? 1 : 0));
}
