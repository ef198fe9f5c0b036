// drizzle-kit writes its statements in a fixed order that MariaDB (and MySQL) refuse in some diffs, and it
// ignores the index InnoDB creates by itself for a foreign key. These pure rewrites keep every generated
// statement runnable and make a down restore exactly the indexes the up found.
import { isLeadingPrefix, keyColumnLists, type KitForeignKey, type KitSnapshot, type KitTable } from './kit-snapshot.js';

const DROP_TABLE = /^DROP TABLE\s+`([^`]+)`$/i;
const DROP_FK = /^ALTER TABLE\s+`([^`]+)`\s+DROP FOREIGN KEY\s+`([^`]+)`$/i;
const DROP_INDEX = /^DROP INDEX\s+`([^`]+)`\s+ON\s+`([^`]+)`$/i;
const DROP_UNIQUE = /^ALTER TABLE\s+`([^`]+)`\s+DROP INDEX\s+`([^`]+)`$/i;
const DROP_PK = /^ALTER TABLE\s+`([^`]+)`\s+DROP PRIMARY KEY\b/i;
const ADD_COLUMN = /^ALTER TABLE\s+`([^`]+)`\s+ADD\s+`([^`]+)`\s/i;

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
 * Makes drizzle-kit's statements for the diff `from` -> `to` run on MariaDB 10.11 / MySQL 8 and leave exactly
 * the indexes and column order a fresh build of `to` has.
 */
export function fixForMariaDb(statements: readonly string[], from: KitSnapshot, to: KitSnapshot): string[] {
  const clean = cleanStatements(statements);
  const placed = placeAddedColumns(clean, from, to);
  return orderTableDrops(keepFkIndexes(dropImplicitFkIndexes(placed, from, to), from, to), from);
}
