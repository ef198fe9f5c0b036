import type { CanonicalCheck, CanonicalColumn, CanonicalDefault, CanonicalForeignKey, CanonicalIndex, ForeignKeyAction } from './model.js';
import { quoteSqlString } from './types.js';

/**
 * One-line definitions of schema objects, built from canonical values only: two objects are the same exactly
 * when their descriptions are equal, and a difference prints both.
 */

function describeDefault(value: CanonicalDefault): string {
  return value.kind === 'string' ? quoteSqlString(value.value) : value.value;
}

/** `varchar(255) NOT NULL DEFAULT 'x'`, `int NOT NULL AUTO_INCREMENT`, `timestamp NULL DEFAULT current_timestamp ON UPDATE current_timestamp`. */
export function describeColumn(column: CanonicalColumn): string {
  const parts = [column.type, column.notNull ? 'NOT NULL' : 'NULL'];
  if (column.default !== null) parts.push(`DEFAULT ${describeDefault(column.default)}`);
  if (column.autoIncrement) parts.push('AUTO_INCREMENT');
  if (column.onUpdateNow) parts.push('ON UPDATE current_timestamp');
  if (column.generated) parts.push(`GENERATED ALWAYS AS (${column.generated.normalized}) ${column.generated.stored ? 'STORED' : 'VIRTUAL'}`);
  if (column.collation !== undefined) parts.push(`COLLATE ${column.collation}`);
  else if (column.charset !== undefined) parts.push(`CHARACTER SET ${column.charset}`);
  if (column.comment) parts.push(`COMMENT ${quoteSqlString(column.comment)}`);
  return parts.join(' ');
}

/** `unique (email)`, `(a, b)`, `fulltext (body)`. */
export function describeIndex(index: CanonicalIndex): string {
  const kind = index.kind === 'btree' ? (index.unique ? 'unique ' : '') : `${index.unique ? 'unique ' : ''}${index.kind} `;
  return `${kind}(${index.columns.join(', ')})`;
}

// InnoDB treats NO ACTION as RESTRICT (both check at once), and a key declared without a rule is stored as
// RESTRICT while drizzle-kit writes NO ACTION: the two are one rule.
function sameRule(action: ForeignKeyAction): string {
  return action === 'no action' ? 'restrict' : action;
}

/** `(user_id) -> users(id) ON DELETE cascade ON UPDATE no action`. */
export function describeForeignKey(fk: CanonicalForeignKey): string {
  const target = fk.refSchema === null ? fk.refTable : `${fk.refSchema}.${fk.refTable}`;
  return `(${fk.columns.join(', ')}) -> ${target}(${fk.refColumns.join(', ')}) ON DELETE ${fk.onDelete} ON UPDATE ${fk.onUpdate}`;
}

/** The part of a foreign key that matters for comparison. */
export function foreignKeyKey(fk: CanonicalForeignKey): string {
  return describeForeignKey({ ...fk, onDelete: sameRule(fk.onDelete) as ForeignKeyAction, onUpdate: sameRule(fk.onUpdate) as ForeignKeyAction });
}

/** `CHECK (qty>0)`: the normalised expression. */
export function describeCheck(check: CanonicalCheck): string {
  return `CHECK (${check.normalized})`;
}

/** `(order_id, line)`, or `none`. */
export function describePrimaryKey(columns: readonly string[] | null): string {
  return columns === null ? 'none' : `(${columns.join(', ')})`;
}
