/**
 * Column types in one spelling. MariaDB (and MySQL before 8.0.19) report integer display widths (`int(11)`),
 * MySQL 8 does not; `boolean` is stored as `tinyint(1)`; `real` and `double precision` are `double`;
 * `decimal` means `decimal(10,0)`; a zero fractional-seconds precision is the same as none.
 */

const INTEGER = /^(tinyint|smallint|mediumint|int|integer|bigint)(?:\((\d+)\))?((?: (?:unsigned|signed|zerofill))*)$/;
const DECIMAL = /^(decimal|numeric|dec|fixed)(?:\((\d+)(?:,(\d+))?\))?((?: (?:unsigned|signed|zerofill))*)$/;
const FLOATING = /^(double precision|double|real|float)(?:\((\d+)(?:,(\d+))?\))?((?: (?:unsigned|signed|zerofill))*)$/;
const TEMPORAL = /^(datetime|timestamp|time)(?:\((\d)\))?$/;
const SIZED = /^(char|binary|bit)$/;
const LIST = /^(enum|set)\((.*)\)$/s;

const NUMERIC_BASES = new Set(['tinyint', 'smallint', 'mediumint', 'int', 'bigint', 'decimal', 'double', 'float', 'boolean', 'year']);

function modifiers(text: string | undefined): { unsigned: boolean; zerofill: boolean } {
  const words = (text ?? '').trim().split(' ');
  // ZEROFILL implies UNSIGNED on every server.
  return { unsigned: words.includes('unsigned') || words.includes('zerofill'), zerofill: words.includes('zerofill') };
}

function suffix(mods: { unsigned: boolean; zerofill: boolean }): string {
  return `${mods.unsigned ? ' unsigned' : ''}${mods.zerofill ? ' zerofill' : ''}`;
}

/** Splits `'a','b''c'` into its unquoted values. */
export function parseQuotedList(text: string): string[] {
  const values: string[] = [];
  const pattern = /'((?:[^'\\]|''|\\.)*)'/gs;
  for (const match of text.matchAll(pattern)) values.push(unquoteSqlBody(match[1]!));
  return values;
}

/** The inside of a single-quoted SQL literal, unescaped (`''` and backslash escapes). */
export function unquoteSqlBody(body: string): string {
  const escapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0', b: '\b', Z: '\x1a' };
  return body.replace(/''|\\(.)/gs, (whole, ch: string | undefined) => (ch === undefined ? "'" : (escapes[ch] ?? ch)));
}

/** A string as a single-quoted SQL literal, safe with or without NO_BACKSLASH_ESCAPES. */
export function quoteSqlString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

function integerType(match: RegExpExecArray): string {
  const base = match[1] === 'integer' ? 'int' : match[1]!;
  const mods = modifiers(match[3]);
  // tinyint(1) is how every server stores BOOLEAN; MySQL 8 keeps this one display width for that reason.
  if (base === 'tinyint' && match[2] === '1' && !mods.unsigned) return 'boolean';
  // A display width only matters for ZEROFILL (it pads to it); otherwise it is noise.
  const width = mods.zerofill && match[2] !== undefined ? `(${match[2]})` : '';
  return `${base}${width}${suffix(mods)}`;
}

function floatingType(match: RegExpExecArray): string {
  const mods = modifiers(match[4]);
  let base = match[1] === 'float' ? 'float' : 'double';
  if (match[1] === 'float' && match[2] !== undefined && match[3] === undefined) {
    // FLOAT(p): p <= 24 is a single-precision float, above it a double; the servers report the result.
    base = Number(match[2]) <= 24 ? 'float' : 'double';
    return `${base}${suffix(mods)}`;
  }
  const size = match[2] === undefined ? '' : `(${match[2]},${match[3] ?? 0})`;
  return `${base}${size}${suffix(mods)}`;
}

/** Lower-cases a type outside its quoted parts and tightens its spacing: `INT(11)  UNSIGNED` -> `int(11) unsigned`. */
function tidy(raw: string): string {
  return raw.trim().split(/('(?:[^'\\]|''|\\.)*')/s)
    .map((part, i) => (i % 2 === 1 ? part : part.toLowerCase().replace(/\s+/g, ' ').replace(/\s*([(,])\s*/g, '$1').replace(/\s*\)/g, ')')))
    .join('').trim();
}

/**
 * One spelling for a column type, from information_schema's COLUMN_TYPE or a drizzle-kit snapshot's `type`.
 *
 * @example
 * canonicalType('int(11)')              // 'int'
 * canonicalType('tinyint(1)')           // 'boolean'
 * canonicalType('bigint(20) unsigned')  // 'bigint unsigned'
 * canonicalType('decimal')              // 'decimal(10,0)'
 */
export function canonicalType(raw: string): string {
  const text = tidy(raw);
  const list = LIST.exec(text);
  if (list) return `${list[1]}(${parseQuotedList(list[2]!).map(quoteSqlString).join(',')})`;
  if (text === 'bool' || text === 'boolean') return 'boolean';
  const integer = INTEGER.exec(text);
  if (integer) return integerType(integer);
  const decimal = DECIMAL.exec(text);
  if (decimal) return `decimal(${decimal[2] ?? 10},${decimal[3] ?? 0})${suffix(modifiers(decimal[4]))}`;
  const floating = FLOATING.exec(text);
  if (floating) return floatingType(floating);
  const temporal = TEMPORAL.exec(text);
  if (temporal) return temporal[2] === undefined || temporal[2] === '0' ? temporal[1]! : `${temporal[1]}(${temporal[2]})`;
  if (/^year(\(\d\))?$/.test(text)) return 'year';
  if (SIZED.test(text)) return `${text}(1)`;
  return text;
}

/** The type's keyword: `varchar(255)` -> `varchar`, `bigint unsigned` -> `bigint`. */
export function baseType(type: string): string {
  return /^[a-z]+/.exec(type)?.[0] ?? type;
}

/** Whether literal defaults of this type are numbers (`1.50` and `'1.5'` are then the same default). */
export function isNumericType(type: string): boolean {
  return NUMERIC_BASES.has(baseType(type));
}
