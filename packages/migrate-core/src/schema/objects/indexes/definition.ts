// Indexes drizzle-orm cannot declare (FULLTEXT, SPATIAL, prefix, descending, functional), kept in tables.json as
// `FULLTEXT (\`title\`, \`body\`)`, `(\`name\`(10) DESC, \`id\`)`, `UNIQUE ((lower(\`email\`)))`.
import { quoteIdentifier } from '../../../db/identifiers.js';
import { normaliseExpression } from '../../canonical/defaults.js';
import type { CanonicalIndex, IndexKind } from '../../canonical/model.js';
import { splitTopLevel, TokenCursor } from '../tokens.js';

/** One part of an index as the catalog reports it. */
export interface IndexPartInfo {
  readonly column?: string;
  /** A functional part's expression (MySQL 8). */
  readonly expression?: string;
  readonly length?: number;
  readonly descending: boolean;
}

/** The canonical spelling of a part: `name`, `name(10)`, `name desc`, `(lower(email))`. */
export function canonicalPart(part: IndexPartInfo): string {
  const base = part.expression !== undefined ? `(${normaliseExpression(part.expression)})` : part.column ?? '(expression)';
  return `${base}${part.length === undefined ? '' : `(${part.length})`}${part.descending ? ' desc' : ''}`;
}

/** A part as SQL: `` `name`(10) DESC ``, `(lower(\`email\`))`. */
export function partSql(part: IndexPartInfo): string {
  const base = part.expression !== undefined ? `(${part.expression})` : quoteIdentifier(part.column ?? '');
  return `${base}${part.length === undefined ? '' : `(${part.length})`}${part.descending ? ' DESC' : ''}`;
}

/** The tables.json text of an index. */
export function indexDefinition(kind: IndexKind, unique: boolean, parts: readonly IndexPartInfo[]): string {
  const prefix = kind !== 'btree' ? `${kind.toUpperCase()} ` : unique ? 'UNIQUE ' : '';
  return `${prefix}(${parts.map(partSql).join(', ')})`;
}

function parsePart(text: string): IndexPartInfo {
  const c = new TokenCursor(text);
  let part: { column?: string; expression?: string; length?: number };
  if (c.peek()?.text === '(') part = { expression: c.group().trim() };
  else {
    part = { column: c.name() };
    if (c.peek()?.text === '(') part.length = Number(c.group());
  }
  const descending = c.accept('DESC');
  if (!descending) c.accept('ASC');
  if (c.peek() !== undefined) throw c.error('the end of the index part');
  if (part.length !== undefined && !Number.isInteger(part.length)) throw new Error(`bad prefix length in \`${text}\``);
  return { ...part, descending };
}

export interface IndexDefinition {
  readonly kind: IndexKind;
  readonly unique: boolean;
  readonly parts: readonly IndexPartInfo[];
}

/** Reads an index's tables.json text; throws an Error saying what is wrong. */
export function parseIndexDefinition(text: string): IndexDefinition {
  const c = new TokenCursor(text);
  const kind: IndexKind = c.accept('FULLTEXT') ? 'fulltext' : c.accept('SPATIAL') ? 'spatial' : 'btree';
  const unique = kind === 'btree' && c.accept('UNIQUE');
  const inside = c.group();
  if (c.peek() !== undefined) throw c.error('the end of the index');
  const parts = splitTopLevel(inside).map(parsePart);
  if (parts.length === 0) throw new Error(`index \`${text}\` has no parts`);
  return { kind, unique, parts };
}

/** The canonical index of a tables.json entry. */
export function indexFromDefinition(name: string, text: string): CanonicalIndex {
  const definition = parseIndexDefinition(text);
  return { name, columns: definition.parts.map(canonicalPart), unique: definition.unique, kind: definition.kind };
}

/** Whether drizzle-orm's index()/uniqueIndex() can declare it: a B-tree on whole columns, ascending. */
export function drizzleCanDeclare(index: CanonicalIndex): boolean {
  return index.kind === 'btree' && index.columns.every((column) => !/[()]|\sdesc$/.test(column));
}

export function createIndexSql(table: string, name: string, text: string): string {
  const definition = parseIndexDefinition(text);
  const kind = definition.kind !== 'btree' ? `${definition.kind.toUpperCase()} ` : definition.unique ? 'UNIQUE ' : '';
  return `CREATE ${kind}INDEX ${quoteIdentifier(name)} ON ${quoteIdentifier(table)} (${definition.parts.map(partSql).join(', ')})`;
}

export function dropIndexSql(table: string, name: string): string {
  return `DROP INDEX ${quoteIdentifier(name)} ON ${quoteIdentifier(table)}`;
}

const TEXT_PREFIX: Record<string, number> = { tinytext: 255, tinyblob: 255, text: 768, mediumtext: 768, longtext: 768, json: 768, blob: 3072, mediumblob: 3072, longblob: 3072 };

/**
 * The prefix length the server gives a non-unique index part on a TEXT or BLOB column declared without one
 * (MariaDB shortens it silently, MySQL refuses it): generate writes it explicitly, and the model has it.
 */
export function implicitPrefix(columnType: string): number | undefined {
  return TEXT_PREFIX[columnType.trim().toLowerCase()];
}
