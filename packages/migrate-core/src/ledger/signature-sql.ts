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
/**
 * What format 1 read (a bare sha256 hex), which ledgers of earlier versions hold: computed again only to compare
 * with those. Never change it, or an unchanged object would read as changed.
 */
const PARTS_V1: Readonly<Record<ObjectRef['kind'], readonly Part[]>> = {
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

/**
 * A table's partitions and subpartitions: what ADD, DROP, COALESCE, REORGANIZE, CONVERT and REMOVE PARTITIONING
 * change. Run again, ADD PARTITION PARTITIONS n and COALESCE PARTITION n add or remove n more, so a signature
 * blind to them would have them run twice. Rows and sizes are left out, as everywhere: TRUNCATE PARTITION, like
 * TRUNCATE TABLE, leaves the signature as it was, and runs again to the same result.
 */
const PARTITIONS = part('PARTITIONS', TABLE, ['PARTITION_NAME', 'SUBPARTITION_NAME', 'PARTITION_ORDINAL_POSITION', 'SUBPARTITION_ORDINAL_POSITION',
  'PARTITION_METHOD', 'SUBPARTITION_METHOD', 'PARTITION_EXPRESSION', 'SUBPARTITION_EXPRESSION', 'PARTITION_DESCRIPTION', 'PARTITION_COMMENT',
  'NODEGROUP', 'TABLESPACE_NAME']);

/** Format 2 (`v2:` and the hex): format 1 and each table's partitions. */
const PARTS_V2: Readonly<Record<ObjectRef['kind'], readonly Part[]>> = { ...PARTS_V1, table: [...PARTS_V1.table, PARTITIONS] };

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
 * How a signature is computed: 1, a bare sha256 hex (what earlier versions recorded); 2, `v2:` and the hex. A
 * recorded signature is compared only with one computed in its own format, so that a version that reads more
 * than the one that recorded it never takes an unchanged object for a changed one.
 */
export type SignatureFormat = 1 | 2;
/** The format this version records. */
export const SIGNATURE_FORMAT: SignatureFormat = 2;
const V2_PREFIX = 'v2:';

/** The format of a recorded signature; undefined for a `v<n>:` this version does not know (a later one wrote it). */
export function signatureFormat(recorded: string): SignatureFormat | undefined {
  if (recorded.startsWith(V2_PREFIX)) return 2;
  return /^v\d+:/.test(recorded) ? undefined : 1;
}

const PARTS: Readonly<Record<SignatureFormat, Readonly<Record<ObjectRef['kind'], readonly Part[]>>>> = { 1: PARTS_V1, 2: PARTS_V2 };

/**
 * The signature of `objects` as one SQL expression with `?` placeholders, in `format` (by default the one this
 * version records); objects without a schema belong to `database`. Each object is read by equality on its
 * schema and name, which information_schema answers without scanning the database. With `wholeObjects`, only
 * whether each exists (and what it is) counts: information_schema.COLUMNS alone costs the server a temporary
 * table on disk, which a CREATE TABLE's proof does not need.
 */
export function signatureSql(database: string, objects: readonly ObjectRef[], options: { wholeObjects?: boolean; format?: SignatureFormat } = {}): SqlCommand {
  const format = options.format ?? SIGNATURE_FORMAT;
  const parts: string[] = [];
  const values: unknown[] = [];
  for (const object of objects) {
    const schema = object.schema ?? database;
    for (const p of (options.wholeObjects ? EXISTENCE : PARTS[format])[object.kind]) {
      parts.push(partSql(p));
      values.push(schema, ...(p.where[0] === p.where[1] ? [] : [object.name]));
    }
  }
  const hash = `SHA2(CONCAT_WS('|', ${parts.join(', ')}), 256)`;
  return { sql: format === 1 ? hash : `CONCAT('${V2_PREFIX}', ${hash})`, values };
}
