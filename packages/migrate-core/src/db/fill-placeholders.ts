// mysql2's format finds each `?` by reading the text character by character, skipping quotes and comments: for
// the ledger's writes (long texts full of quoted names, several per migration) that was the engine's largest
// cost of its own after the lexer. The texts the engine writes are simple: quoted names and literals, no
// comments, no backslashes. For such a text the placeholders are found by jumping from quote to quote with the
// string's own search, and nothing is kept between calls; any other text is left to format.

type Format = (sql: string, values: unknown[]) => string;
type Escape = (value: unknown) => string;

/** What format reads otherwise than as plain text, quotes and placeholders: comments, `"`, backslashes, `??`. */
const NOT_SIMPLE = /["#\\]|--|\/\*|\?\?/;
/** The next placeholder or quote. */
const NEXT = /[?'`]/g;

/** A value whose literal is written here as format writes it; any other leaves the whole text to format. */
const isPlain = (value: unknown) => value === null || typeof value === 'string' || typeof value === 'number'
  || (typeof value === 'object' && typeof (value as { toSqlString?: unknown }).toSqlString === 'function');

/**
 * `format(sql, values)`: the same text, for a text of quoted names and literals without comments, backslashes,
 * double quotes or `??`, and values that are strings, numbers, null or raw SQL (`toSqlString`); `format` itself
 * otherwise. `escape` is the connection's (mysql2's `escape`, which format applies to a string or null).
 */
export function fillPlaceholders(sql: string, values: readonly unknown[], format: Format, escape: Escape): string {
  if (values.length === 0 || NOT_SIMPLE.test(sql) || !values.every(isPlain)) return format(sql, [...values]);
  let text = '';
  let from = 0;
  let next = 0;
  NEXT.lastIndex = 0;
  for (let match = NEXT.exec(sql); match !== null && next < values.length; match = NEXT.exec(sql)) {
    const at = match.index;
    if (sql[at] === '?') {
      const value = values[next++];
      text += sql.slice(from, at) + (typeof value === 'number' ? `${value}` : typeof value === 'object' && value !== null ? format('?', [value]) : escape(value));
      from = at + 1;
      continue;
    }
    // A quoted name or literal: a doubled quote inside ends it and opens the next, which comes to the same.
    const close = sql.indexOf(sql[at]!, at + 1);
    if (close === -1) return format(sql, [...values]);
    NEXT.lastIndex = close + 1;
  }
  return from === 0 ? sql : text + sql.slice(from);
}
