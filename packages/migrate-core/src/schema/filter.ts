// The schema filter (Alembic's include_object): which exported tables belong in a service's migrations.
// Pure: it works on descriptions of the tables; the loader gives it the table objects as opaque refs.
import { Minimatch } from 'minimatch';

/** A foreign key of an exported table, its target given as the table object (compared by identity). */
export interface ForeignKeyInfo<T> {
  readonly name: string;
  readonly columns: readonly string[];
  readonly target: T;
  readonly targetName: string;
  readonly targetSchema: string | undefined;
  readonly targetColumns: readonly string[];
}

/** An exported table: `schema` is its `mysqlSchema(...)` name, undefined for a plain `mysqlTable`. */
export interface TableInfo<T> {
  readonly ref: T;
  readonly exportName: string;
  readonly name: string;
  readonly schema: string | undefined;
  readonly foreignKeys: readonly ForeignKeyInfo<T>[];
}

export type ExclusionReason = 'other-service' | 'other-database' | 'tables-filter';

export interface ExcludedTable<T> {
  readonly table: TableInfo<T>;
  readonly reason: ExclusionReason;
  /** For people: why it is left out. */
  readonly note: string;
}

export interface DroppedForeignKey {
  readonly table: string;
  readonly name: string;
  readonly columns: readonly string[];
  readonly target: string;
  readonly targetColumns: readonly string[];
  readonly why: string;
}

export interface FilterOptions<T> {
  /** The service's own database: `mysqlSchema(<it>)` tables are the service's own. */
  readonly database: string;
  /** The service exporting the very same table object, if another one does. */
  readonly ownerOf: (ref: T) => string | undefined;
  /** migrate.config.json `tablesFilter`. */
  readonly tablesFilter?: readonly string[] | undefined;
}

export interface FilterResult<T> {
  readonly included: readonly TableInfo<T>[];
  readonly excluded: readonly ExcludedTable<T>[];
  /** Foreign keys of included tables whose target is not included: left out of the generated DDL. */
  readonly droppedForeignKeys: readonly DroppedForeignKey[];
  /** Two included tables with the same name (the service's migrations cannot hold both). */
  readonly duplicateNames: readonly string[];
}

/**
 * Compiles `tablesFilter` globs once into a predicate over table names, with drizzle-kit's own rule (0.31.11,
 * `introspectMysql` and `mysqlPushIntrospect`) and the minimatch it bundles (7.4.6, default options): a
 * `!glob` that matches the name rejects it; otherwise the name is kept when any glob matches it, where a
 * `!glob` that does not match counts as a match. No globs: every name is kept. So `['shop_*', '!shop_tmp_*']`
 * keeps `users` too (the negation lets it in), and a list of only negations keeps everything they do not name.
 *
 * @example compileTablesFilter(['*', '!legacy_*'])('legacy_users') // false
 */
export function compileTablesFilter(globs: readonly string[] = []): (name: string) => boolean {
  if (globs.length === 0) return () => true;
  const matchers = globs.map((glob) => new Minimatch(glob));
  return (name) => {
    const hits = matchers.map((matcher) => ({ negate: matcher.negate, hit: matcher.match(name) }));
    return hits.some(({ hit }) => hit) && !hits.some(({ negate, hit }) => negate && !hit);
  };
}

/**
 * Globs as a plain include/exclude rule: a name is kept when a glob matches it and no `!glob` matches it (the
 * rule of a fleet's `"match"`; tablesFilter has drizzle-kit's own, see compileTablesFilter).
 *
 * @example compileIncludeExclude(['tenant_*', '!tenant_template'])('tenantx') // false
 */
export function compileIncludeExclude(globs: readonly string[]): (name: string) => boolean {
  const matchers = globs.map((glob) => new Minimatch(glob));
  const includes = matchers.filter((matcher) => !matcher.negate);
  const excludes = matchers.filter((matcher) => matcher.negate);
  // A negated Minimatch matches what its pattern does not: "excluded" is when it does not match.
  return (name) => includes.some((matcher) => matcher.match(name)) && excludes.every((matcher) => matcher.match(name));
}

/** An exported table or view as the filter's rules see it; `schema` undefined for one in the service's database. */
export type Exported<T> = Pick<TableInfo<T>, 'ref' | 'exportName' | 'name' | 'schema'>;

/** Why an exported table or view is not the service's own, or undefined when it is. */
function exclusionOf<T>(kind: 'table' | 'view', item: Exported<T>, options: FilterOptions<T>, keep: (name: string) => boolean): { reason: ExclusionReason; note: string } | undefined {
  const prefix = kind === 'view' ? 'view ' : '';
  const owner = options.ownerOf(item.ref);
  if (owner !== undefined) {
    return { reason: 'other-service', note: `${prefix}\`${item.name}\` (export ${item.exportName}) is service ${owner}'s ${kind}, imported for queries: left to ${owner}'s migrations` };
  }
  if (item.schema !== undefined && item.schema !== options.database) {
    return { reason: 'other-database', note: `${prefix}\`${item.schema}\`.\`${item.name}\` (export ${item.exportName}) is in database ${item.schema}, not ${options.database}: left out` };
  }
  if (!keep(item.name)) {
    return { reason: 'tables-filter', note: `${prefix}\`${item.name}\` (export ${item.exportName}) does not pass tablesFilter in migrate.config.json: left out` };
  }
  return undefined;
}

function droppedForeignKeysOf<T>(included: readonly TableInfo<T>[], excluded: readonly ExcludedTable<T>[]): DroppedForeignKey[] {
  const refs = new Set(included.map((table) => table.ref));
  const why = (target: T, name: string, schema: string | undefined): string => {
    const entry = excluded.find((item) => item.table.ref === target);
    if (entry?.reason === 'other-service') return 'its target belongs to another service (a cross-database foreign key)';
    if (entry?.reason === 'tables-filter') return 'its target is left out by tablesFilter';
    if (entry !== undefined || schema !== undefined) return `its target is in database ${schema ?? entry?.table.schema}`;
    return `its target \`${name}\` is not exported by the schema`;
  };
  return included.flatMap((table) => table.foreignKeys
    .filter((fk) => !refs.has(fk.target))
    .map((fk) => ({ table: table.name, name: fk.name, columns: fk.columns, target: fk.targetSchema ? `${fk.targetSchema}.${fk.targetName}` : fk.targetName,
      targetColumns: fk.targetColumns, why: why(fk.target, fk.targetName, fk.targetSchema) })));
}

/**
 * Splits a schema's exported tables into the service's own (plain `mysqlTable`, or `mysqlSchema(<its database>)`)
 * and the rest: tables exported by another service's schema, tables of other databases, and tables
 * `tablesFilter` leaves out. Foreign keys from own tables into the rest are listed to be left out.
 */
export function filterTables<T>(tables: readonly TableInfo<T>[], options: FilterOptions<T>): FilterResult<T> {
  const keep = compileTablesFilter(options.tablesFilter);
  const seen = new Set<T>();
  const included: TableInfo<T>[] = [];
  const excluded: ExcludedTable<T>[] = [];
  for (const table of tables) {
    if (seen.has(table.ref)) continue;
    seen.add(table.ref);
    const exclusion = exclusionOf('table', table, options, keep);
    if (exclusion) excluded.push({ table, ...exclusion });
    else included.push(table);
  }
  const names = included.map((table) => table.name);
  const duplicateNames = [...new Set(names.filter((name, i) => names.indexOf(name) !== i))];
  return { included, excluded, droppedForeignKeys: droppedForeignKeysOf(included, excluded), duplicateNames };
}

/**
 * The exported views that are the service's own, by the same rules as tables, with a note for each one left out.
 * Views are given without a schema: drizzle-kit creates every view in the service's database.
 */
export function filterViews<T>(views: readonly Exported<T>[], options: FilterOptions<T>): { included: Exported<T>[]; notes: string[] } {
  const keep = compileTablesFilter(options.tablesFilter);
  const included: Exported<T>[] = [];
  const notes: string[] = [];
  for (const view of views) {
    const exclusion = exclusionOf('view', view, options, keep);
    if (exclusion) notes.push(exclusion.note);
    else included.push(view);
  }
  return { included, notes };
}

/** A warning line for a foreign key left out of the DDL. */
export function describeDroppedForeignKey(fk: DroppedForeignKey): string {
  return `foreign key ${fk.name} on \`${fk.table}\` (${fk.columns.join(', ')}) -> \`${fk.target}\` (${fk.targetColumns.join(', ')}) is left out of the migration: ${fk.why}. Enforce it in code, or write it by hand in a --custom migration.`;
}
