import { isServerError } from '../db/server-errors.js';
import type { Session } from '../db/session.js';
import { flavorOf as serverFlavorOf } from '../sql/flavor.js';
import type { Flavor } from '../schema/canonical/model.js';
import { EVENTS_QUERY, type EventRow } from '../schema/objects/events/read.js';
import { PARTITIONS_QUERY, type PartitionRow } from '../schema/objects/partitions/read.js';
import { PARAMETERS_QUERY, ROUTINES_QUERY, type ParameterRow, type RoutineRow } from '../schema/objects/routines/read.js';
import { TRIGGERS_QUERY, type TriggerRow } from '../schema/objects/triggers/read.js';
import { VIEWS_QUERIES, type ViewRow } from '../schema/objects/views/read.js';

/**
 * The information_schema rows of one database, one query per catalog table (never one per table: a database
 * of hundreds of tables reads in the same handful of round trips). Every column is aliased in lower case:
 * MariaDB returns the labels as written in the query and MySQL 8 in upper case, and drizzle-kit's own
 * introspection loses primary keys on MariaDB over exactly that.
 */
export interface CatalogRows {
  readonly tables: ReadonlyArray<{
    table_name: string; table_type: string; engine?: string | null; table_collation?: string | null; table_comment?: string | null;
    create_options?: string | null;
  }>;
  readonly columns: ReadonlyArray<{
    table_name: string; column_name: string; ordinal_position: number | string; column_default: string | null;
    is_nullable: string; column_type: string; extra: string | null; generation_expression: string | null;
    character_set_name?: string | null; collation_name?: string | null; column_comment?: string | null;
  }>;
  readonly statistics: ReadonlyArray<{
    table_name: string; index_name: string; non_unique: number | string; seq_in_index: number | string;
    column_name: string | null; sub_part: number | string | null; collation: string | null; index_type: string;
    /** A functional part's expression (MySQL 8; null elsewhere). */
    expression?: string | null;
  }>;
  readonly keyColumns: ReadonlyArray<{
    table_name: string; constraint_name: string; column_name: string; ordinal_position: number | string;
    referenced_table_schema: string; referenced_table_name: string; referenced_column_name: string;
  }>;
  readonly referential: ReadonlyArray<{ table_name: string; constraint_name: string; update_rule: string; delete_rule: string }>;
  readonly checks: ReadonlyArray<{ table_name: string; constraint_name: string; check_clause: string }>;
  /** The database's default collation and the server's default engine. */
  readonly defaults?: { readonly collation: string | null; readonly engine: string | null; readonly connection?: string | null };
  readonly views?: readonly ViewRow[];
  readonly triggers?: readonly TriggerRow[];
  readonly routines?: readonly RoutineRow[];
  readonly parameters?: readonly ParameterRow[];
  readonly events?: readonly EventRow[];
  readonly partitions?: readonly PartitionRow[];
}

export const CATALOG_QUERIES = {
  tables: `SELECT TABLE_NAME AS table_name, TABLE_TYPE AS table_type, ENGINE AS engine, TABLE_COLLATION AS table_collation,
      TABLE_COMMENT AS table_comment, CREATE_OPTIONS AS create_options
    FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME`,
  columns: `SELECT TABLE_NAME AS table_name, COLUMN_NAME AS column_name, ORDINAL_POSITION AS ordinal_position,
      COLUMN_DEFAULT AS column_default, IS_NULLABLE AS is_nullable, COLUMN_TYPE AS column_type, EXTRA AS extra,
      GENERATION_EXPRESSION AS generation_expression, CHARACTER_SET_NAME AS character_set_name,
      COLLATION_NAME AS collation_name, COLUMN_COMMENT AS column_comment
    FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, ORDINAL_POSITION`,
  statisticsMariadb: `SELECT TABLE_NAME AS table_name, INDEX_NAME AS index_name, NON_UNIQUE AS non_unique,
      SEQ_IN_INDEX AS seq_in_index, COLUMN_NAME AS column_name, SUB_PART AS sub_part, COLLATION AS collation,
      INDEX_TYPE AS index_type, NULL AS expression
    FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`,
  // MySQL 8 reports a functional index part's expression in EXPRESSION (its COLUMN_NAME is NULL).
  statisticsMysql: `SELECT TABLE_NAME AS table_name, INDEX_NAME AS index_name, NON_UNIQUE AS non_unique,
      SEQ_IN_INDEX AS seq_in_index, COLUMN_NAME AS column_name, SUB_PART AS sub_part, COLLATION AS collation,
      INDEX_TYPE AS index_type, EXPRESSION AS expression
    FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`,
  defaults: `SELECT DEFAULT_COLLATION_NAME AS collation, @@default_storage_engine AS engine, @@collation_connection AS connection
    FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?`,
  triggers: TRIGGERS_QUERY,
  routines: ROUTINES_QUERY,
  parameters: PARAMETERS_QUERY,
  events: EVENTS_QUERY,
  partitions: PARTITIONS_QUERY,
  keyColumns: `SELECT TABLE_NAME AS table_name, CONSTRAINT_NAME AS constraint_name, COLUMN_NAME AS column_name,
      ORDINAL_POSITION AS ordinal_position, REFERENCED_TABLE_SCHEMA AS referenced_table_schema,
      REFERENCED_TABLE_NAME AS referenced_table_name, REFERENCED_COLUMN_NAME AS referenced_column_name
    FROM information_schema.KEY_COLUMN_USAGE
    WHERE TABLE_SCHEMA = ? AND REFERENCED_TABLE_NAME IS NOT NULL ORDER BY TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION`,
  referential: `SELECT TABLE_NAME AS table_name, CONSTRAINT_NAME AS constraint_name, UPDATE_RULE AS update_rule,
      DELETE_RULE AS delete_rule
    FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = ? ORDER BY TABLE_NAME, CONSTRAINT_NAME`,
  // MariaDB names a column-level CHECK after its column, so names repeat across tables: its CHECK_CONSTRAINTS
  // has TABLE_NAME, and joining on the name alone (as drizzle-kit 1.0 does) multiplies rows.
  checksMariadb: `SELECT TABLE_NAME AS table_name, CONSTRAINT_NAME AS constraint_name, CHECK_CLAUSE AS check_clause
    FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = ? ORDER BY TABLE_NAME, CONSTRAINT_NAME`,
  // MySQL 8's CHECK_CONSTRAINTS has no TABLE_NAME, but there check names are unique per database.
  checksMysql: `SELECT tc.TABLE_NAME AS table_name, cc.CONSTRAINT_NAME AS constraint_name, cc.CHECK_CLAUSE AS check_clause
    FROM information_schema.CHECK_CONSTRAINTS cc
    JOIN information_schema.TABLE_CONSTRAINTS tc
      ON tc.CONSTRAINT_SCHEMA = cc.CONSTRAINT_SCHEMA AND tc.CONSTRAINT_NAME = cc.CONSTRAINT_NAME AND tc.CONSTRAINT_TYPE = 'CHECK'
    WHERE cc.CONSTRAINT_SCHEMA = ? ORDER BY tc.TABLE_NAME, cc.CONSTRAINT_NAME`,
} as const;

/** The server family, from its version string (the statement model's reading of it). */
export function flavorOf(version: string): Flavor {
  return serverFlavorOf(version).family;
}

/** Reads the catalog rows of `database` on `session`: thirteen queries, whatever the number of tables. */
export async function readCatalog(session: Session, database: string, flavor: Flavor): Promise<CatalogRows> {
  const run = <T>(sql: string) => session.query<T>(sql, [database]);
  const tables = await run<CatalogRows['tables']>(CATALOG_QUERIES.tables);
  const columns = await run<CatalogRows['columns']>(CATALOG_QUERIES.columns);
  const statistics = await run<CatalogRows['statistics']>(flavor === 'mariadb' ? CATALOG_QUERIES.statisticsMariadb : CATALOG_QUERIES.statisticsMysql);
  const keyColumns = await run<CatalogRows['keyColumns']>(CATALOG_QUERIES.keyColumns);
  const referential = await run<CatalogRows['referential']>(CATALOG_QUERIES.referential);
  let checks: CatalogRows['checks'] = [];
  try {
    checks = await run<CatalogRows['checks']>(flavor === 'mariadb' ? CATALOG_QUERIES.checksMariadb : CATALOG_QUERIES.checksMysql);
  } catch (error) {
    // MySQL 5.7 and MariaDB before 10.2 have no CHECK_CONSTRAINTS (and enforce no checks).
    if (!isServerError(error, 'ER_UNKNOWN_TABLE')) throw error;
  }
  const [defaults] = await run<Array<NonNullable<CatalogRows['defaults']>>>(CATALOG_QUERIES.defaults);
  return {
    tables, columns, statistics, keyColumns, referential, checks, defaults: defaults ?? { collation: null, engine: null, connection: null },
    views: await run<ViewRow[]>(VIEWS_QUERIES[flavor]),
    triggers: await run<TriggerRow[]>(CATALOG_QUERIES.triggers),
    routines: await run<RoutineRow[]>(CATALOG_QUERIES.routines),
    parameters: await run<ParameterRow[]>(CATALOG_QUERIES.parameters),
    events: await run<EventRow[]>(CATALOG_QUERIES.events),
    partitions: await run<PartitionRow[]>(CATALOG_QUERIES.partitions),
  };
}
