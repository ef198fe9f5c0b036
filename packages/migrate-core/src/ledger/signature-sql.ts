// The signature of schema objects: a hash of their information_schema rows, computed by the server. Recorded
// in the ledger before a DDL statement runs and computed again after an interruption, it proves whether the
// statement took effect (see src/engine/proof.ts). The same SQL runs in both places, so equal means unchanged.
import type { ObjectRef } from '../sql/targets.js';
import type { SqlCommand } from './ledger-sql.js';

interface Part {
  /** The information_schema table. */
  readonly from: string;
  /** Its columns holding the object's database and name. */
  readonly where: readonly [schema: string, name: string];
  /**
   * Columns that describe the object; statistics and times that change with the data are left out. A change
   * they miss (a foreign key's rule redefined under the same name) reads as "not taken effect", and the
   * statement runs again, which gives the same result.
   */
  readonly columns: readonly string[];
  /** A fixed condition, e.g. the routine's type. */
  readonly and?: string;
}

const part = (from: string, where: readonly [string, string], columns: readonly string[], and?: string): Part =>
  (and === undefined ? { from, where, columns } : { from, where, columns, and });

const TABLE = ['TABLE_SCHEMA', 'TABLE_NAME'] as const;
const ROUTINE = ['ROUTINE_NAME', 'ROUTINE_TYPE', 'ROUTINE_DEFINITION', 'DTD_IDENTIFIER', 'IS_DETERMINISTIC', 'SQL_DATA_ACCESS', 'SECURITY_TYPE',
  'CREATED', 'LAST_ALTERED', 'ROUTINE_COMMENT', 'DEFINER'];
const RELATION: readonly Part[] = [
  part('TABLES', TABLE, ['TABLE_NAME', 'TABLE_TYPE', 'ENGINE', 'TABLE_COLLATION', 'CREATE_OPTIONS', 'TABLE_COMMENT']),
  part('COLUMNS', TABLE, ['COLUMN_NAME', 'ORDINAL_POSITION', 'COLUMN_DEFAULT', 'IS_NULLABLE', 'COLUMN_TYPE', 'COLLATION_NAME', 'EXTRA', 'COLUMN_COMMENT', 'GENERATION_EXPRESSION']),
];
const PARTS: Readonly<Record<ObjectRef['kind'], readonly Part[]>> = {
  table: [
    ...RELATION,
    part('STATISTICS', TABLE, ['INDEX_NAME', 'SEQ_IN_INDEX', 'COLUMN_NAME', 'NON_UNIQUE', 'SUB_PART', 'INDEX_TYPE', 'COLLATION']),
    part('TABLE_CONSTRAINTS', TABLE, ['CONSTRAINT_NAME', 'CONSTRAINT_TYPE']),
  ],
  view: [...RELATION, part('VIEWS', TABLE, ['VIEW_DEFINITION', 'CHECK_OPTION', 'IS_UPDATABLE', 'DEFINER', 'SECURITY_TYPE'])],
  trigger: [part('TRIGGERS', ['TRIGGER_SCHEMA', 'TRIGGER_NAME'],
    ['TRIGGER_NAME', 'EVENT_MANIPULATION', 'EVENT_OBJECT_TABLE', 'ACTION_ORDER', 'ACTION_STATEMENT', 'ACTION_TIMING', 'CREATED', 'DEFINER'])],
  procedure: [part('ROUTINES', ['ROUTINE_SCHEMA', 'ROUTINE_NAME'], ROUTINE, "`ROUTINE_TYPE` = 'PROCEDURE'")],
  function: [part('ROUTINES', ['ROUTINE_SCHEMA', 'ROUTINE_NAME'], ROUTINE, "`ROUTINE_TYPE` = 'FUNCTION'")],
  event: [part('EVENTS', ['EVENT_SCHEMA', 'EVENT_NAME'],
    ['EVENT_NAME', 'EVENT_DEFINITION', 'EVENT_TYPE', 'EXECUTE_AT', 'INTERVAL_VALUE', 'INTERVAL_FIELD', 'STATUS', 'ON_COMPLETION', 'CREATED', 'LAST_ALTERED', 'EVENT_COMMENT', 'DEFINER'])],
  database: [part('SCHEMATA', ['SCHEMA_NAME', 'SCHEMA_NAME'], ['DEFAULT_CHARACTER_SET_NAME', 'DEFAULT_COLLATION_NAME'])],
};


/** Whether each object exists, and what it is: enough for statements that create, drop or rename whole objects. */
const EXISTENCE: Readonly<Record<ObjectRef['kind'], readonly Part[]>> = {
  table: [part('TABLES', TABLE, ['TABLE_NAME', 'TABLE_TYPE'])],
  view: [part('TABLES', TABLE, ['TABLE_NAME', 'TABLE_TYPE'])],
  trigger: [part('TRIGGERS', ['TRIGGER_SCHEMA', 'TRIGGER_NAME'], ['TRIGGER_NAME'])],
  procedure: [part('ROUTINES', ['ROUTINE_SCHEMA', 'ROUTINE_NAME'], ['ROUTINE_NAME'], "`ROUTINE_TYPE` = 'PROCEDURE'")],
  function: [part('ROUTINES', ['ROUTINE_SCHEMA', 'ROUTINE_NAME'], ['ROUTINE_NAME'], "`ROUTINE_TYPE` = 'FUNCTION'")],
  event: [part('EVENTS', ['EVENT_SCHEMA', 'EVENT_NAME'], ['EVENT_NAME'])],
  database: [part('SCHEMATA', ['SCHEMA_NAME', 'SCHEMA_NAME'], ['SCHEMA_NAME'])],
};

const col = (name: string) => `\`${name}\``;

/**
 * One part as `count/sum1/sum2`: each row hashed (its columns as a JSON array, so NULL and '' differ and no
 * collations mix), the hashes summed in two 60-bit halves. Sums do not depend on the order rows come in and
 * never overflow (SUM of integers is an exact DECIMAL); GROUP_CONCAT would be cut at group_concat_max_len.
 */
function partSql(p: Part): string {
  const sums = [1, 16].map((from) => `COALESCE(SUM(CAST(CONV(SUBSTR(\`h\`, ${from}, 15), 16, 10) AS UNSIGNED)), 0)`);
  const conditions = [`${col(p.where[0])} = ?`, ...(p.where[0] === p.where[1] ? [] : [`${col(p.where[1])} = ?`]), ...(p.and ? [p.and] : [])];
  return `(SELECT CONCAT(COUNT(*), '/', ${sums.join(", '/', ")}) FROM (SELECT SHA2(JSON_ARRAY(${p.columns.map(col).join(', ')}), 256) AS \`h\` ` +
    `FROM information_schema.${col(p.from)} WHERE ${conditions.join(' AND ')}) AS \`rows\`)`;
}

/**
 * The signature of `objects` as one SQL expression (sha256 hex, 64 characters) with `?` placeholders; objects
 * without a schema belong to `database`. Each object is read by equality on its schema and name, which
 * information_schema answers without scanning the database. With `wholeObjects`, only whether each exists (and
 * what it is) counts: information_schema.COLUMNS alone costs the server a temporary table on disk, which a
 * CREATE TABLE's proof does not need.
 */
export function signatureSql(database: string, objects: readonly ObjectRef[], options: { wholeObjects?: boolean } = {}): SqlCommand {
  const parts: string[] = [];
  const values: unknown[] = [];
  for (const object of objects) {
    const schema = object.schema ?? database;
    for (const p of (options.wholeObjects ? EXISTENCE : PARTS)[object.kind]) {
      parts.push(partSql(p));
      values.push(schema, ...(p.where[0] === p.where[1] ? [] : [object.name]));
    }
  }
  return { sql: `SHA2(CONCAT_WS('|', ${parts.join(', ')}), 256)`, values };
}
