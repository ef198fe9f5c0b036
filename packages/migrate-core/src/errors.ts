import type { Finding } from './findings.js';
import type { MigrationId } from './model.js';

/** Findings of the engine about a database's migrations (most block a command). Returned as data, never thrown. */
export type IssueCode =
  | 'CHECKSUM_MISMATCH'
  | 'MISSING_FILE'
  | 'OUT_OF_ORDER'
  | 'DIRTY'
  | 'UNKNOWN_TARGET'
  | 'NO_DOWN'
  | 'EDITED_DONE_STATEMENTS'
  | 'IN_PROGRESS'
  | 'DATA_LOSS'
  /** After an interruption, nobody can tell whether the statement that was cut off took effect. */
  | 'OUTCOME_UNKNOWN'
  /** A statement the engine never runs (it would change its session), or a transaction block it cannot run as one. */
  | 'REFUSED_STATEMENT'
  /** Two services resolve to one database (and would share its ledger and lock). */
  | 'SHARED_DATABASE';

/** An issue: a Finding of the engine. Those that block are `error`; a migration running right now is `info`. */
export type Issue = Finding<IssueCode>;

export type MigrateErrorCode =
  | 'CONFIG'
  | 'USAGE'
  | 'CONNECTION'
  | 'ACCESS_DENIED'
  | 'NO_DATABASE'
  | 'SOURCE'
  | 'STATEMENT'
  | 'LOCK_TIMEOUT'
  | 'GENERATE'
  | 'INTROSPECT';

/**
 * A failure of IO or input, with enough context to act on. Library code throws these; the CLI prints them.
 * It is a Finding (severity `error`); findingOf gives it as a plain one, with where it happened.
 */
export class MigrateError extends Error implements Finding<MigrateErrorCode> {
  readonly code: MigrateErrorCode;
  readonly severity = 'error' as const;
  /** The next command to run, when there is one. */
  readonly hint: string | undefined;

  constructor(code: MigrateErrorCode, message: string, options: { cause?: unknown; hint?: string } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.hint = options.hint;
  }
}

/** Bad configuration or environment; carries every problem found, not just the first. */
export class ConfigError extends MigrateError {
  readonly problems: readonly string[];

  constructor(problems: readonly string[], hint?: string) {
    super('CONFIG', problems.length === 1 ? problems[0]! : `${problems.length} configuration problems:\n  - ${problems.join('\n  - ')}`,
      hint === undefined ? {} : { hint });
    this.problems = problems;
  }
}

export class UsageError extends MigrateError {
  constructor(message: string, hint?: string) {
    super('USAGE', message, hint === undefined ? {} : { hint });
  }
}

export class LockTimeoutError extends MigrateError {
  constructor(database: string, seconds: number, holder: number | null) {
    super('LOCK_TIMEOUT',
      `Timed out after ${seconds} s waiting for the migration lock of database \`${database}\`` +
        (holder === null ? '.' : ` (held by server connection ${holder}).`),
      { hint: 'Another migrate/rollback is running on this database. Wait for it, or raise --lock-timeout <seconds>.' });
  }
}

/** A statement of a migration failed on the server. */
export class StatementError extends MigrateError {
  readonly migrationId: MigrationId;
  readonly file: string;
  readonly statementIndex: number;
  readonly statementCount: number;
  readonly line: number;
  readonly sql: string;
  readonly serverCode: string | undefined;

  constructor(details: {
    migrationId: MigrationId; file: string; statementIndex: number; statementCount: number; line: number; sql: string;
    serverMessage: string; serverCode?: string; cause?: unknown; hint: string;
  }) {
    super('STATEMENT',
      `${details.migrationId}: statement ${details.statementIndex} of ${details.statementCount} failed ` +
        `(${details.file}:${details.line}): ${details.serverMessage}\n    ${excerpt(details.sql)}`,
      { cause: details.cause, hint: details.hint });
    this.migrationId = details.migrationId;
    this.file = details.file;
    this.statementIndex = details.statementIndex;
    this.statementCount = details.statementCount;
    this.line = details.line;
    this.sql = details.sql;
    this.serverCode = details.serverCode;
  }
}

/**
 * Any error as a plain Finding, for reports and documents: a MigrateError with its code, hint and where (a failed
 * statement's migration, file, line and statement); a server error by its name (`ER_...`) and message.
 */
export function findingOf(error: unknown): Finding {
  if (error instanceof MigrateError) {
    const where = error instanceof StatementError
      ? { migrationId: error.migrationId, file: error.file, line: error.line, statement: error.statementIndex } : {};
    return { code: error.code, severity: 'error', message: error.message, ...(error.hint === undefined ? {} : { hint: error.hint }), ...where };
  }
  const server = error as { code?: unknown; sqlMessage?: unknown; message?: unknown } | null | undefined;
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  return { code: text(server?.code) ?? 'ERROR', severity: 'error', message: text(server?.sqlMessage) ?? text(server?.message) ?? String(error) };
}

/**
 * A command in a hint, written as `migrate-core <command> <args>` (no --service): the CLI prints it as the
 * user runs it (`npx migrate-core <command> --service <name> <args>`, or `nx run <service>:<command> <args>`).
 */
export function commandHint(command: string, ...args: readonly (string | number)[]): string {
  return `\`${['migrate-core', command, ...args].join(' ')}\``;
}

// What comes before a secret in SQL: IDENTIFIED BY / AS / USING (CREATE and ALTER USER, GRANT), PASSWORD(...),
// SET PASSWORD [FOR user] = ..., MASTER_PASSWORD = ... (CHANGE MASTER), PASSWORD '...' (CREATE SERVER ... OPTIONS),
// and a column named password set or compared to a literal.
const SECRET_BEFORE = String.raw`\b(?:IDENTIFIED\s+(?:(?:WITH|VIA)\s+[\w$]+\s+)?(?:BY|AS|USING)(?:\s+PASSWORD)?|USING(?:\s+PASSWORD)?|(?:MASTER_|PRIMARY_)?PASSWORD(?:\s+FOR\s+\S+)?(?:\s*=)?(?:\s*PASSWORD)?)\s*\(?\s*`;
// The literal after it; its closing quote may be missing where a server message cut the text short.
const SECRET_LITERAL = String.raw`'(?:[^'\\]|\\[\s\S]|'')*'?|"(?:[^"\\]|\\[\s\S]|"")*"?`;
const SECRET = new RegExp(`(${SECRET_BEFORE})(?:${SECRET_LITERAL})`, 'gi');

/**
 * `text` (a statement, or a server message quoting one) with every password it gives replaced by `'***'`:
 * messages quote statements, and they reach terminals, CI logs, `--json` output and the ledger's `error` column.
 */
export function redactSecrets(text: string): string {
  return text.replace(SECRET, "$1'***'");
}

/** The first lines of a statement, for messages, without the passwords it gives (redactSecrets). */
export function excerpt(sql: string, maxLength = 240): string {
  const flat = redactSecrets(sql).replace(/\s+/g, ' ').trim();
  return flat.length > maxLength ? `${flat.slice(0, maxLength - 1)}…` : flat;
}
