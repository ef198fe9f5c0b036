// The server's own error text, as users should read it: about their statement, never about the engine's SQL.

/** `... near '<text>' at line <n>`: MySQL and MariaDB quote up to 80 characters from where parsing stopped. */
const NEAR = /near '([\s\S]*)' at line (\d+)\s*$/;

/** The part of `near` that belongs to `sql`: all of it, the start of it that ends `sql`, or '' when it starts past the end. */
function ownPart(near: string, sql: string): string | undefined {
  const core = near.replace(/\.\.\.$/, '');
  if (sql.includes(core)) return near;
  for (let k = Math.min(core.length, sql.length); k > 0; k--) {
    if (sql.endsWith(core.slice(0, k))) return core.slice(0, k);
  }
  return /^\s*;/.test(core) || core.trim() === '' ? '' : undefined;
}

/**
 * A statement's server error, with what it quotes kept to the user's statement. A migration's statements travel to
 * the server with the engine's ledger writes between them, so a syntax error near the end of a statement quotes the
 * ledger write that follows it; and its line is counted from the statement's first line. Both are rewritten: the
 * quote stops where the statement stops, and the line is the file's (`file:line`, or `line N` without a file).
 *
 * @example
 * userServerMessage("... near ')\n;\nUPDATE `_migrate_core_ledger` SET ...' at line 2", { sql: 'CREATE TABLE b (\n id int,)', line: 3 }, 'up.sql')
 * // "... near ')' at up.sql:4"
 */
export function userServerMessage(message: string, statement: { readonly sql: string; readonly line: number }, file?: string): string {
  const match = NEAR.exec(message);
  if (match === null) return message;
  const own = ownPart(match[1]!, statement.sql);
  if (own === undefined) return message;
  const lines = statement.sql.trimEnd().split('\n').length;
  const line = statement.line + Math.min(Number(match[2]), lines) - 1;
  const where = own.trim() === '' ? 'at the end of the statement' : `near '${own.trimEnd()}'`;
  return `${message.slice(0, match.index)}${where} at ${file === undefined ? `line ${line}` : `${file}:${line}`}`;
}
