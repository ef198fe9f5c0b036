// tables.json: table and column options, indexes drizzle cannot declare and partitioning, per table.
import { z } from 'zod';
import { parseIndexDefinition } from '../indexes/definition.js';
import { normaliseColumnOptions, normaliseTableOptions, type TableObjects, type TableOptions } from '../tables/model.js';

const options = {
  engine: z.string().min(1).optional(),
  charset: z.string().min(1).optional(),
  collation: z.string().min(1).optional(),
  comment: z.string().optional(),
  rowFormat: z.string().min(1).optional(),
};
const column = z.strictObject({
  charset: options.charset, collation: options.collation, comment: options.comment,
  onUpdate: z.string().regex(/^\s*current_timestamp\s*(\(\s*\d?\s*\))?\s*$/i, 'must be CURRENT_TIMESTAMP or CURRENT_TIMESTAMP(<precision>)').optional(),
});
const table = z.strictObject({
  ...options,
  columns: z.record(z.string(), column).optional(),
  indexes: z.record(z.string(), z.string().superRefine((text, ctx) => {
    try {
      parseIndexDefinition(text);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
    }
  })).optional(),
  partitioning: z.string().regex(/^\s*PARTITION\s+BY\s/i, 'must start with PARTITION BY').optional(),
});
const file = z.strictObject({ $schema: z.string().optional(), defaults: z.strictObject(options).optional(), tables: z.record(z.string(), table).optional() });

export interface TablesFile {
  readonly defaults: TableOptions;
  readonly tables: Readonly<Record<string, TableObjects>>;
}

function normaliseTable(entry: z.infer<typeof table>): TableObjects {
  const { columns, indexes, partitioning, ...rest } = entry;
  return {
    ...normaliseTableOptions(rest),
    ...(columns && Object.keys(columns).length > 0 ? { columns: Object.fromEntries(Object.entries(columns).map(([name, value]) => [name, normaliseColumnOptions(value)])) } : {}),
    ...(indexes && Object.keys(indexes).length > 0 ? { indexes } : {}),
    ...(partitioning ? { partitioning: partitioning.trim() } : {}),
  };
}

/** Parses tables.json; throws an Error listing every problem with its path (`tables.users.columns.email.collation: ...`). */
export function parseTablesFile(text: string): TablesFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`not valid JSON: ${(error as Error).message}`);
  }
  const parsed = file.safeParse(json);
  if (!parsed.success) {
    throw new Error(parsed.error.issues.map((issue) => `${issue.path.join('.') || '(file)'}: ${issue.message}`).join('; '));
  }
  return {
    defaults: normaliseTableOptions(parsed.data.defaults ?? {}),
    tables: Object.fromEntries(Object.entries(parsed.data.tables ?? {}).map(([name, entry]) => [name, normaliseTable(entry)])),
  };
}

/** The text of tables.json: defaults, then tables by name, two-space JSON. */
export function renderTablesFile(tables: TablesFile): string {
  const sorted = Object.fromEntries(Object.entries(tables.tables).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return `${JSON.stringify({ defaults: tables.defaults, tables: sorted }, null, 2)}\n`;
}
