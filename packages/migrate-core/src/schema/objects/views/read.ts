import { readableRows } from '../readable.js';
import type { CanonicalView } from './model.js';
import { canonicalView, stripDatabase } from './normalise.js';

export interface ViewRow {
  table_name: string;
  view_definition: string | null;
  check_option: string | null;
  security_type: string | null;
  algorithm: string | null;
  /** The connection collation it was created under (its string literals have it). */
  collation_connection?: string | null;
}

export const VIEWS_QUERIES = {
  mariadb: `SELECT TABLE_NAME AS table_name, VIEW_DEFINITION AS view_definition, CHECK_OPTION AS check_option,
      SECURITY_TYPE AS security_type, ALGORITHM AS algorithm, COLLATION_CONNECTION AS collation_connection
    FROM information_schema.VIEWS WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME`,
  // MySQL 8's VIEWS has no ALGORITHM column.
  mysql: `SELECT TABLE_NAME AS table_name, VIEW_DEFINITION AS view_definition, CHECK_OPTION AS check_option,
      SECURITY_TYPE AS security_type, NULL AS algorithm, COLLATION_CONNECTION AS collation_connection
    FROM information_schema.VIEWS WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME`,
} as const;

/**
 * The views of the catalog rows, their definitions without the database's own name; `objects` are the names of
 * the database's tables, views and routines. Views whose definition the user may not read are returned apart.
 */
export function viewsFromRows(rows: readonly ViewRow[], database: string, objects: ReadonlySet<string>): { views: CanonicalView[]; unreadable: string[] } {
  const read = readableRows(rows, (row) => row.view_definition, (row) => row.table_name, (row, definition) => canonicalView({
    name: row.table_name,
    definition: stripDatabase(definition.trim(), database, objects),
    ...(row.algorithm ? { algorithm: row.algorithm.toUpperCase() } : {}),
    ...(row.security_type ? { security: row.security_type.toUpperCase() } : {}),
    ...(row.check_option ? { checkOption: row.check_option.toUpperCase() } : {}),
  }));
  return { views: read.objects, unreadable: read.unreadable };
}
