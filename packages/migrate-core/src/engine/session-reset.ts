import { variablesSetBy } from '../sql/classify-set.js';
import type { ParsedStatement } from '../statements.js';

/**
 * The variables a migration's session-safe SETs assign (foreign_key_checks, sql_mode, @vars, ...), in the order
 * they first appear: after the migration each goes back to its default, so that nothing it set carries over to
 * the engine's own writes or to the next migration. (Never RESET CONNECTION: it would free the migration lock.)
 */
export function sessionResets(statements: readonly ParsedStatement[]): string[] {
  return [...new Set(statements.filter((s) => s.class === 'session-safe').flatMap((s) => variablesSetBy(s.sql)))];
}

/** LAST_INSERT_ID has no default: 0 is its value in a new session. */
const NO_DEFAULT: Readonly<Record<string, string>> = { last_insert_id: '0' };

/** The statement that resets `variables`: `SET SESSION a = DEFAULT, @b = NULL`. */
export function resetSql(variables: readonly string[]): string {
  const assignments = variables.map((name) => (name.startsWith('@') ? `${name} = NULL` : `SESSION ${name} = ${NO_DEFAULT[name] ?? 'DEFAULT'}`));
  return `SET ${assignments.join(', ')}`;
}
