// drizzle-kit writes its statements in a fixed order that MariaDB (and MySQL) refuse in some diffs, it ignores
// the index InnoDB creates by itself for a foreign key, and its MODIFY COLUMN can leave out part of the column.
// These pure rewrites keep every generated statement runnable, every modified column whole, and make a down
// restore exactly the indexes the up found.
import { columnDefinition, modifyColumn } from '../objects/tables/ddl.js';
import { isLeadingPrefix, keyColumnLists, type KitForeignKey, type KitSnapshot, type KitTable } from './kit-snapshot.js';

const DROP_TABLE = /^DROP TABLE\s+`([^`]+)`$/i;
const DROP_FK = /^ALTER TABLE\s+`([^`]+)`\s+DROP FOREIGN KEY\s+`([^`]+)`$/i;
const DROP_INDEX = /^DROP INDEX\s+`([^`]+)`\s+ON\s+`([^`]+)`$/i;
const DROP_UNIQUE = /^ALTER TABLE\s+`([^`]+)`\s+DROP INDEX\s+`([^`]+)`$/i;
const DROP_PK = /^ALTER TABLE\s+`([^`]+)`\s+DROP PRIMARY KEY\b/i;
const ADD_COLUMN = /^ALTER TABLE\s+`([^`]+)`\s+ADD\s+`([^`]+)`\s/i;
const MODIFY_COLUMN = /^ALTER TABLE\s+`([^`]+)`\s+MODIFY COLUMN\s+`([^`]+)`\s/i;
const ADD_UNIQUE = /^ALTER TABLE\s+`([^`]+)`\s+ADD CONSTRAINT\s+`([^`]+)`\s+UNIQUE\b/i;
const CREATE_INDEX = /^CREATE\s+(?:UNIQUE\s+)?INDEX\s+`([^`]+)`\s+ON\s+`([^`]+)`/i;

/** Statements as drizzle-kit returns them, trimmed and without the final `;`. */
export function cleanStatements(statements: readonly string[]): string[] {
  return statements.map((statement) => statement.trim().replace(/;\s*$/, '').trim()).filter((statement) => statement !== '');
}

/** The table and key a statement drops, for DROP INDEX / DROP INDEX via ALTER / DROP PRIMARY KEY. */
function droppedKeyOf(statement: string): { table: string; key: string } | undefined {
  const index = DROP_INDEX.exec(statement);
  if (index) return { table: index[2]!, key: index[1]! };
  const unique = DROP_UNIQUE.exec(statement);
  if (unique) return { table: unique[1]!, key: unique[2]! };
  const pk = DROP_PK.exec(statement);
  return pk ? { table: pk[1]!, key: 'PRIMARY' } : undefined;
}

/** The table and key a statement adds, for ADD CONSTRAINT ... UNIQUE / CREATE [UNIQUE] INDEX. */
function addedKeyOf(statement: string): { table: string; key: string } | undefined {
  const unique = ADD_UNIQUE.exec(statement);
  if (unique) return { table: unique[1]!, key: unique[2]! };
  const index = CREATE_INDEX.exec(statement);
  return index ? { table: index[2]!, key: index[1]! } : undefined;
}

function coveredByKey(table: KitTable, columns: readonly string[], except: ReadonlySet<string> = new Set()): boolean {
  return keyColumnLists(table).some((key) => !except.has(key.name) && isLeadingPrefix(columns, key.columns));
}

/**
 * InnoDB gives a foreign key without a usable index an index of its own, named after the key, and keeps it
 * when the key is dropped. So after dropping such a key, drop its index too (when the table stays).
 */
function dropImplicitFkIndexes(statements: readonly string[], from: KitSnapshot, to: KitSnapshot): string[] {
  return statements.flatMap((statement) => {
    const match = DROP_FK.exec(statement);
    if (!match) return [statement];
    const [table, name] = [match[1]!, match[2]!];
    const fk = from.tables[table]?.foreignKeys[name];
    if (!fk || !to.tables[table] || coveredByKey(from.tables[table]!, fk.columnsFrom)) return [statement];
    return [statement, `DROP INDEX \`${name}\` ON \`${table}\``];
  });
}

/** drizzle-kit's ADD CONSTRAINT ... FOREIGN KEY statement for a foreign key of the snapshot. */
function addForeignKey(fk: KitForeignKey): string {
  const list = (columns: readonly string[]) => columns.map((column) => `\`${column}\``).join(',');
  return `ALTER TABLE \`${fk.tableFrom}\` ADD CONSTRAINT \`${fk.name}\` FOREIGN KEY (${list(fk.columnsFrom)}) REFERENCES \`${fk.tableTo}\`(${list(fk.columnsTo)})` +
    ` ON DELETE ${fk.onDelete ?? 'no action'} ON UPDATE ${fk.onUpdate ?? 'no action'}`;
}

/**
 * MariaDB refuses to drop the only index a foreign key can use (ER_DROP_INDEX_FK). Drop the key first and add it back
 * after: InnoDB then gives it its own index again, exactly as on a database built from scratch (an index made
 * by CREATE INDEX instead would not be dropped by InnoDB when a later migration adds a usable index).
 */
function keepFkIndexes(statements: readonly string[], from: KitSnapshot, to: KitSnapshot): string[] {
  const droppedFks = new Set(statements.map((s) => DROP_FK.exec(s)).filter((m) => m !== null).map((m) => `${m[1]}\0${m[2]}`));
  const droppedKeys = statements.map(droppedKeyOf).filter((key) => key !== undefined);
  const handled = new Set<string>();
  return statements.flatMap((statement) => {
    const dropped = droppedKeyOf(statement);
    const before = dropped ? from.tables[dropped.table] : undefined;
    const after = dropped ? to.tables[dropped.table] : undefined;
    if (!dropped || !before || !after) return [statement];
    const keyColumns = keyColumnLists(before).find((key) => key.name === dropped.key)?.columns ?? [];
    const goingAway = new Set(droppedKeys.filter((key) => key.table === dropped.table).map((key) => key.key));
    const needy = Object.values(after.foreignKeys).filter((fk) => before.foreignKeys[fk.name] && !droppedFks.has(`${dropped.table}\0${fk.name}`)
      && !handled.has(`${dropped.table}\0${fk.name}`) && isLeadingPrefix(fk.columnsFrom, keyColumns) && !coveredByKey(before, fk.columnsFrom, goingAway));
    for (const fk of needy) handled.add(`${dropped.table}\0${fk.name}`);
    return [...needy.map((fk) => `ALTER TABLE \`${dropped.table}\` DROP FOREIGN KEY \`${fk.name}\``), statement, ...needy.map(addForeignKey)];
  });
}

/** The foreign keys of any table that can use `columns` of `table`, with the columns they use there and whether they reference it. */
function foreignKeysUsing(snapshot: KitSnapshot, table: string, columns: readonly string[]): { fk: KitForeignKey; columns: string[]; referenced: boolean }[] {
  return Object.values(snapshot.tables).flatMap((owner) => Object.values(owner.foreignKeys)).flatMap((fk) => [
    ...(fk.tableFrom === table && isLeadingPrefix(fk.columnsFrom, columns) ? [{ fk, columns: fk.columnsFrom, referenced: false }] : []),
    ...(fk.tableTo === table && isLeadingPrefix(fk.columnsTo, columns) ? [{ fk, columns: fk.columnsTo, referenced: true }] : []),
  ]);
}

const fkKey = (table: string, name: string) => `${table}\0${name}`;

function droppedFkOf(statement: string): string | undefined {
  const match = DROP_FK.exec(statement);
  return match ? fkKey(match[1]!, match[2]!) : undefined;
}

/** The position in `later` of a statement adding a key of `to` to `table` that can serve `columns`, other than `dropped`. */
function replacementOf(later: readonly string[], dropped: string, columns: readonly string[], before: KitTable, after: KitTable): number {
  return later.findIndex((statement) => {
    const added = addedKeyOf(statement);
    if (added?.table !== after.name || added.key === dropped) return false;
    const addedColumns = keyColumnLists(after).find((key) => key.name === added.key)?.columns ?? [];
    return isLeadingPrefix(columns, addedColumns) && addedColumns.every((column) => before.columns[column]);
  });
}

/**
 * The positions in `later` of the statements that have to run before `dropped` is dropped: the drop of a
 * foreign key that uses the key (drizzle-kit drops unique keys before foreign keys), and the new key of the
 * table that a foreign key referencing it can use instead (drizzle-kit adds keys after dropping the old
 * ones). Dropping the last index a foreign key can use, on its own table or on the one it references, is
 * refused otherwise (ER_DROP_INDEX_FK, MariaDB and MySQL). A key of a foreign key's own table is left to
 * keepFkIndexes.
 */
function neededFirst(dropped: { table: string; key: string }, all: readonly string[], later: readonly string[], from: KitSnapshot, to: KitSnapshot): number[] {
  const before = from.tables[dropped.table];
  const after = to.tables[dropped.table];
  const keyColumns = before ? keyColumnLists(before).find((key) => key.name === dropped.key)?.columns ?? [] : [];
  if (!before || !after || keyColumns.length === 0) return [];
  const goingAway = new Set(all.map(droppedKeyOf).filter((key) => key?.table === dropped.table).map((key) => key!.key));
  const orphaned = foreignKeysUsing(from, dropped.table, keyColumns).filter(({ columns }) => !coveredByKey(before, columns, goingAway));
  return orphaned.flatMap(({ fk, columns, referenced }) => {
    const fkDrop = later.findIndex((statement) => droppedFkOf(statement) === fkKey(fk.tableFrom, fk.name));
    if (fkDrop !== -1) return [fkDrop];
    if (!referenced || !to.tables[fk.tableFrom]?.foreignKeys[fk.name]) return [];
    const replacement = replacementOf(later, dropped.key, columns, before, after);
    return replacement === -1 ? [] : [replacement];
  });
}

/** Moves the statements each key drop needs (see neededFirst) to just before it, in their order. */
function orderKeyDrops(statements: readonly string[], from: KitSnapshot, to: KitSnapshot): string[] {
  const out = [...statements];
  for (let i = 0; i < out.length; i++) {
    const dropped = droppedKeyOf(out[i]!);
    if (!dropped) continue;
    const later = out.slice(i + 1);
    const moved = new Set(neededFirst(dropped, out, later, from, to));
    if (moved.size === 0) continue;
    const first = later.filter((_, at) => moved.has(at));
    out.splice(i, out.length - i, ...first, out[i]!, ...later.filter((_, at) => !moved.has(at)));
    i += first.length;
  }
  return out;
}

/** Dropped tables ordered so that a table goes before the tables it references (ER_ROW_IS_REFERENCED_2 otherwise). */
/**
 * The order to drop tables in: every table after the tables that reference it. Tables that reference each other
 * in a cycle cannot be ordered, so the foreign keys that close a cycle are returned too, to drop first.
 */
function dropOrder(tables: readonly string[], from: KitSnapshot): { order: string[]; cycleKeys: string[] } {
  const order: string[] = [];
  const cycleKeys: string[] = [];
  const visiting = new Set<string>();
  const visit = (name: string) => {
    if (order.includes(name) || visiting.has(name)) return;
    visiting.add(name);
    for (const other of tables) {
      if (other === name) continue;
      const keys = Object.values(from.tables[other]?.foreignKeys ?? {}).filter((fk) => fk.tableTo === name);
      if (keys.length === 0) continue;
      if (visiting.has(other)) cycleKeys.push(...keys.map((fk) => `ALTER TABLE \`${other}\` DROP FOREIGN KEY \`${fk.name}\``));
      else visit(other);
    }
    visiting.delete(name);
    order.push(name);
  };
  for (const name of tables) visit(name);
  return { order, cycleKeys };
}

/**
 * drizzle-kit drops tables before it drops the foreign keys that point at them, and in snapshot order. Move
 * the DROP TABLEs after those foreign key drops, referencing tables first.
 */
function orderTableDrops(statements: readonly string[], from: KitSnapshot): string[] {
  const dropped = statements.map((s) => DROP_TABLE.exec(s)?.[1]).filter((name) => name !== undefined);
  if (dropped.length === 0) return [...statements];
  const rest = statements.filter((s) => !DROP_TABLE.test(s));
  let at = statements.findIndex((s) => DROP_TABLE.test(s));
  rest.forEach((statement, i) => {
    const fk = DROP_FK.exec(statement);
    const target = fk ? from.tables[fk[1]!]?.foreignKeys[fk[2]!]?.tableTo : undefined;
    if (target !== undefined && dropped.includes(target)) at = Math.max(at, i + 1);
  });
  const { order, cycleKeys } = dropOrder(dropped, from);
  const drops = [...cycleKeys, ...order.map((name) => `DROP TABLE \`${name}\``)];
  return [...rest.slice(0, at), ...drops, ...rest.slice(at)];
}

/**
 * drizzle-kit appends an added column at the end of the table. Place it where the schema has it (AFTER its
 * predecessor, or FIRST), so that column order always follows the schema and a down that adds back a dropped
 * column restores the order the table had.
 */
function placeAddedColumns(statements: readonly string[], from: KitSnapshot, to: KitSnapshot): string[] {
  const added = new Map<string, Set<string>>();
  return statements.map((statement) => {
    const match = ADD_COLUMN.exec(statement);
    const order = match ? Object.keys(to.tables[match[1]!]?.columns ?? {}) : [];
    if (!match || !order.includes(match[2]!) || /\s(AFTER\s+`[^`]+`|FIRST)$/i.test(statement)) return statement;
    const [table, column] = [match[1]!, match[2]!];
    const present = added.get(table) ?? new Set(Object.keys(from.tables[table]?.columns ?? {}));
    const before = order.slice(0, order.indexOf(column)).reverse().find((name) => present.has(name));
    present.add(column);
    added.set(table, present);
    return `${statement} ${before === undefined ? 'FIRST' : `AFTER \`${before}\``}`;
  });
}

/**
 * drizzle-kit writes one MODIFY COLUMN per changed attribute of a column, and leaves out a default that is 0 or
 * false (it tests the value, not its presence): a later MODIFY of the same column then removes the default the
 * schema has. Each modified column is written once instead, where drizzle-kit first modifies it, with its
 * whole definition in `to`.
 */
function wholeColumnDefinitions(statements: readonly string[], to: KitSnapshot): string[] {
  const written = new Set<string>();
  return statements.flatMap((statement) => {
    const match = MODIFY_COLUMN.exec(statement);
    const column = match ? to.tables[match[1]!]?.columns[match[2]!] : undefined;
    if (!match || !column) return [statement];
    const key = `${match[1]}\0${match[2]}`;
    if (written.has(key)) return [];
    written.add(key);
    // drizzle-kit's own spelling of a column (objects/tables/ddl.ts), without the objects home's options.
    return [modifyColumn(match[1]!, columnDefinition(column, undefined, false))];
  });
}

/**
 * Makes drizzle-kit's statements for the diff `from` -> `to` run on MariaDB 10.11 / MySQL 8 and leave exactly
 * the column definitions, indexes and column order a fresh build of `to` has.
 */
export function fixForMariaDb(statements: readonly string[], from: KitSnapshot, to: KitSnapshot): string[] {
  const clean = cleanStatements(statements);
  const placed = placeAddedColumns(orderKeyDrops(wholeColumnDefinitions(clean, to), from, to), from, to);
  return orderTableDrops(keepFkIndexes(dropImplicitFkIndexes(placed, from, to), from, to), from);
}
