/** TypeScript names for generated schema code: variables for tables, property keys for columns. */

const RESERVED = new Set([
  'await', 'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else', 'enum',
  'export', 'extends', 'false', 'finally', 'for', 'function', 'if', 'implements', 'import', 'in', 'instanceof', 'interface',
  'let', 'new', 'null', 'package', 'private', 'protected', 'public', 'return', 'static', 'super', 'switch', 'this', 'throw',
  'true', 'try', 'typeof', 'var', 'void', 'while', 'with', 'yield', 'arguments', 'eval', 'undefined', 'NaN', 'Infinity',
]);

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `order_items` -> `orderItems`, `UserID` -> `userID`, `SID` -> `sid`; leaves names it cannot improve alone. */
export function camelCase(name: string): string {
  const words = name.split(/[^A-Za-z0-9$]+/).filter((word) => word !== '');
  if (words.length === 0) return name;
  const [first, ...rest] = words;
  const head = /^[A-Z0-9]+$/.test(first!) ? first!.toLowerCase() : first!.charAt(0).toLowerCase() + first!.slice(1);
  return head + rest.map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join('');
}

/** A name usable as a variable: an identifier that is no reserved word. */
export function isPlainIdentifier(name: string): boolean {
  return IDENTIFIER.test(name) && !RESERVED.has(name);
}

/** A TypeScript string literal: single-quoted, or double-quoted when that avoids escapes. */
export function tsString(value: string): string {
  const quote = value.includes("'") && !value.includes('"') ? '"' : "'";
  const escaped = value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
  return `${quote}${quote === "'" ? escaped.replace(/'/g, "\\'") : escaped}${quote}`;
}

/** The body of a `sql\`...\`` template holding `text` verbatim. */
export function templateBody(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${');
}

/** Unique variable names for tables, avoiding reserved words and the names the file imports. */
export function tableVariables(tables: readonly string[], taken: ReadonlySet<string>): Map<string, string> {
  const used = new Set(taken);
  const out = new Map<string, string>();
  for (const table of tables) {
    let base = camelCase(table);
    if (!isPlainIdentifier(base)) base = `table${base.replace(/[^A-Za-z0-9_$]/g, '_').replace(/^(?=\d)/, '_')}`;
    let candidate = used.has(base) ? `${base}Table` : base;
    for (let n = 2; used.has(candidate); n++) candidate = `${base}Table${n}`;
    used.add(candidate);
    out.set(table, candidate);
  }
  return out;
}

/** Property keys for a table's columns: camelCase when that is a unique identifier, else the column name (quoted where needed). */
export function columnKeys(columns: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  const used = new Set<string>();
  for (const column of columns) {
    const camel = camelCase(column);
    let key = IDENTIFIER.test(camel) && !used.has(camel) ? camel : column;
    for (let n = 2; used.has(key); n++) key = `${IDENTIFIER.test(camel) ? camel : column}${n}`;
    used.add(key);
    out.set(column, key);
  }
  return out;
}

/** `t.userId` or `t['2fa']`. */
export function member(object: string, key: string): string {
  return IDENTIFIER.test(key) ? `${object}.${key}` : `${object}[${tsString(key)}]`;
}

/** A key in an object literal: `userId` or `'2fa'`. */
export function propertyKey(key: string): string {
  return IDENTIFIER.test(key) ? key : tsString(key);
}
