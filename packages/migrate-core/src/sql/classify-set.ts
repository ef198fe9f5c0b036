import { tokenize } from './lexer.js';
import type { StatementClass } from './model.js';
import { isSql } from './tokens.js';
import { classified, type Classification, Words } from './words.js';

/**
 * Session variables a migration may set: they change how this migration's own statements behave, and the
 * engine sets every one back to its DEFAULT after the migration (and sets them again, by replaying the
 * migration's SET statements, when it resumes on a new connection). mysqldump writes several of them.
 */
export const SESSION_SAFE_VARIABLES: readonly string[] = [
  'foreign_key_checks', 'unique_checks', 'sql_mode', 'time_zone', 'sql_notes', 'sql_warnings',
  'max_statement_time' /* MariaDB */, 'max_execution_time' /* MySQL */, 'sql_safe_updates', 'sql_big_selects',
  'sql_auto_is_null', 'sql_quote_show_create', 'sql_if_exists', 'innodb_lock_wait_timeout', 'lock_wait_timeout',
  'innodb_strict_mode', 'group_concat_max_len', 'default_storage_engine', 'storage_engine',
  'default_tmp_storage_engine', 'enforce_storage_engine', 'auto_increment_increment', 'auto_increment_offset',
  'alter_algorithm', 'old_alter_table', 'check_constraint_checks', 'system_versioning_alter_history',
  'explicit_defaults_for_timestamp', 'div_precision_increment', 'big_tables', 'tmp_table_size',
  'max_heap_table_size', 'sort_buffer_size', 'join_buffer_size', 'optimizer_switch', 'sql_require_primary_key',
  'sql_generate_invisible_primary_key', 'insert_id', 'last_insert_id', 'information_schema_stats_expiry',
  'max_sp_recursion_depth', 'max_recursive_iterations', 'cte_max_recursion_depth', 'note_verbosity',
];
const SAFE = new Set(SESSION_SAFE_VARIABLES);

/** Variables whose change breaks the engine's session, and the keyword the refusal names. */
const BREAKING: Readonly<Record<string, string>> = {
  autocommit: 'SET autocommit', // the engine commits each statement with its progress itself
  sql_log_bin: 'SET sql_log_bin', // replicas would miss the migration and its ledger writes
  completion_type: 'SET completion_type', // turns COMMIT into COMMIT AND CHAIN / RELEASE for the engine too
  character_set_client: 'SET NAMES', character_set_connection: 'SET NAMES', character_set_results: 'SET NAMES',
  collation_connection: 'SET NAMES', // how the server reads the engine's own ledger writes
  transaction_isolation: 'SET TRANSACTION', tx_isolation: 'SET TRANSACTION',
  transaction_read_only: 'SET TRANSACTION', tx_read_only: 'SET TRANSACTION',
};

const SEVERITY: Record<StatementClass, number> = { 'session': 4, 'ddl': 3, 'unknown-effect': 2, 'data': 1, 'transaction': 1, 'session-safe': 0, 'noop': 0 };

/** Splits `a = 1, b = (1, 2)` at the commas outside parentheses. */
function assignments(words: Words): Words[] {
  const out: Words[] = [];
  let depth = 0;
  let start = 0;
  words.tokens.forEach((token, i) => {
    if (token.text === '(') depth++;
    else if (token.text === ')') depth--;
    else if (token.text === ',' && depth === 0) {
      out.push(new Words(words.tokens.slice(start, i)));
      start = i + 1;
    }
  });
  out.push(new Words(words.tokens.slice(start)));
  return out;
}

const SCOPES = new Set(['GLOBAL', 'PERSIST', 'PERSIST_ONLY', 'SESSION', 'LOCAL']);

/**
 * Each `[scope] name = value` of a SET: user variables are harmless, global scope never is, session variables
 * go by the lists above. A scope word carries on to the assignments after it that have none (MySQL manual).
 */
function eachAssignment(list: readonly Words[]): Classification[] {
  let scope = 'SESSION';
  return list.map((words) => {
    const explicit = SCOPES.has(words.kw(0));
    if (explicit) scope = words.kw(0);
    const target = words.tokens[explicit ? 1 : 0];
    if (target?.text === '@') return classified('session-safe', 'SET @variable');
    let name = target?.text ?? '';
    let own = scope;
    if (target?.kind === 'variable') {
      if (!name.startsWith('@@')) return classified('session-safe', 'SET @variable', name);
      const [first, second] = name.slice(2).split('.');
      own = second === undefined ? 'SESSION' : first!.toUpperCase();
      name = second ?? first!;
    }
    const variable = name.toLowerCase();
    if (own === 'GLOBAL' || own === 'PERSIST' || own === 'PERSIST_ONLY') return classified('session', 'SET GLOBAL', variable);
    if (BREAKING[variable]) return classified('session', BREAKING[variable], variable);
    return classified(SAFE.has(variable) ? 'session-safe' : 'session', `SET ${variable}`, variable);
  });
}

/** The worst of several classifications: the one the engine must respect; a system variable names it before a user variable. */
function worst(list: readonly Classification[]): Classification {
  const rank = (c: Classification) => SEVERITY[c.class] * 2 + (c.keyword === 'SET @variable' ? 0 : 1);
  return list.reduce((a, b) => (rank(b) > rank(a) ? b : a));
}

/**
 * SET. `SET NAMES`/`CHARACTER SET` and `SET TRANSACTION` break the engine's session; `SET PASSWORD` and
 * `SET DEFAULT ROLE` are DDL (they write the grant tables and commit); `SET ROLE` changes the engine's own
 * privileges; MariaDB's `SET STATEMENT vars FOR stmt` is its statement, unless a variable breaks the session.
 */
export function classifySet(words: Words, classifyInner: (words: Words) => Classification): Classification {
  const rest = words.from(1);
  const first = rest.kw(0);
  if (first === 'NAMES' || first === 'CHARSET' || rest.has(0, 'CHARACTER', 'SET')) return classified('session', 'SET NAMES');
  if (first === 'PASSWORD') return classified('ddl', 'SET PASSWORD');
  if (rest.has(0, 'DEFAULT', 'ROLE')) return classified('ddl', 'SET DEFAULT ROLE');
  if (first === 'ROLE') return classified('session', 'SET ROLE');
  if (first === 'TRANSACTION' || rest.kw(1) === 'TRANSACTION') return classified('session', 'SET TRANSACTION');
  if (first === 'STATEMENT') {
    const forAt = rest.find('FOR');
    const settings = eachAssignment(assignments(new Words(rest.tokens.slice(1, forAt === -1 ? undefined : forAt))));
    const session = settings.find((setting) => setting.class === 'session');
    if (session || forAt === -1) return session ?? classified('unknown-effect', 'SET STATEMENT');
    return classifyInner(rest.from(forAt + 1));
  }
  return worst(eachAssignment(assignments(rest)));
}

/**
 * The variables a session-safe SET assigns, as the engine resets them afterwards: `@name` for user variables,
 * the lower-cased name for session variables (`SET SESSION a = 1, @b = 2` -> `a`, `@b`).
 */
export function variablesSetBy(sql: string): string[] {
  const words = new Words(tokenize(sql).filter(isSql)).from(1);
  return assignments(words).flatMap((assignment) => {
    const target = assignment.tokens[SCOPES.has(assignment.kw(0)) ? 1 : 0];
    if (target === undefined) return [];
    if (target.kind === 'variable') return [target.text.startsWith('@@') ? target.text.slice(2).split('.').at(-1)!.toLowerCase() : target.text];
    return target.text === '@' ? [] : [target.text.toLowerCase()];
  });
}
