/** Database and table names we create or address: letters, digits and `_`, at most 64 characters. */
export const IDENTIFIER_PATTERN = /^[A-Za-z0-9_]{1,64}$/;

export function isValidIdentifier(name: string): boolean {
  return IDENTIFIER_PATTERN.test(name);
}

/** Quotes an identifier for MySQL/MariaDB. Always used, even for validated names. */
export function quoteIdentifier(name: string): string {
  return `\`${name.replace(/`/g, '``')}\``;
}

/** The server's own schemas: a service's database (and its ledger) never lives in one. */
export const SYSTEM_SCHEMAS: readonly string[] = ['mysql', 'information_schema', 'performance_schema', 'sys'];

export function isSystemSchema(name: string): boolean {
  return SYSTEM_SCHEMAS.includes(name.toLowerCase());
}

/**
 * A database name as a GRANT's database part: `_` and `%` are wildcards there (`first_db` would also match
 * `firstXdb`), so they are escaped with `\`.
 */
export function grantDatabase(name: string): string {
  return quoteIdentifier(name.replace(/[_%\\]/g, (c) => `\\${c}`));
}
