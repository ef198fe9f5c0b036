// The snapshot of a service's schema: its own tables only (the schema filter), schema-qualified own tables
// made visible to drizzle-kit, serial columns made MariaDB-valid, foreign keys into other databases left out.
import { relative } from 'node:path';
import type { ServiceContext } from '../../config/load.js';
import { MigrateError } from '../../errors.js';
import type { DrizzleKit } from './kit-api.js';
import type { SchemaOptions, SchemaSnapshot } from './kit-protocol.js';
import { emptySnapshot } from './kit-snapshot.js';
import type { LoadedSchemas } from './loader.js';
import { describeDroppedForeignKey, filterTables, filterViews, type Exported, type TableInfo } from '../filter.js';
import {
  literalDefaultOf, normaliseBigIntDefaults, normaliseSerialColumns, unqualifyTables, withLiteralDefaults, withoutForeignKeys, type LiteralDefaults,
} from './snapshot-normalise.js';

/** drizzle-orm keeps a table's `mysqlSchema(...)` name under this registered symbol. */
const SCHEMA_SYMBOL = Symbol.for('drizzle:Schema');

type DrizzleTable = object & { [SCHEMA_SYMBOL]?: string | undefined };

/** The exported tables as the schema filter sees them, the exported views, and the defaults drizzle-kit would write wrongly. */
async function describeExports(exports: Record<string, unknown>): Promise<{ tables: TableInfo<DrizzleTable>[]; views: Exported<unknown>[]; literals: LiteralDefaults }> {
  const { is, SQL } = await import('drizzle-orm');
  const { MySqlTable, MySqlView, getTableConfig, getViewConfig } = await import('drizzle-orm/mysql-core');
  const tables: TableInfo<DrizzleTable>[] = [];
  const views: Exported<unknown>[] = [];
  const literals = new Map<string, Map<string, string>>();
  for (const [exportName, value] of Object.entries(exports)) {
    if (is(value, MySqlView)) views.push({ ref: value, exportName, name: getViewConfig(value).name, schema: undefined });
    if (!is(value, MySqlTable)) continue;
    const config = getTableConfig(value);
    for (const column of config.columns) {
      const literal = column.default === undefined || is(column.default, SQL) ? undefined : literalDefaultOf(column.default, column.getSQLType());
      if (literal !== undefined) literals.set(config.name, (literals.get(config.name) ?? new Map()).set(column.name, literal));
    }
    const foreignKeys = config.foreignKeys.map((fk) => {
      const reference = fk.reference();
      const target = getTableConfig(reference.foreignTable);
      return { name: fk.getName(), columns: reference.columns.map((c) => c.name), target: reference.foreignTable as DrizzleTable,
        targetName: target.name, targetSchema: target.schema, targetColumns: reference.foreignColumns.map((c) => c.name) };
    });
    tables.push({ ref: value as DrizzleTable, exportName, name: config.name, schema: config.schema, foreignKeys });
  }
  return { tables, views, literals };
}

/**
 * The exports drizzle-kit is given: the included tables and views, each own `mysqlSchema(<its database>)` table
 * as a copy without its schema name, since drizzle-kit silently drops every table that has one (drizzle-orm#2528,
 * #2877). The schema's own table objects are left as they are.
 */
export function kitExports(tables: readonly Exported<DrizzleTable>[], views: readonly Exported<unknown>[]): Record<string, unknown> {
  const entries = tables.map((table) => [table.exportName, table.schema === undefined ? table.ref : withoutSchemaName(table.ref)] as const);
  return Object.fromEntries([...entries, ...views.map((view) => [view.exportName, view.ref] as const)]);
}

/** A copy of a drizzle table (same prototype, columns and config) whose schema name is unset. */
function withoutSchemaName(table: DrizzleTable): DrizzleTable {
  const copy = Object.create(Object.getPrototypeOf(table) as object) as DrizzleTable;
  for (const key of Reflect.ownKeys(table)) if (key !== SCHEMA_SYMBOL) Object.defineProperty(copy, key, Object.getOwnPropertyDescriptor(table, key)!);
  Object.defineProperty(copy, SCHEMA_SYMBOL, { value: undefined, writable: true, enumerable: true, configurable: true });
  return copy;
}

/**
 * Builds the service's schema snapshot (drizzle-kit v5 shape, id/prevId still drizzle-kit's placeholders). A
 * schema without tables is a GENERATE error (a wrong file or a missing export), unless `allowNoTables`.
 */
export async function schemaSnapshot(kit: DrizzleKit, service: ServiceContext, loaded: LoadedSchemas, options: SchemaOptions = {}): Promise<SchemaSnapshot> {
  const shown = options.source?.description ?? relative(service.root, service.schemaPath);
  const { tables, views, literals } = await describeExports(loaded.exports);
  if (tables.length === 0 && options.allowNoTables) return { snapshot: emptySnapshot(), notes: [`${shown} exports no tables yet`], warnings: [] };
  if (tables.length === 0) {
    throw new MigrateError('GENERATE', `${shown} exports no tables.`,
      { hint: "Export the service's tables, e.g. `export const users = mysqlTable('users', { ... })`." });
  }
  const rules = { database: service.database, ownerOf: (ref: unknown) => loaded.otherExports.get(ref), tablesFilter: service.config.tablesFilter };
  const filtered = filterTables(tables, rules);
  if (filtered.duplicateNames.length > 0) {
    throw new MigrateError('GENERATE', `${shown} exports more than one table named ${filtered.duplicateNames.map((n) => `\`${n}\``).join(', ')}.`,
      { hint: 'A database holds one table of a name: rename one, or export it once.' });
  }
  const viewed = filterViews(views, rules);
  const qualified = filtered.included.filter((table) => table.schema !== undefined).map((table) => table.name);
  const raw = unqualifyTables(await kit.snapshot(kitExports(filtered.included, viewed.included)), service.database, qualified);
  const serial = normaliseSerialColumns(withLiteralDefaults(normaliseBigIntDefaults(withoutForeignKeys(raw, filtered.droppedForeignKeys)), literals));
  const notes = [...loaded.notes, ...filtered.excluded.map((entry) => entry.note), ...viewed.notes, ...serial.notes];
  if (filtered.included.length === 0) notes.push(`none of the ${tables.length} exported tables is ${service.service}'s own`);
  return { snapshot: serial.snapshot, notes, warnings: filtered.droppedForeignKeys.map(describeDroppedForeignKey) };
}
