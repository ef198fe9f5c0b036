import { classifyObjectStatement } from './classify-ddl.js';
import { classifySet } from './classify-set.js';
import { isName } from './reader.js';
import type { Token } from './tokens.js';
import { classified, nameOf, qualifiedNameAt, Words, type Classification, type ClassifyOptions } from './words.js';

/** What the scanner hands over: the statement's first SQL tokens (executable comments that run, expanded). */
export interface StatementTokens {
  readonly tokens: readonly Token[];
  /** Words of the whole statement that matter wherever they stand (see MENTIONED). */
  readonly mentions: ReadonlySet<string>;
}

/** Functions that release named locks: one of them may be the engine's migration lock (GET_LOCK). */
export const MENTIONED: ReadonlySet<string> = new Set(['RELEASE_LOCK', 'RELEASE_ALL_LOCKS']);

type Rule = (words: Words, options: ClassifyOptions) => Classification;

const data = (keyword: string): Rule => () => classified('data', keyword);
const ddl = (keyword: string): Rule => () => classified('ddl', keyword);
const session = (keyword: string): Rule => () => classified('session', keyword);
const unknown = (keyword: string): Rule => () => classified('unknown-effect', keyword);

/** COMMIT/ROLLBACK AND CHAIN leaves a transaction open around the engine's writes; RELEASE ends its connection. */
const endTransaction: Rule = (words) => {
  const verb = words.kw(0);
  if (verb === 'ROLLBACK' && words.find('TO') !== -1) return classified('transaction', 'ROLLBACK TO SAVEPOINT');
  for (let i = 1; i < words.length; i++) {
    if ((words.kw(i) === 'CHAIN' || words.kw(i) === 'RELEASE') && words.kw(i - 1) !== 'NO') return classified('session', `${verb} ${words.kw(i) === 'CHAIN' ? 'AND CHAIN' : 'RELEASE'}`);
  }
  return classified('transaction', verb);
};

/**
 * The first keyword decides, as in the server's grammar. Read-only statements (SELECT, SHOW, DO...) are `data`:
 * harmless inside the transaction a data statement runs in. The compound statements MariaDB runs outside
 * stored programs (BEGIN NOT ATOMIC, IF, CASE, LOOP, REPEAT, WHILE) have an unknown effect, like CALL: what they
 * did cannot be told after an interruption. MariaDB-only spellings (those, SET STATEMENT, EXECUTE IMMEDIATE,
 * BACKUP STAGE, max_statement_time) get the same class on MySQL, whose server rejects them: what differs
 * between the two servers is which executable comments are code, and the lexer decides that from the flavor.
 */
const RULES: Readonly<Record<string, Rule>> = {
  SELECT: data('SELECT'), WITH: data('WITH'), VALUES: data('VALUES'), TABLE: data('TABLE'), DO: data('DO'),
  INSERT: data('INSERT'), UPDATE: data('UPDATE'), DELETE: data('DELETE'), REPLACE: data('REPLACE'),
  LOAD: (w) => (w.kw(1) === 'DATA' || w.kw(1) === 'XML' ? classified('data', `LOAD ${w.kw(1)}`) : classified('ddl', 'LOAD INDEX INTO CACHE')),
  SHOW: data('SHOW'), DESCRIBE: data('DESCRIBE'), DESC: data('DESCRIBE'), EXPLAIN: data('EXPLAIN'), HELP: data('HELP'),
  CHECKSUM: data('CHECKSUM TABLE'),
  // SIGNAL and RESIGNAL only raise an error, GET DIAGNOSTICS only reads one: they change nothing, so running one
  // again after an interruption is safe, as for a read.
  SIGNAL: data('SIGNAL'), RESIGNAL: data('RESIGNAL'), GET: data('GET DIAGNOSTICS'),
  CREATE: classifyObjectStatement, ALTER: classifyObjectStatement, DROP: classifyObjectStatement,
  RENAME: (w) => classified('ddl', w.kw(1) === 'USER' ? 'RENAME USER' : 'RENAME TABLE'),
  TRUNCATE: ddl('TRUNCATE TABLE'), GRANT: ddl('GRANT'), REVOKE: ddl('REVOKE'),
  // Administrative statements commit implicitly too.
  ANALYZE: ddl('ANALYZE TABLE'), OPTIMIZE: ddl('OPTIMIZE TABLE'), REPAIR: ddl('REPAIR TABLE'), CHECK: ddl('CHECK TABLE'),
  CACHE: ddl('CACHE INDEX'), RESET: ddl('RESET'), INSTALL: ddl('INSTALL'), UNINSTALL: ddl('UNINSTALL'), IMPORT: ddl('IMPORT TABLE'),
  // A global read lock or FOR EXPORT holds locks that block the engine's ledger writes until UNLOCK TABLES.
  FLUSH: (w) => (w.find('LOCK') !== -1 || w.find('EXPORT') !== -1 ? classified('session', 'FLUSH TABLES WITH READ LOCK') : classified('ddl', 'FLUSH')),
  USE: (w) => classified('session', 'USE', nameOf(w.tokens[1])),
  LOCK: (w) => classified('session', w.kw(1) === 'INSTANCE' ? 'LOCK INSTANCE' : 'LOCK TABLES'),
  UNLOCK: (w) => classified('session', w.kw(1) === 'INSTANCE' ? 'UNLOCK INSTANCE' : 'UNLOCK TABLES'),
  BACKUP: session('BACKUP STAGE'), XA: session('XA'), KILL: session('KILL'), SHUTDOWN: session('SHUTDOWN'), RESTART: session('RESTART'),
  SET: (w, options) => classifySet(w, (inner) => classifyWords(inner, options)),
  START: (w) => (w.kw(1) === 'TRANSACTION' ? classified('transaction', 'START TRANSACTION') : classified('unknown-effect', `START ${w.kw(1)}`)),
  BEGIN: (w) => (w.has(1, 'NOT', 'ATOMIC') ? classified('unknown-effect', 'BEGIN NOT ATOMIC') : classified('transaction', 'BEGIN')),
  COMMIT: endTransaction, ROLLBACK: endTransaction,
  SAVEPOINT: () => classified('transaction', 'SAVEPOINT'),
  RELEASE: (w) => (w.kw(1) === 'SAVEPOINT' ? classified('transaction', 'RELEASE SAVEPOINT') : classified('unknown-effect', 'RELEASE')),
  CALL: (w) => classified('unknown-effect', 'CALL', qualifiedNameAt(w, 1)),
  EXECUTE: unknown('EXECUTE'), PREPARE: unknown('PREPARE'), DEALLOCATE: unknown('DEALLOCATE PREPARE'), HANDLER: unknown('HANDLER'),
  IF: unknown('compound statement'), CASE: unknown('compound statement'), LOOP: unknown('compound statement'),
  REPEAT: unknown('compound statement'), WHILE: unknown('compound statement'),
};

function classifyWords(words: Words, options: ClassifyOptions): Classification {
  if (words.length === 0) return classified('noop', '');
  if (words.text(0) === '(') return classified('data', 'SELECT');
  if (isName(words.tokens[0]) && words.text(1) === ':') return classified('unknown-effect', 'compound statement');
  const rule = RULES[words.kw(0)];
  return rule ? rule(words, options) : classified('unknown-effect', words.kw(0) || words.text(0));
}

/** The class of a statement. A statement that only runs, reads or writes data may still release a lock. */
export function classify(statement: StatementTokens, options: ClassifyOptions = {}): Classification {
  const result = classifyWords(new Words(statement.tokens), options);
  const releases = [...MENTIONED].find((word) => statement.mentions.has(word));
  if (releases !== undefined && (result.class === 'data' || result.class === 'unknown-effect')) return classified('session', 'RELEASE_LOCK', releases);
  return result;
}

/** Classifies one statement's text on its own (tests, tools); the scanner classifies as it reads. */
export { classifyWords as classifyTokens };
