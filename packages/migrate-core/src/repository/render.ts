// Renders the text of a migration's SQL files as generate and adopt write them.
import { terminatedLines } from '../sql/delimiter.js';

/** One statement of a generated file, with the `-- migrate-core: ...` directives to put above it. */
export interface GeneratedStatement {
  readonly sql: string;
  readonly directives?: readonly string[];
  /** Comment lines (without `-- `) to put above it, e.g. a data-loss warning. */
  readonly comments?: readonly string[];
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
    lines.push(...terminatedLines(statement.sql.trim().replace(/;\s*$/, '')));
  }
  return `${lines.join('\n')}\n`;
}
