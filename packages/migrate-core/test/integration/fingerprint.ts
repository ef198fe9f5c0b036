// A database's schema as information_schema describes it, every part a list of sorted JSON rows, with the
// database's own name taken out: two databases with equal fingerprints have the same tables, columns, indexes,
// keys, checks, views, triggers, routines, events, partitions, collations and comments. What depends on who
// made an object or when (definer, sql_mode, client character set, times) is left out.

/** Runs a query with the database name as its parameters. */
export type CatalogQuery = (sql: string, values: unknown[]) => Promise<Array<Record<string, unknown>>>;

const PARTS: Record<string, string> = {
  tables: `SELECT TABLE_NAME, TABLE_TYPE, ENGINE, TABLE_COLLATION, CREATE_OPTIONS, TABLE_COMMENT FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?`,
  columns: `SELECT TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, COLUMN_DEFAULT, IS_NULLABLE, COLUMN_TYPE, CHARACTER_SET_NAME, COLLATION_NAME,
      COLUMN_KEY, EXTRA, COLUMN_COMMENT, GENERATION_EXPRESSION FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ?`,
  indexes: `SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, SEQ_IN_INDEX, COLUMN_NAME, COLLATION, SUB_PART, INDEX_TYPE, INDEX_COMMENT
      FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ?`,
  keyColumns: `SELECT CONSTRAINT_NAME, TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, POSITION_IN_UNIQUE_CONSTRAINT, REFERENCED_TABLE_NAME,
      REFERENCED_COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = ?`,
  foreignKeys: `SELECT CONSTRAINT_NAME, TABLE_NAME, REFERENCED_TABLE_NAME, UNIQUE_CONSTRAINT_NAME, UPDATE_RULE, DELETE_RULE
      FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = ?`,
  constraints: `SELECT CONSTRAINT_NAME, TABLE_NAME, CONSTRAINT_TYPE FROM information_schema.TABLE_CONSTRAINTS WHERE TABLE_SCHEMA = ?`,
  checks: `SELECT TABLE_NAME, CONSTRAINT_NAME, CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = ?`,
  views: `SELECT TABLE_NAME, VIEW_DEFINITION, CHECK_OPTION, IS_UPDATABLE, SECURITY_TYPE, ALGORITHM FROM information_schema.VIEWS WHERE TABLE_SCHEMA = ?`,
  triggers: `SELECT TRIGGER_NAME, EVENT_MANIPULATION, EVENT_OBJECT_TABLE, ACTION_ORDER, ACTION_STATEMENT, ACTION_ORIENTATION, ACTION_TIMING
      FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ?`,
  routines: `SELECT ROUTINE_NAME, ROUTINE_TYPE, DATA_TYPE, DTD_IDENTIFIER, CHARACTER_SET_NAME, COLLATION_NAME, ROUTINE_BODY, ROUTINE_DEFINITION,
      IS_DETERMINISTIC, SQL_DATA_ACCESS, SECURITY_TYPE, ROUTINE_COMMENT FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ?`,
  parameters: `SELECT SPECIFIC_NAME, ROUTINE_TYPE, ORDINAL_POSITION, PARAMETER_MODE, PARAMETER_NAME, DTD_IDENTIFIER, CHARACTER_SET_NAME, COLLATION_NAME
      FROM information_schema.PARAMETERS WHERE SPECIFIC_SCHEMA = ?`,
  events: `SELECT EVENT_NAME, EVENT_DEFINITION, EVENT_TYPE, EXECUTE_AT, INTERVAL_VALUE, INTERVAL_FIELD, STARTS, ENDS, STATUS, ON_COMPLETION,
      EVENT_COMMENT FROM information_schema.EVENTS WHERE EVENT_SCHEMA = ?`,
  partitions: `SELECT TABLE_NAME, PARTITION_NAME, SUBPARTITION_NAME, PARTITION_ORDINAL_POSITION, SUBPARTITION_ORDINAL_POSITION, PARTITION_METHOD,
      SUBPARTITION_METHOD, PARTITION_EXPRESSION, SUBPARTITION_EXPRESSION, PARTITION_DESCRIPTION, PARTITION_COMMENT
      FROM information_schema.PARTITIONS WHERE TABLE_SCHEMA = ? AND PARTITION_NAME IS NOT NULL`,
};

/** The fingerprint of `database` (its `ignore`d tables, e.g. the ledger, left out). */
export async function fingerprint(query: CatalogQuery, database: string, ignore: readonly string[] = ['_migrate_core_ledger']): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  // The database's own name qualifies names in view definitions; a table may have the same name (`employees`.`employees`).
  const own = new RegExp(`(?<!\\.)\`${database.replace(/[^A-Za-z0-9_]/g, '')}\`\\.`, 'g');
  for (const [part, sql] of Object.entries(PARTS)) {
    const rows = await query(sql, [database]);
    out[part] = rows
      .filter((row) => !ignore.includes(String(row.TABLE_NAME ?? row.EVENT_OBJECT_TABLE ?? '')))
      .map((row) => JSON.stringify(row, (_key, value: unknown) => (typeof value === 'string' ? value.replace(own, '`<database>`.') : value)))
      .sort();
  }
  return out;
}
