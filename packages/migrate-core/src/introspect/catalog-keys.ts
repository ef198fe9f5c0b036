// Keys and indexes of the catalog rows: primary key, indexes of every kind, foreign keys, and which index InnoDB
// made by itself for a foreign key.
import type { CatalogRows } from './catalog.js';
import type { CanonicalForeignKey, CanonicalIndex, ForeignKeyAction, IndexKind } from '../schema/canonical/model.js';
import { canonicalPart, indexDefinition, type IndexPartInfo } from '../schema/objects/indexes/definition.js';
import { groupBy } from './group.js';

type StatisticsRow = CatalogRows['statistics'][number];
type KeyColumnRow = CatalogRows['keyColumns'][number];
type ReferentialRow = CatalogRows['referential'][number];

function indexKind(indexType: string): IndexKind {
  const type = indexType.toUpperCase();
  return type === 'FULLTEXT' ? 'fulltext' : type === 'SPATIAL' ? 'spatial' : 'btree';
}

function indexPart(row: StatisticsRow): IndexPartInfo {
  // A functional index part (MySQL 8) has no column name, but an expression. MariaDB reports a SUB_PART of 32
  // for a SPATIAL index, which is no prefix anyone declared (SHOW CREATE TABLE has none).
  const base = row.expression ? { expression: row.expression } : { column: row.column_name ?? '' };
  const length = row.sub_part === null || row.sub_part === undefined || indexKind(row.index_type) === 'spatial' ? {} : { length: Number(row.sub_part) };
  return { ...base, ...length, descending: row.collation === 'D' };
}

export function toIndexes(rows: readonly StatisticsRow[]): { primaryKey: string[] | null; indexes: CanonicalIndex[] } {
  let primaryKey: string[] | null = null;
  const indexes: CanonicalIndex[] = [];
  for (const [name, rowsOfIndex] of groupBy(rows, (row) => row.index_name)) {
    const parts = rowsOfIndex.sort((a, b) => Number(a.seq_in_index) - Number(b.seq_in_index)).map(indexPart);
    const [unique, kind] = [Number(rowsOfIndex[0]!.non_unique) === 0, indexKind(rowsOfIndex[0]!.index_type)];
    if (name === 'PRIMARY') primaryKey = parts.map(canonicalPart);
    else indexes.push({ name, columns: parts.map(canonicalPart), unique, kind, definition: indexDefinition(kind, unique, parts) });
  }
  return { primaryKey, indexes };
}

function action(rule: string | undefined): ForeignKeyAction {
  const value = (rule ?? 'RESTRICT').toLowerCase();
  return (['cascade', 'restrict', 'no action', 'set null', 'set default'] as const).find((known) => known === value) ?? 'restrict';
}

export function toForeignKeys(keyColumns: readonly KeyColumnRow[], referential: readonly ReferentialRow[], database: string): CanonicalForeignKey[] {
  const rules = new Map(referential.map((row) => [row.constraint_name, row]));
  return [...groupBy(keyColumns, (row) => row.constraint_name)].map(([name, parts]) => {
    const ordered = parts.sort((a, b) => Number(a.ordinal_position) - Number(b.ordinal_position));
    const first = ordered[0]!;
    return {
      name,
      columns: ordered.map((part) => part.column_name),
      refSchema: first.referenced_table_schema === database ? null : first.referenced_table_schema,
      refTable: first.referenced_table_name,
      refColumns: ordered.map((part) => part.referenced_column_name),
      onDelete: action(rules.get(name)?.delete_rule),
      onUpdate: action(rules.get(name)?.update_rule),
    };
  });
}

/**
 * Marks the index InnoDB made to back a foreign key: on exactly the key's columns, named after the key or,
 * for a key declared without a name, after its first column.
 */
export function markImplicit(indexes: CanonicalIndex[], foreignKeys: readonly CanonicalForeignKey[]): CanonicalIndex[] {
  return indexes.map((index) => {
    const backs = !index.unique && index.kind === 'btree' && foreignKeys.some((fk) =>
      (fk.name === index.name || fk.columns[0] === index.name) && index.columns.join(',') === fk.columns.join(','));
    return backs ? { ...index, implicit: 'foreign-key' as const } : index;
  });
}
