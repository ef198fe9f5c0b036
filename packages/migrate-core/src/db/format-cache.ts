// Filling `?` placeholders was the engine's largest cost of its own for small migrations: mysql2's format scans
// the whole text for them at every call, skipping quotes and comments, and a ledger write that records a
// pre-state signature is a long text full of quotes. The engine writes the same few texts again and again, so
// each text is split at its placeholders once, by mysql2's format itself; then each value is escaped as format
// escapes it, and the parts joined.

type Format = (sql: string, values: unknown[]) => string;
type Escape = (value: unknown) => string;

/** Stands in for a value while a text is split: a character no SQL text of the engine holds. */
const MARK = '\u0000';
const MARKED = /\u0000\d+\u0000/;

/**
 * `format` with each text (the first `max` distinct ones) split at its placeholders once: the same results.
 * `escape` is the connection's (mysql2's `escape`, which format applies to a string or null); a number is written
 * as format writes it, and any other value is left to format itself.
 */
export function cachedFormat(format: Format, escape: Escape, max = 128): Format {
  const cache = new Map<string, readonly string[] | null>();
  const literal = (value: unknown) => {
    if (typeof value === 'number') return `${value}`;
    if (typeof value === 'string' || value === null) return escape(value);
    return format('?', [value]);
  };
  return (sql, values) => {
    let parts = cache.get(sql);
    if (parts === undefined) {
      parts = splitAtPlaceholders(format, sql, values.length);
      if (cache.size < max) cache.set(sql, parts);
    }
    if (parts === null || parts.length !== values.length + 1) return format(sql, values);
    let text = parts[0]!;
    for (let i = 0; i < values.length; i++) text += literal(values[i]) + parts[i + 1]!;
    return text;
  };
}

/** The text around its `count` placeholders, as format finds them; null when it cannot be split so. */
function splitAtPlaceholders(format: Format, sql: string, count: number): string[] | null {
  if (sql.includes(MARK)) return null;
  const marks = Array.from({ length: count }, (_, i) => ({ toSqlString: () => `${MARK}${i}${MARK}` }));
  const parts = format(sql, marks).split(MARKED);
  return parts.length === count + 1 ? parts : null;
}
