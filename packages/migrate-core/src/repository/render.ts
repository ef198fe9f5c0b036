// Renders the text of a migration's SQL files as generate and adopt write them.
import { tokenize } from '../sql/lexer.js';

/** One statement of a generated file, with the `-- migrate-core: ...` directives to put above it. */
export interface GeneratedStatement {
  readonly sql: string;
  readonly directives?: readonly string[];
  /** Comment lines (without `-- `) to put above it, e.g. a data-loss warning. */
  readonly comments?: readonly string[];
}

/**
 * The delimiter a statement needs: `;`, or for a compound statement (a trigger, routine or event whose body has
 * statements of its own) one it does not contain, to be set with a DELIMITER line: the engine reads a compound
 * statement whole either way, but the mysql client ends a statement at every `;` unless told otherwise.
 */
function delimiterOf(sql: string): string {
  if (!tokenize(sql).some((token) => token.text === ';' && (token.kind === 'symbol' || token.kind === 'delimiter'))) return ';';
  return ['//', '$$', ';;'].find((candidate) => !sql.includes(candidate)) ?? '//';
}

/**
 * Renders a migration file: header comments, then each statement ending in `;` (a compound one between
 * `DELIMITER //` and `DELIMITER ;` lines), separated by a blank line.
 * With `tightHeader`, a first statement without comments follows the header directly (the layout of the
 * seed migrations, whose checksums are recorded in databases).
 */
export function renderSqlFile(header: readonly string[], statements: readonly GeneratedStatement[], options: { tightHeader?: boolean } = {}): string {
  const lines = header.map((line) => `-- ${line}`);
  for (const [i, statement] of statements.entries()) {
    const annotated = (statement.comments?.length ?? 0) + (statement.directives?.length ?? 0) > 0;
    if (!(options.tightHeader && i === 0 && !annotated)) lines.push('');
    for (const comment of statement.comments ?? []) lines.push(`-- ${comment}`);
    for (const directive of statement.directives ?? []) lines.push(`-- migrate-core: ${directive}`);
    const sql = statement.sql.trim().replace(/;\s*$/, '');
    const delimiter = delimiterOf(sql);
    if (delimiter === ';') lines.push(`${sql};`);
    else lines.push(`DELIMITER ${delimiter}`, `${sql}${delimiter}`, 'DELIMITER ;');
  }
  return `${lines.join('\n')}\n`;
}
