import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import type { ServiceContext } from '../config/load.js';
import { quoteIdentifier } from '../db/identifiers.js';
import { commandHint, UsageError } from '../errors.js';
import type { LedgerRow, MigrationFile } from '../model.js';
import type { CanonicalSchema } from '../schema/canonical/model.js';
import { fileNameOf, KIND_FOLDERS } from '../schema/objects/home/files.js';
import { objectsHomeOf } from '../schema/objects/home/service.js';

/** The scaffold's example schema (tools/nx-plugin's `service` generator), compacted: replacing it is fine. */
const SCAFFOLD_SCHEMA = "exportconsttest=mysqlTable('test',{id:int('id').autoincrement().primaryKey(),name:text('name'),});";

function compact(source: string): string {
  return source
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:'"])\/\/.*$/gm, '$1')
    .replace(/^\s*import\s[^;]*;/gm, '')
    .replace(/"/g, "'")
    .replace(/\s+/g, '');
}

/**
 * Whether a schema.ts holds nothing worth keeping: missing, empty (comments and imports only), or the
 * scaffold's example `test` table.
 */
export function isTrivialSchema(source: string | undefined): boolean {
  if (source === undefined) return true;
  const code = compact(source);
  return code === '' || code === 'export{};' || code === SCAFFOLD_SCHEMA;
}

/** Refuses, before touching anything, when the service already has migrations, a schema or objects of its own. */
export function assertNothingToOverwrite(service: ServiceContext, files: readonly MigrationFile[]): void {
  const name = service.service;
  if (files.length > 0) {
    throw new UsageError(
      `${relative(service.root, service.migrationsDir)} already has ${files.length} migration${files.length === 1 ? '' : 's'} ` +
        `(newest ${files.at(-1)!.id}); --from-database only writes the first migration of a service. Nothing was written.`,
      `To compare database \`${service.database}\` with them: ${commandHint('drift')}. To start over, remove the migrations folder first.`);
  }
  const source = existsSync(service.schemaPath) ? readFileSync(service.schemaPath, 'utf8') : undefined;
  if (!isTrivialSchema(source)) {
    throw new UsageError(
      `${relative(service.root, service.schemaPath)} already declares tables; --from-database would replace it. Nothing was written.`,
      'Move it away (or delete it) and run the command again; compare the two afterwards.');
  }
  const home = objectsHomeOf(service);
  if (existsSync(home) && readdirSync(home).length > 0) {
    throw new UsageError(`${relative(service.root, home)} already has files; --from-database would write its objects there. Nothing was written.`,
      'Move the folder away (or delete it) and run the command again; compare the two afterwards.');
  }
}

/** Refuses when the database's ledger already records migrations: it is managed, not to be adopted. */
export function assertUnmanaged(service: ServiceContext, rows: readonly LedgerRow[]): void {
  if (rows.length === 0) return;
  throw new UsageError(
    `Database \`${service.database}\` already records ${rows.length} migration${rows.length === 1 ? '' : 's'} in ` +
      `\`${service.config.ledgerTable}\` (newest ${rows.at(-1)!.id}), but the service has none. Nothing was written.`,
    `See ${commandHint('status')}. Restore the service's migrations folder from git, or point the service at the right database.`);
}

/** A name the generated SQL would spell wrong: what it is, and the statement (if any) that renames it. */
interface BadName {
  readonly what: string;
  readonly rename?: string;
}

/** `a``b` -> `a_b`: a name without backticks, for the example rename. */
const plain = (name: string) => quoteIdentifier(name.replace(/`/g, '_'));

function backtickNames(schema: CanonicalSchema): BadName[] {
  const has = (name: string) => name.includes('`');
  const out: BadName[] = [];
  for (const table of schema.tables) {
    const t = quoteIdentifier(table.name);
    if (has(table.name)) out.push({ what: `table ${t}`, rename: `RENAME TABLE ${t} TO ${plain(table.name)}` });
    for (const column of table.columns.filter((c) => has(c.name))) {
      const c = quoteIdentifier(column.name);
      out.push({ what: `column ${c} of table ${t}`, rename: `ALTER TABLE ${t} RENAME COLUMN ${c} TO ${plain(column.name)}` });
    }
    for (const index of table.indexes.filter((i) => has(i.name))) {
      const i = quoteIdentifier(index.name);
      out.push({ what: `index ${i} of table ${t}`, rename: `ALTER TABLE ${t} RENAME INDEX ${i} TO ${plain(index.name)}` });
    }
    for (const fk of table.foreignKeys.filter((k) => has(k.name))) out.push({ what: `foreign key ${quoteIdentifier(fk.name)} of table ${t}` });
    for (const check of table.checks.filter((k) => has(k.name))) out.push({ what: `check ${quoteIdentifier(check.name)} of table ${t}` });
  }
  for (const view of schema.views.filter((v) => has(v.name))) {
    out.push({ what: `view ${quoteIdentifier(view.name)}`, rename: `RENAME TABLE ${quoteIdentifier(view.name)} TO ${plain(view.name)}` });
  }
  return out;
}

/**
 * Refuses, before anything is written, a schema with a backtick in the name of a table, column, index, foreign
 * key, check or view: drizzle-kit writes those names between backticks without doubling the ones inside, in the
 * baseline and in every later `generate`, so the SQL would not run (or would name something else).
 */
export function assertQuotableNames(service: ServiceContext, schema: CanonicalSchema): void {
  const bad = backtickNames(schema);
  if (bad.length === 0) return;
  const shown = bad.slice(0, 10).map((name) => name.what);
  const more = bad.length > shown.length ? ` and ${bad.length - shown.length} more` : '';
  const renames = bad.filter((name) => name.rename !== undefined).slice(0, 3).map((name) => `${name.rename};`);
  const example = renames.length > 0 ? ` (e.g. ${renames.join(' ')})` : '';
  const recreate = bad.some((name) => name.rename === undefined) ? '; a foreign key or check: drop it and add it again under another name' : '';
  throw new UsageError(
    `Database \`${service.database}\` has ${bad.length === 1 ? 'a name' : 'names'} with a backtick (\`): ${shown.join(', ')}${more}. ` +
      'drizzle-kit does not double a backtick inside a name in the SQL it writes, so the baseline (and every later generate) would not run. Nothing was written.',
    `Rename ${bad.length === 1 ? 'it' : 'them'} on the database without backticks${example}${recreate}; then run the command again.`);
}

/**
 * Refuses objects whose files in the objects home would be one file: their names differ only in characters a
 * file name replaces with `_`, or in case (which some file systems ignore). Written, one would replace the other.
 */
export function assertDistinctObjectFiles(service: ServiceContext, schema: CanonicalSchema): void {
  const kinds: Array<[string, readonly string[]]> = [
    [KIND_FOLDERS.triggers, (schema.triggers ?? []).map((trigger) => trigger.name)],
    [KIND_FOLDERS.procedures, (schema.routines ?? []).filter((r) => r.kind === 'PROCEDURE').map((r) => r.name)],
    [KIND_FOLDERS.functions, (schema.routines ?? []).filter((r) => r.kind !== 'PROCEDURE').map((r) => r.name)],
    [KIND_FOLDERS.events, (schema.events ?? []).map((event) => event.name)],
  ];
  const clashes: string[] = [];
  for (const [folder, names] of kinds) {
    const byFile = new Map<string, string[]>();
    for (const name of names) {
      const file = fileNameOf(name).toLowerCase();
      byFile.set(file, [...(byFile.get(file) ?? []), name]);
    }
    for (const same of byFile.values()) {
      if (same.length > 1) clashes.push(`${same.map(quoteIdentifier).join(' and ')} (${folder}/${fileNameOf(same[0]!)})`);
    }
  }
  if (clashes.length === 0) return;
  throw new UsageError(
    `Database \`${service.database}\` has objects that would be written to the same file of ${relative(service.root, objectsHomeOf(service))}: ` +
      `${clashes.join(', ')}. Nothing was written.`,
    'Rename one of each on the database so that their names differ in letters, digits, `_`, `-` or `.` (not only in case), then run the command again.');
}
