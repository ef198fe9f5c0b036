// Partitioning read from information_schema.PARTITIONS and written back as the PARTITION BY clause.
import { quoteIdentifier } from '../../../db/identifiers.js';
import { quoteSqlString } from '../../canonical/types.js';

export interface PartitionRow {
  table_name: string;
  partition_name: string | null;
  subpartition_name: string | null;
  partition_ordinal_position: number | string | null;
  subpartition_ordinal_position: number | string | null;
  partition_method: string | null;
  subpartition_method: string | null;
  partition_expression: string | null;
  subpartition_expression: string | null;
  partition_description: string | null;
  partition_comment: string | null;
}

export const PARTITIONS_QUERY = `SELECT TABLE_NAME AS table_name, PARTITION_NAME AS partition_name, SUBPARTITION_NAME AS subpartition_name,
    PARTITION_ORDINAL_POSITION AS partition_ordinal_position, SUBPARTITION_ORDINAL_POSITION AS subpartition_ordinal_position,
    PARTITION_METHOD AS partition_method, SUBPARTITION_METHOD AS subpartition_method, PARTITION_EXPRESSION AS partition_expression,
    SUBPARTITION_EXPRESSION AS subpartition_expression, PARTITION_DESCRIPTION AS partition_description, PARTITION_COMMENT AS partition_comment
  FROM information_schema.PARTITIONS WHERE TABLE_SCHEMA = ? AND PARTITION_NAME IS NOT NULL
  ORDER BY TABLE_NAME, PARTITION_ORDINAL_POSITION, SUBPARTITION_ORDINAL_POSITION`;

/** `RANGE COLUMNS(\`a\`)`, `HASH (year(\`d\`))`, `KEY ()`. */
function byClause(method: string, expression: string | null): string {
  const upper = method.toUpperCase();
  const inside = (expression ?? '').trim();
  return upper.endsWith('COLUMNS') ? `${upper}(${inside})` : `${upper} (${inside})`;
}

function values(method: string, description: string | null): string {
  if (description === null || description === '') return '';
  const upper = method.toUpperCase();
  if (upper.startsWith('RANGE')) return ` VALUES LESS THAN (${description})`;
  if (upper.startsWith('LIST')) return ` VALUES IN (${description})`;
  return '';
}

const comment = (text: string | null) => (text ? ` COMMENT = ${quoteSqlString(text)}` : '');

/** The PARTITION BY clause of one table's rows (one row per partition, or per subpartition). */
export function partitioningClause(rows: readonly PartitionRow[]): string {
  const first = rows[0]!;
  const method = first.partition_method ?? 'HASH';
  const partitions = [...new Set(rows.map((row) => row.partition_name!))];
  const sub = first.subpartition_method ? ` SUBPARTITION BY ${byClause(first.subpartition_method, first.subpartition_expression)}` : '';
  const defaultNames = partitions.every((name, i) => name === `p${i}`) && !sub && rows.every((row) => !row.partition_description && !row.partition_comment);
  if (defaultNames) return `PARTITION BY ${byClause(method, first.partition_expression)} PARTITIONS ${partitions.length}`;
  const list = partitions.map((name) => {
    const own = rows.filter((row) => row.partition_name === name);
    const subs = own.filter((row) => row.subpartition_name).map((row) => `SUBPARTITION ${quoteIdentifier(row.subpartition_name!)}${comment(row.partition_comment)}`);
    return `PARTITION ${quoteIdentifier(name)}${values(method, own[0]!.partition_description)}${subs.length ? '' : comment(own[0]!.partition_comment)}${subs.length ? ` (${subs.join(', ')})` : ''}`;
  });
  return `PARTITION BY ${byClause(method, first.partition_expression)}${sub} (${list.join(', ')})`;
}
