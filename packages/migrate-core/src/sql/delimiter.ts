// How a statement ends in a script for the mysql client, which ends a statement at every `;` unless a DELIMITER
// line says otherwise.
import { tokenize } from './lexer.js';

/**
 * The delimiter a statement needs in such a script: `;`, or for a compound statement (a trigger, routine or event
 * whose body has statements of its own) one the statement does not contain, to be set with a DELIMITER line. The
 * engine reads a compound statement whole either way.
 */
export function delimiterOf(sql: string): string {
  if (!tokenize(sql).some((token) => token.text === ';' && (token.kind === 'symbol' || token.kind === 'delimiter'))) return ';';
  const found = ['//', '$$', ';;'].find((candidate) => !sql.includes(candidate));
  if (found !== undefined) return found;
  let long = '$$$';
  while (sql.includes(long)) long += '$';
  return long;
}

/** The lines of `sql` (without its final `;`) as it ends in a script: `sql;`, or between DELIMITER lines. */
export function terminatedLines(sql: string): string[] {
  const delimiter = delimiterOf(sql);
  return delimiter === ';' ? [`${sql};`] : [`DELIMITER ${delimiter}`, `${sql}${delimiter}`, 'DELIMITER ;'];
}
