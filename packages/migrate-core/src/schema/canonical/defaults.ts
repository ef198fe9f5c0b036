import type { CanonicalDefault, CanonicalExpression } from './model.js';
import { baseType, isNumericType, unquoteSqlBody } from './types.js';

/** Splits SQL text into unquoted code (even indexes) and quoted string literals (odd indexes). */
function splitQuoted(sql: string): string[] {
  return sql.split(/('(?:[^'\\]|''|\\.)*')/s);
}

/** Every spelling of "now": NOW(), CURRENT_TIMESTAMP, current_timestamp(), LOCALTIMESTAMP, with a precision or not. */
const NOW = /\b(?:now|current_timestamp|localtimestamp|localtime)\b(?:\((\d*)\))?/g;

function normaliseCode(code: string, table: string | undefined): string {
  let out = code
    // MySQL 8 writes string literals of expressions with a charset introducer: _utf8mb4'x'.
    .replace(/(^|[^\w])_(?:utf8mb4|utf8mb3|utf8|latin1|binary|ascii)\s*$/i, '$1')
    .toLowerCase()
    .replace(/`/g, '')
    .replace(/\s+/g, ' ')
    .replace(/\s*([(),+\-*/%<>=!|&^~])\s*/g, '$1')
    .replace(/!=/g, '<>');
  if (table !== undefined) out = out.replace(new RegExp(`(^|[^\\w.])${table.toLowerCase().replace(/[^a-z0-9_$]/g, '\\$&')}\\.`, 'g'), '$1');
  return out.replace(NOW, (_whole, fsp: string | undefined) => (fsp && fsp !== '0' ? `current_timestamp(${fsp})` : 'current_timestamp'));
}

/** True when the first parenthesis closes at the very end: `(a + b)` but not `(a) + (b)`. */
function wrapsWhole(text: string): boolean {
  const masked = splitQuoted(text).map((part, i) => (i % 2 === 1 ? 'x'.repeat(part.length) : part)).join('');
  if (!masked.startsWith('(') || !masked.endsWith(')')) return false;
  let depth = 0;
  for (let i = 0; i < masked.length; i++) {
    if (masked[i] === '(') depth++;
    if (masked[i] === ')' && --depth === 0 && i < masked.length - 1) return false;
  }
  return true;
}

/** Removes parentheses around the whole expression: `((now()))` -> `now()`. */
export function stripOuterParens(text: string): string {
  let current = text.trim();
  while (wrapsWhole(current)) current = current.slice(1, -1).trim();
  return current;
}

/**
 * An SQL expression in one spelling for comparison: lower case outside string literals, no backticks, no
 * charset introducers, no blanks around operators, no `table.` qualifiers, no outer parentheses, and every
 * spelling of "now" as `current_timestamp` / `current_timestamp(n)`.
 *
 * @example
 * normaliseExpression('`a`.`d` >= 0', 'a')      // 'd>=0'
 * normaliseExpression('(now())')                // 'current_timestamp'
 */
export function normaliseExpression(sql: string, table?: string): string {
  const parts = splitQuoted(sql.trim());
  const joined = parts.map((part, i) => (i % 2 === 1 ? part : normaliseCode(part, table))).join('');
  return stripOuterParens(joined.trim());
}

/** An expression as kept in the model. */
export function canonicalExpression(sql: string, table?: string): CanonicalExpression {
  return { sql: sql.trim(), normalized: normaliseExpression(sql, table) };
}

/** `+01.50` -> `1.5`, `0.000` -> `0`, `-0` -> `0`, `1e3` -> `1000`; anything else unchanged. */
export function normaliseNumber(text: string): string {
  const match = /^([+-]?)(\d*)(?:\.(\d*))?(e[+-]?\d+)?$/i.exec(text.trim());
  if (!match || (match[2] === '' && (match[3] ?? '') === '')) return text.trim();
  if (match[4] !== undefined) return String(Number(text));
  const whole = match[2]!.replace(/^0+(?=\d)/, '') || '0';
  const fraction = (match[3] ?? '').replace(/0+$/, '');
  const digits = fraction === '' ? whole : `${whole}.${fraction}`;
  return match[1] === '-' && /[1-9]/.test(digits) ? `-${digits}` : digits;
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;
const SINGLE_LITERAL = /^'((?:[^'\\]|''|\\.)*)'$/s;

/** A literal value of a column of `type` (unquoted text), as a default. */
export function literalDefault(value: string, type: string, sql: string = value): CanonicalDefault {
  if (isNumericType(type) && NUMBER.test(value.trim())) return { kind: 'number', value: normaliseNumber(value), sql };
  if (baseType(type) === 'boolean' && /^(true|false)$/i.test(value.trim())) return { kind: 'number', value: /^true$/i.test(value.trim()) ? '1' : '0', sql };
  return { kind: 'string', value, sql };
}

/**
 * A default written as SQL, as MariaDB reports it (`'abc'`, `1.50`, `current_timestamp()`, `NULL`) and as
 * drizzle-kit writes it in snapshots (`'abc'`, `('hello')`, `(now())`, `CURRENT_TIMESTAMP(3)`, `NULL`).
 * Returns null for no default / DEFAULT NULL.
 */
export function defaultFromSql(sql: string, type: string, table?: string): CanonicalDefault | null {
  const text = sql.trim();
  if (text === '' || /^null$/i.test(text)) return null;
  const normalized = normaliseExpression(text, table);
  if (/^null$/.test(normalized)) return null;
  const literal = SINGLE_LITERAL.exec(normalized);
  if (literal) return literalDefault(unquoteSqlBody(literal[1]!), type, text);
  if (NUMBER.test(normalized)) return literalDefault(normalized, type, text);
  if (normalized === 'true' || normalized === 'false') return { kind: 'number', value: normalized === 'true' ? '1' : '0', sql: text };
  // "now" on a column with fractional seconds is stored with them: timestamp(3) DEFAULT now() is current_timestamp(3).
  const fsp = /^(?:datetime|timestamp)\((\d)\)$/.exec(type)?.[1];
  const value = normalized === 'current_timestamp' && fsp !== undefined ? `current_timestamp(${fsp})` : normalized;
  return { kind: 'expression', value, sql: stripOuterParens(text) };
}

/** A default from a drizzle-kit snapshot: a number, a boolean, or SQL text. */
export function defaultFromSnapshot(value: unknown, type: string, table: string): CanonicalDefault | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'boolean') return { kind: 'number', value: value ? '1' : '0', sql: String(value) };
  if (typeof value === 'number' || typeof value === 'bigint') return literalDefault(String(value), type);
  return defaultFromSql(String(value), type, table);
}
