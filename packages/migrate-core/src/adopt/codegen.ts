import type { CanonicalCheck, CanonicalForeignKey, CanonicalIndex, CanonicalSchema, CanonicalTable } from '../schema/canonical/model.js';
import { columnCode, newNeeds, type CodeNeeds } from './codegen-column.js';
import { columnKeys, member, propertyKey, tableVariables, templateBody, tsString } from './names.js';
import { orderByDependencies } from './order.js';

export interface SchemaCodeOptions {
  readonly service: string;
  readonly database: string;
  /** When the database was read, for the header. */
  readonly date: Date;
}

export interface SchemaCode {
  /** The text of src/schema.ts. */
  readonly source: string;
  /** What the code leaves out (unsupported by drizzle-orm): the reviewer must know. */
  readonly warnings: readonly string[];
}

/** Names the generated file declares besides the tables. */
const FILE_NAMES = ['sql', 'rawType', 'customType', 'mysqlTable', 'mysqlEnum', 'primaryKey', 'index', 'uniqueIndex', 'foreignKey', 'check',
  'int', 'bigint', 'tinyint', 'smallint', 'mediumint', 'boolean', 'decimal', 'double', 'float', 'varchar', 'char', 'binary', 'varbinary',
  'text', 'tinytext', 'mediumtext', 'longtext', 'date', 'datetime', 'timestamp', 'time', 'year', 'json', 'Buffer'];

const SAME_AS_DEFAULT = new Set(['no action', 'restrict']);

interface Context {
  readonly variables: Map<string, string>;
  readonly keys: Map<string, Map<string, string>>;
  readonly needs: CodeNeeds;
}

function columnsOf(table: string, columns: readonly string[], ctx: Context, object = 't'): string | null {
  const keys = ctx.keys.get(table);
  const refs = columns.map((column) => keys?.get(column));
  return refs.every((key) => key !== undefined) ? refs.map((key) => member(object, key!)).join(', ') : null;
}

function indexCode(table: string, index: CanonicalIndex, ctx: Context): string | null {
  if (index.implicit) return null;
  const columns = index.kind === 'btree' ? columnsOf(table, index.columns, ctx) : null;
  if (columns === null) {
    ctx.needs.warnings.push(`${table}: index ${index.name} (${index.kind}, ${index.columns.join(', ')}) left out: drizzle-orm cannot declare it; keep it with a custom migration.`);
    return null;
  }
  const builder = index.unique ? 'uniqueIndex' : 'index';
  ctx.needs.builders.add(builder);
  return `${builder}(${tsString(index.name)}).on(${columns})`;
}

function foreignKeyCode(table: string, fk: CanonicalForeignKey, ctx: Context): string | null {
  const target = ctx.variables.get(fk.refTable);
  const columns = columnsOf(table, fk.columns, ctx);
  const refs = target === undefined ? null : columnsOf(fk.refTable, fk.refColumns, ctx, fk.refTable === table ? 't' : target);
  if (fk.refSchema !== null || columns === null || refs === null) {
    const where = fk.refSchema === null ? fk.refTable : `${fk.refSchema}.${fk.refTable}`;
    ctx.needs.warnings.push(`${table}: foreign key ${fk.name} -> ${where} left out: ${fk.refSchema === null ? 'its target table is not adopted' : 'it points into another database'}; keep it with a custom migration.`);
    return null;
  }
  ctx.needs.builders.add('foreignKey');
  let code = `foreignKey({ name: ${tsString(fk.name)}, columns: [${columns}], foreignColumns: [${refs}] })`;
  // InnoDB treats RESTRICT and NO ACTION alike (drizzle-orm's default): only other rules are worth writing.
  if (!SAME_AS_DEFAULT.has(fk.onDelete)) code += `.onDelete(${tsString(fk.onDelete)})`;
  if (!SAME_AS_DEFAULT.has(fk.onUpdate)) code += `.onUpdate(${tsString(fk.onUpdate)})`;
  return code;
}

function checkCode(check: CanonicalCheck, ctx: Context): string {
  ctx.needs.builders.add('check');
  ctx.needs.sql = true;
  return `check(${tsString(check.name)}, sql\`${templateBody(check.sql)}\`)`;
}

function tableCode(table: CanonicalTable, ctx: Context): string {
  const keys = ctx.keys.get(table.name)!;
  const soleKey = table.primaryKey?.length === 1 ? table.primaryKey[0] : undefined;
  const columns = table.columns.map((column) =>
    `  ${propertyKey(keys.get(column.name)!)}: ${columnCode(column, table.name, column.name === soleKey, ctx.needs)},`);
  const extras: string[] = [];
  if (table.primaryKey !== null && soleKey === undefined) {
    ctx.needs.builders.add('primaryKey');
    extras.push(`primaryKey({ columns: [${columnsOf(table.name, table.primaryKey, ctx)}] })`);
  }
  for (const index of table.indexes) extras.push(indexCode(table.name, index, ctx) ?? '');
  for (const fk of table.foreignKeys) extras.push(foreignKeyCode(table.name, fk, ctx) ?? '');
  for (const check of table.checks) extras.push(checkCode(check, ctx));
  const body = `mysqlTable(${tsString(table.name)}, {\n${columns.join('\n')}\n}`;
  const kept = extras.filter((extra) => extra !== '');
  const tail = kept.length === 0 ? ')' : `, (t) => [\n${kept.map((extra) => `  ${extra},`).join('\n')}\n])`;
  return `export const ${ctx.variables.get(table.name)} = ${body}${tail};`;
}

function header(options: SchemaCodeOptions, needs: CodeNeeds): string[] {
  const lines = [
    `// The tables of the ${options.service} service, in its own database \`${options.database}\`.`,
    `// Written by \`migrate-core generate --from-database\` from that database on ${options.date.toISOString().slice(0, 10)}; from now on`,
    `// this file is the source of truth. Change it, then run \`npx nx run ${options.service}:generate --name "what changed"\`.`,
    '// Use int().autoincrement() for ids: serial() generates invalid SQL on MariaDB.',
  ];
  const builders = [...needs.builders, 'mysqlTable', ...(needs.rawType ? ['customType'] : [])].sort();
  const imports = [
    ...(needs.sql ? ["import { sql } from 'drizzle-orm';"] : []),
    `import { ${[...new Set(builders)].join(', ')} } from 'drizzle-orm/mysql-core';`,
  ];
  const helper = needs.rawType
    ? ['', '/** A column type drizzle-orm has no builder for, declared as the database has it. */',
      'const rawType = <T>(type: string) => customType<{ data: T }>({ dataType: () => type });']
    : [];
  return [...imports, '', ...lines, ...helper];
}

/**
 * Drizzle mysql-core code for a database's schema (pure): one `mysqlTable` per table, referenced tables
 * first, with its columns, primary key, indexes, unique indexes, foreign keys (by their database names, with
 * their actions) and checks. What drizzle-orm cannot declare is left out and listed in `warnings`.
 */
export function generateSchemaCode(schema: CanonicalSchema, options: SchemaCodeOptions): SchemaCode {
  const { order } = orderByDependencies(schema.tables);
  const byName = new Map(schema.tables.map((table) => [table.name, table]));
  const ctx: Context = {
    variables: tableVariables(order, new Set(FILE_NAMES)),
    keys: new Map(schema.tables.map((table) => [table.name, columnKeys(table.columns.map((column) => column.name))])),
    needs: newNeeds(),
  };
  const tables = order.map((name) => tableCode(byName.get(name)!, ctx));
  for (const view of schema.views) ctx.needs.warnings.push(`view ${view} left out: keep it with a custom migration.`);
  const source = [...header(options, ctx.needs), '', tables.join('\n\n'), ''].join('\n');
  return { source, warnings: ctx.needs.warnings };
}
