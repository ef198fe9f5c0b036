// Pure: drizzle-kit's SQL spelled for the server family a service targets (`target` in migrate.config.json).
// Where MySQL 8 and MariaDB 10.6+ differ on what drizzle-kit writes:
// - a literal DEFAULT of a TEXT, BLOB or JSON column: MariaDB takes `DEFAULT 'x'`; MySQL refuses it
//   (ER_BLOB_CANT_HAVE_DEFAULT) and takes the expression `DEFAULT ('x')` (8.0.13+);
// - an expression in an index (`CREATE INDEX i ON t (lower(email))`): MySQL takes it as a functional key part
//   in its own parentheses (`((lower(email)))`, 8.0.13+); MariaDB has no expression indexes;
// - NOT NULL on a generated column: MySQL takes it; MariaDB's grammar has no place for it.
// What the target cannot do is refused, naming the schema's column or index, before anything is written.
import type { ServerFamily } from '../../config/lint-codes.js';
import { nameOf } from '../../sql/words.js';
import { keywordOf, type Token } from '../../sql/tokens.js';
import { closingParen, splitTopLevel, sqlTokens } from '../sql-parts.js';
import type { KitSnapshot } from './kit-snapshot.js';

const LOB_TYPES = new Set(['tinytext', 'text', 'mediumtext', 'longtext', 'tinyblob', 'blob', 'mediumblob', 'longblob', 'json']);
const TABLE_ELEMENTS = new Set(['INDEX', 'KEY', 'UNIQUE', 'CONSTRAINT', 'PRIMARY', 'FOREIGN', 'CHECK', 'FULLTEXT', 'SPATIAL']);

interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

interface Spelling {
  readonly target: ServerFamily;
  readonly sql: string;
  readonly edits: Edit[];
  readonly refusals: string[];
}

const wrap = (s: Spelling, first: Token, last: Token) => s.edits.push({ start: first.offset, end: last.end, text: `(${s.sql.slice(first.offset, last.end)})` });

/** The literal after DEFAULT at `i` (a string, or a signed number): its first and last token. */
function literalAt(tokens: readonly Token[], i: number): [Token, Token] | undefined {
  const token = tokens[i];
  if (token?.kind === 'string' || token?.kind === 'number') return [token, token];
  const next = tokens[i + 1];
  return (token?.text === '-' || token?.text === '+') && next?.kind === 'number' ? [token, next] : undefined;
}

/** A column definition from its type on: LOB literal defaults (MySQL), NOT NULL generated columns (MariaDB). */
function spellColumn(s: Spelling, table: string, column: string, tokens: readonly Token[]): void {
  const type = keywordOf(tokens[0]).toLowerCase();
  let generated = false;
  let notNull = false;
  for (let i = 1, depth = 0; i < tokens.length; i++) {
    const text = tokens[i]!.text;
    if (text === '(') depth++;
    else if (text === ')') depth--;
    if (depth !== 0) continue;
    const word = keywordOf(tokens[i]);
    if (word === 'AS') generated = true;
    if (word === 'NOT' && keywordOf(tokens[i + 1]) === 'NULL') notNull = true;
    const literal = word === 'DEFAULT' ? literalAt(tokens, i + 1) : undefined;
    if (literal && s.target === 'mysql' && LOB_TYPES.has(type)) wrap(s, ...literal);
  }
  if (generated && notNull && s.target === 'mariadb') {
    s.refusals.push(`column \`${table}\`.\`${column}\` is generated and NOT NULL: MariaDB does not accept NOT NULL on a generated column (drop .notNull() from it)`);
  }
}

/** Whether an index key part is a column (`name`, `name(10)`, with ASC/DESC), not an expression. */
function isColumnPart(part: readonly Token[]): boolean {
  const body = ['ASC', 'DESC'].includes(keywordOf(part.at(-1))) ? part.slice(0, -1) : part;
  if (body.length === 1) return body[0]!.kind === 'quoted-ident' || body[0]!.kind === 'word';
  return body.length === 4 && body[0]!.kind !== 'symbol' && body[1]!.text === '(' && body[2]!.kind === 'number' && body[3]!.text === ')';
}

function spellIndex(s: Spelling, tokens: readonly Token[]): void {
  const on = tokens.findIndex((token) => keywordOf(token) === 'ON');
  const open = tokens.findIndex((token, i) => i > on && token.text === '(');
  if (on === -1 || open === -1) return;
  const name = nameOf(tokens.slice(1, on).findLast((token) => token.kind === 'quoted-ident' || token.kind === 'word'));
  for (const part of splitTopLevel(tokens.slice(open + 1, closingParen(tokens, open)))) {
    if (isColumnPart(part)) continue;
    const body = ['ASC', 'DESC'].includes(keywordOf(part.at(-1))) ? part.slice(0, -1) : part;
    const wrapped = body[0]!.text === '(' && closingParen(body, 0) === body.length - 1;
    if (s.target === 'mysql' && !wrapped) wrap(s, body[0]!, body.at(-1)!);
    if (s.target === 'mariadb') {
      s.refusals.push(`index \`${name}\` indexes the expression ${s.sql.slice(body[0]!.offset, body.at(-1)!.end)}: MariaDB has no expression indexes ` +
        '(index a generated column instead: a column .generatedAlwaysAs(sql`...`) and an index on it)');
    }
  }
}

function spellAlterClause(s: Spelling, table: string, clause: readonly Token[], to: KitSnapshot): void {
  const verb = keywordOf(clause[0]);
  let i = keywordOf(clause[1]) === 'COLUMN' ? 2 : 1;
  if (verb === 'ALTER') {
    const column = nameOf(clause[i]) ?? '';
    const literal = keywordOf(clause[i + 1]) === 'SET' && keywordOf(clause[i + 2]) === 'DEFAULT' ? literalAt(clause, i + 3) : undefined;
    const type = to.tables[table]?.columns[column]?.type.toLowerCase().split(/[\s(]/)[0] ?? '';
    if (literal && s.target === 'mysql' && LOB_TYPES.has(type)) wrap(s, ...literal);
    return;
  }
  if (verb !== 'ADD' && verb !== 'MODIFY' && verb !== 'CHANGE') return;
  if (verb === 'ADD' && (TABLE_ELEMENTS.has(keywordOf(clause[i])) || clause[i]?.text === '(')) return;
  if (verb === 'CHANGE') i++;
  const column = nameOf(clause[i]);
  if (column !== undefined) spellColumn(s, table, column, clause.slice(i + 1));
}

function spellStatement(s: Spelling, to: KitSnapshot): void {
  const tokens = sqlTokens(s.sql);
  const [verb, object] = [keywordOf(tokens[0]), keywordOf(tokens[1])];
  if (verb === 'CREATE' && (object === 'INDEX' || (object === 'UNIQUE' && keywordOf(tokens[2]) === 'INDEX'))) return spellIndex(s, tokens);
  if ((verb !== 'CREATE' && verb !== 'ALTER') || object !== 'TABLE') return;
  const table = nameOf(tokens[2]) ?? '';
  if (verb === 'ALTER') {
    for (const clause of splitTopLevel(tokens.slice(3))) spellAlterClause(s, table, clause, to);
    return;
  }
  const open = tokens.findIndex((token) => token.text === '(');
  if (open === -1) return;
  for (const element of splitTopLevel(tokens.slice(open + 1, closingParen(tokens, open)))) {
    const column = TABLE_ELEMENTS.has(keywordOf(element[0])) ? undefined : nameOf(element[0]);
    if (column !== undefined) spellColumn(s, table, column, element.slice(1));
  }
}

/**
 * drizzle-kit's statements (made runnable by fixForMariaDb) spelled for `target`. `to` is the snapshot the
 * statements lead to (column types of ALTER COLUMN ... SET DEFAULT). `refusals` lists what the target cannot
 * do; the statements are then not to be written.
 *
 * @example spellForTarget(['CREATE INDEX `i` ON `t` (lower(`email`))'], 'mysql', to).statements
 * // ['CREATE INDEX `i` ON `t` ((lower(`email`)))']
 */
export function spellForTarget(statements: readonly string[], target: ServerFamily, to: KitSnapshot): { statements: string[]; refusals: string[] } {
  const refusals: string[] = [];
  const spelled = statements.map((sql) => {
    const s: Spelling = { target, sql, edits: [], refusals };
    spellStatement(s, to);
    return s.edits.sort((a, b) => b.start - a.start).reduce((text, edit) => text.slice(0, edit.start) + edit.text + text.slice(edit.end), sql);
  });
  return { statements: spelled, refusals };
}
