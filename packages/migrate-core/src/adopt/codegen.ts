import type { CanonicalCheck, CanonicalForeignKey, CanonicalIndex, CanonicalSchema, CanonicalTable } from '../schema/canonical/model.js';
import { drizzleCanDeclare } from '../schema/objects/indexes/definition.js';
import { columnCode, newNeeds, type CodeNeeds } from './codegen-column.js';
import { columnKeys, member, propertyKey, tableVariables, templateBody, tsString } from './names.js';
import { orderByDependencies } from './order.js';
import { orderViews } from '../schema/objects/views/order.js';
import { viewCode } from './codegen-view.js';

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
const FILE_NAMES = ['sql', 'rawType', 'customType', 'mysqlTable', 'mysqlView', 'MySqlTableExtraConfigValue', 'mysqlEnum', 'primaryKey', 'index', 'uniqueIndex', 'foreignKey', 'check',
  'int', 'bigint', 'tinyint', 'smallint', 'mediumint', 'boolean', 'decimal', 'double', 'float', 'varchar', 'char', 'binary', 'varbinary',
  'text', 'tinytext', 'mediumtext', 'longtext', 'date', 'datetime', 'timestamp', 'time', 'year', 'json', 'Buffer'];

export interface Context {
  readonly variables: Map<string, string>;
  readonly keys: Map<string, Map<string, string>>;
  readonly needs: CodeNeeds;
}

function columnsOf(table: string, columns: readonly string[], ctx: Context, object = 't'): string | null {
  const keys = ctx.keys.get(table);
  const refs = columns.map((column) => keys?.get(column));
  return refs.every((key) => key !== undefined) ? refs.map((key) => member(object, key!)).join(', ') : null;
}

/**
 * index() or uniqueIndex() for an index drizzle-orm can declare, by its database name. An index that backs a
 * foreign key is declared too, so that a rebuilt database has it under the same name, unless it has the key's
 * own name: InnoDB makes exactly that one for the key (and drizzle-kit refuses an index named like a key). The
 * indexes drizzle-orm cannot declare are in tables.json.
 */
function indexCode(table: CanonicalTable, index: CanonicalIndex, ctx: Context): string | null {
  if (index.implicit === 'serial' || !drizzleCanDeclare(index)) return null;
  const declaredKey = table.foreignKeys.some((fk) => fk.name === index.name && fk.refSchema === null && ctx.variables.has(fk.refTable));
  if (index.implicit === 'foreign-key' && declaredKey) return null;
  const columns = columnsOf(table.name, index.columns, ctx);
  if (columns === null) return null;
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
  // InnoDB enforces RESTRICT and NO ACTION alike, but the catalog tells them apart (a key declared without a
  // rule says RESTRICT): write every rule but drizzle-orm's default, so a rebuilt database says the same.
  if (fk.onDelete !== 'no action') code += `.onDelete(${tsString(fk.onDelete)})`;
  if (fk.onUpdate !== 'no action') code += `.onUpdate(${tsString(fk.onUpdate)})`;
  return code;
}

function checkCode(check: CanonicalCheck, ctx: Context): string {
  ctx.needs.builders.add('check');
  ctx.needs.sql = true;
  return `check(${tsString(check.name)}, sql\`${templateBody(check.sql)}\`)`;
}

function tableCode(table: CanonicalTable, ctx: Context, laterTables: ReadonlySet<string>): string {
  const keys = ctx.keys.get(table.name)!;
  const soleKey = table.primaryKey?.length === 1 ? table.primaryKey[0] : undefined;
  const columns = table.columns.map((column) =>
    `  ${propertyKey(keys.get(column.name)!)}: ${columnCode(column, table.name, column.name === soleKey, ctx.needs)},`);
  const extras: string[] = [];
  if (table.primaryKey !== null && soleKey === undefined) {
    ctx.needs.builders.add('primaryKey');
    extras.push(`primaryKey({ columns: [${columnsOf(table.name, table.primaryKey, ctx)}] })`);
  }
  for (const index of table.indexes) extras.push(indexCode(table, index, ctx) ?? '');
  for (const fk of table.foreignKeys) extras.push(foreignKeyCode(table.name, fk, ctx) ?? '');
  for (const check of table.checks) extras.push(checkCode(check, ctx));
  const body = `mysqlTable(${tsString(table.name)}, {\n${columns.join('\n')}\n}`;
  const kept = extras.filter((extra) => extra !== '');
  // A foreign key to a table declared further down (a reference cycle) needs the callback's type spelled out:
  // TypeScript cannot infer two initializers that refer to each other (TS7022).
  const cyclic = table.foreignKeys.some((fk) => laterTables.has(fk.refTable) && fk.refSchema === null);
  if (cyclic) ctx.needs.builders.add('type MySqlTableExtraConfigValue');
  const callback = cyclic ? '(t): MySqlTableExtraConfigValue[] =>' : '(t) =>';
  const tail = kept.length === 0 ? ')' : `, ${callback} [\n${kept.map((extra) => `  ${extra},`).join('\n')}\n])`;
  return `export const ${ctx.variables.get(table.name)} = ${body}${tail};`;
}

function header(options: SchemaCodeOptions, needs: CodeNeeds): string[] {
  const lines = [
    `// The tables of the ${options.service} service, in its own database \`${options.database}\`.`,
    `// Written by \`migrate-core generate --from-database\` from that database on ${options.date.toISOString().slice(0, 10)}; from now on`,
    `// this file is the source of truth. Change it, then run \`npx nx run ${options.service}:generate --name "what changed"\`.`,
    '// Use int().autoincrement() for ids: serial() generates invalid SQL on MariaDB.',
  ];
  const builders = [...needs.builders, 'mysqlTable', ...(needs.rawType ? ['customType'] : [])].sort((a, b) => {
    const [x, y] = [a.replace(/^type /, ''), b.replace(/^type /, '')];
    return x < y ? -1 : x > y ? 1 : 0;
  });
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
    variables: tableVariables([...order, ...schema.views.map((view) => view.name)], new Set(FILE_NAMES)),
    keys: new Map(schema.tables.map((table) => [table.name, columnKeys(table.columns.map((column) => column.name))])),
    needs: newNeeds(),
  };
  const tables = order.map((name, i) => tableCode(byName.get(name)!, ctx, new Set(order.slice(i + 1))));
  const views = orderViews(schema.views).map((view) => viewCode(view, ctx));
  const source = [...header(options, ctx.needs), '', [...tables, ...views].join('\n\n'), ''].join('\n');
  return { source, warnings: ctx.needs.warnings };
}
