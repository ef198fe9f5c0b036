import type { Unmodelled } from '../unmodelled.js';
import { normaliseTableOptions, type TableOptions } from './model.js';

/** The columns of an information_schema.TABLES row the options come from. */
export interface TableOptionsRow {
  table_name: string;
  engine?: string | null;
  table_collation?: string | null;
  table_comment?: string | null;
  create_options?: string | null;
}

/** The options of a table row; CREATE_OPTIONS other than ROW_FORMAT (and `partitioned`) are listed as unmodelled. */
export function tableOptionsOf(row: TableOptionsRow, unmodelled: Unmodelled[]): TableOptions {
  let rowFormat: string | undefined;
  for (const option of (row.create_options ?? '').split(/\s+/).filter((text) => text !== '' && text !== 'partitioned')) {
    const [key, value] = option.split('=') as [string, string | undefined];
    if (key.toLowerCase() === 'row_format' && value !== undefined) rowFormat = value;
    else unmodelled.push({ kind: 'table option', name: `${row.table_name} (${option})`, reason: 'only ENGINE, character set, collation, COMMENT and ROW_FORMAT are kept' });
  }
  return normaliseTableOptions({
    ...(row.engine ? { engine: row.engine } : {}),
    ...(row.table_collation ? { collation: row.table_collation } : {}),
    ...(row.table_comment ? { comment: row.table_comment } : {}),
    ...(rowFormat ? { rowFormat } : {}),
  });
}
