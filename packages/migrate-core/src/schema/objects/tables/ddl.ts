// Table and column options in DDL: the clause a CREATE TABLE ends with, the ALTER TABLE that changes them, and the
// CHARACTER SET / COLLATE / COMMENT of a column definition.
import { quoteIdentifier } from '../../../db/identifiers.js';
import { quoteSqlString } from '../../canonical/types.js';
import type { KitColumn } from '../../drizzle/kit-snapshot.js';
import type { ColumnOptions, TableOptions } from './model.js';

/** `ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci COMMENT='...' ROW_FORMAT=DYNAMIC` (set ones only). */
export function tableOptionsClause(options: TableOptions): string {
  return [
    options.engine === undefined ? '' : `ENGINE=${options.engine}`,
    options.charset === undefined ? '' : `DEFAULT CHARSET=${options.charset}`,
    options.collation === undefined ? '' : `COLLATE=${options.collation}`,
    options.comment ? `COMMENT=${quoteSqlString(options.comment)}` : '',
    options.rowFormat === undefined ? '' : `ROW_FORMAT=${options.rowFormat}`,
  ].filter((part) => part !== '').join(' ');
}

/**
 * The options to set on an existing table to go from `from` to `to`; an option `to` no longer sets goes back to
 * what a table gets without it (InnoDB, the database's character set, no comment, the default row format).
 */
export function alterTableOptions(table: string, from: TableOptions, to: TableOptions): string | undefined {
  const parts: string[] = [];
  if (from.engine !== to.engine) parts.push(`ENGINE=${to.engine ?? 'InnoDB'}`);
  if (from.charset !== to.charset || from.collation !== to.collation) {
    if (to.collation !== undefined) parts.push(`DEFAULT CHARSET=${to.charset ?? to.collation.split('_')[0]} COLLATE=${to.collation}`);
    else parts.push(`DEFAULT CHARSET=${to.charset ?? 'DEFAULT'}`);
  }
  if ((from.comment ?? '') !== (to.comment ?? '')) parts.push(`COMMENT=${quoteSqlString(to.comment ?? '')}`);
  if (from.rowFormat !== to.rowFormat) parts.push(`ROW_FORMAT=${to.rowFormat ?? 'DEFAULT'}`);
  return parts.length === 0 ? undefined : `ALTER TABLE ${quoteIdentifier(table)} ${parts.join(' ')}`;
}

/** ` CHARACTER SET x COLLATE y` for a character column that declares them ('' otherwise). */
export function columnCharsetClause(options: ColumnOptions | undefined): string {
  if (options === undefined || (options.charset === undefined && options.collation === undefined)) return '';
  const charset = options.charset ?? options.collation!.split('_')[0];
  return ` CHARACTER SET ${charset}${options.collation === undefined ? '' : ` COLLATE ${options.collation}`}`;
}

/** ` ON UPDATE ...` (declared in tables.json) and ` COMMENT '...'`, for the end of a column definition. */
export function columnCommentClause(options: ColumnOptions | undefined): string {
  return `${options?.onUpdate ? ` ON UPDATE ${options.onUpdate}` : ''}${options?.comment ? ` COMMENT ${quoteSqlString(options.comment)}` : ''}`;
}

/** A whole column definition, in drizzle-kit's order, with its options: for a MODIFY that only changes those. */
export function columnDefinition(column: KitColumn, options: ColumnOptions | undefined, characterType: boolean): string {
  const generated = column.generated ? ` GENERATED ALWAYS AS (${column.generated.as}) ${column.generated.type.toUpperCase()}` : '';
  return `${quoteIdentifier(column.name)} ${column.type}${characterType ? columnCharsetClause(options) : ''}${column.autoincrement ? ' AUTO_INCREMENT' : ''}` +
    `${generated}${column.notNull ? ' NOT NULL' : ''}${column.default !== undefined ? ` DEFAULT ${String(column.default)}` : ''}` +
    `${column.onUpdate && !options?.onUpdate ? ' ON UPDATE CURRENT_TIMESTAMP' : ''}${columnCommentClause(options)}`;
}

export function modifyColumn(table: string, definition: string): string {
  return `ALTER TABLE ${quoteIdentifier(table)} MODIFY COLUMN ${definition}`;
}
