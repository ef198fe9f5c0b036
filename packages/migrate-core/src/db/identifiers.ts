/** Database and table names we create or address: letters, digits and `_`, at most 64 characters. */
export const IDENTIFIER_PATTERN = /^[A-Za-z0-9_]{1,64}$/;

export function isValidIdentifier(name: string): boolean {
  return IDENTIFIER_PATTERN.test(name);
}

/** Quotes an identifier for MySQL/MariaDB. Always used, even for validated names. */
export function quoteIdentifier(name: string): string {
  return `\`${name.replace(/`/g, '``')}\``;
}
