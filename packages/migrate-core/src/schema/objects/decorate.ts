// drizzle-kit's statements with what its schema language cannot say added from the objects model of the state
// they lead to: CREATE TABLE with the table's options and partitioning, column definitions (in CREATE TABLE, ADD,
// MODIFY, CHANGE) with their character set, collation and comment, and views without the parentheses
// drizzle-kit wraps their SELECT in (the server would keep them, unlike the database the view was read from).
import type { KitSnapshot, KitTable } from '../drizzle/kit-snapshot.js';
import { canonicalType } from '../canonical/types.js';
import { implicitPrefix } from './indexes/definition.js';
import { tableOptionsIn, type ObjectsModel } from './model.js';
import { columnCharsetClause, columnCommentClause, tableOptionsClause } from './tables/ddl.js';
import { isCharacterType } from './tables/model.js';

const CREATE_TABLE = /^CREATE TABLE `((?:[^`]|``)+)` \(/;
const COLUMN_CHANGE = /^(ALTER TABLE `((?:[^`]|``)+)` (?:ADD|MODIFY COLUMN|CHANGE(?: COLUMN)? `(?:[^`]|``)+`) )`((?:[^`]|``)+)` /;
const CREATE_INDEX = /^CREATE INDEX `((?:[^`]|``)+)` ON `((?:[^`]|``)+)` \((.*)\)$/s;
const VIEW = /^(CREATE(?: OR REPLACE)?[\s\S]*?VIEW `(?:[^`]|``)+` AS )\(([\s\S]*)\)((?:\nWITH \w+ CHECK OPTION)?)$/;

/** `` `c` <type>...`` with the column's charset after the type and its comment at the end (before FIRST/AFTER). */
function decorateColumn(text: string, table: KitTable | undefined, model: ObjectsModel, tableName: string): string {
  const name = /^`((?:[^`]|``)+)` /.exec(text)?.[1]?.replace(/``/g, '`');
  const column = name === undefined ? undefined : table?.columns[name];
  const options = name === undefined ? undefined : model.tables[tableName]?.columns?.[name];
  if (column === undefined || options === undefined) return text;
  const head = `\`${name!.replace(/`/g, '``')}\` ${column.type}`;
  if (!text.startsWith(head)) return text;
  const charset = isCharacterType(canonicalType(column.type)) ? columnCharsetClause(options) : '';
  const rest = text.slice(head.length);
  const place = /( FIRST| AFTER `(?:[^`]|``)+`)$/.exec(rest);
  const body = place ? rest.slice(0, place.index) : rest;
  return `${head}${charset}${body}${columnCommentClause(options)}${place ? place[1] : ''}`;
}

function decorateCreateTable(statement: string, name: string, to: KitSnapshot, model: ObjectsModel): string {
  const lines = statement.split('\n').map((line) => {
    const match = /^(\t)(`.*?)(,?)$/.exec(line);
    return match ? `${match[1]}${decorateColumn(match[2]!, to.tables[name], model, name)}${match[3]}` : line;
  });
  const options = tableOptionsClause(tableOptionsIn(model, name));
  const partitioning = model.tables[name]?.partitioning;
  return `${lines.join('\n')}${options ? ` ${options}` : ''}${partitioning ? `\n${partitioning}` : ''}`;
}

/** A non-unique index on a TEXT or BLOB column gets the prefix the server would give it silently (see implicitPrefix). */
function prefixTextParts(statement: string, to: KitSnapshot): string {
  const match = CREATE_INDEX.exec(statement);
  const table = match ? to.tables[match[2]!.replace(/``/g, '`')] : undefined;
  if (!match || table === undefined) return statement;
  const parts = match[3]!.split(',').map((part) => {
    const column = /^`((?:[^`]|``)+)`$/.exec(part.trim())?.[1];
    const prefix = column === undefined ? undefined : implicitPrefix(canonicalType(table.columns[column.replace(/``/g, '`')]?.type ?? ''));
    return prefix === undefined ? part : `${part.trim()}(${prefix})`;
  });
  return `CREATE INDEX \`${match[1]}\` ON \`${match[2]}\` (${parts.join(',')})`;
}

/** Decorates drizzle-kit's statements for the diff that leads to `to` (kit snapshot) with `model` (its objects). */
export function decorateStatements(statements: readonly string[], to: KitSnapshot, model: ObjectsModel): string[] {
  return statements.map((statement) => {
    const create = CREATE_TABLE.exec(statement);
    if (create) return decorateCreateTable(statement, create[1]!.replace(/``/g, '`'), to, model);
    const change = COLUMN_CHANGE.exec(statement);
    if (change) {
      const table = change[2]!.replace(/``/g, '`');
      return change[1]! + decorateColumn(statement.slice(change[1]!.length), to.tables[table], model, table);
    }
    const view = VIEW.exec(statement);
    if (view) return `${view[1]}${view[2]}${view[3]}`;
    return prefixTextParts(statement, to);
  });
}
