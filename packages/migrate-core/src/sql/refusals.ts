import { excerpt } from '../errors.js';
import { SESSION_SAFE_VARIABLES } from './classify-set.js';
import { factsOf, type ScanItem, type StatementFacts } from './model.js';

/** A statement refused before anything runs: where it is, what it is, and what to do instead. */
export interface Refusal {
  readonly file: string;
  readonly line: number;
  readonly index: number;
  readonly keyword: string;
  readonly excerpt: string;
  readonly message: string;
  readonly hint: string;
}

const OWN_DATABASE = 'a migration runs in its service\'s own database; to change another database, give that database its own service';
const GLOBAL_LOCK = "a global read lock blocks the engine's own ledger writes; take backups outside migrations";

/** Why each refused kind of statement breaks the engine, and what to write instead. */
const HINTS: Readonly<Record<string, (s: StatementFacts) => string>> = {
  'USE': (s) => `remove \`USE ${s.subject ?? ''}\`: ${OWN_DATABASE}`,
  'CREATE DATABASE': (s) => `remove \`CREATE DATABASE ${s.subject ?? ''}\`: ${OWN_DATABASE}`,
  'DROP DATABASE': (s) => `remove \`DROP DATABASE ${s.subject ?? ''}\`: ${OWN_DATABASE}`,
  'ALTER DATABASE': (s) => `remove \`ALTER DATABASE ${s.subject ?? ''}\`: ${OWN_DATABASE} (ALTER DATABASE without a name alters this one)`,
  'SET autocommit': () => 'remove it: the engine commits each statement with its progress itself; to make statements atomic, put them between START TRANSACTION and COMMIT',
  'SET TRANSACTION': () => "remove it: it changes the isolation or access mode of the engine's own ledger transactions",
  'SET completion_type': () => 'remove it: it changes what COMMIT does, for the engine\'s own transactions too',
  'SET NAMES': () => "remove it: the engine's connection is utf8mb4 and its ledger writes rely on it (mysqldump writes these lines: delete them)",
  'SET sql_log_bin': () => 'remove it: statements left out of the binary log leave replicas without this migration and without its ledger row',
  'SET GLOBAL': (s) => `remove it: server settings belong in the server's configuration; for this migration only, write \`SET SESSION ${s.subject ?? ''} = ...\` if the engine resets it (${SESSION_SAFE_VARIABLES.slice(0, 4).join(', ')}, ...)`,
  'SET ROLE': () => "remove it: it changes the privileges of the engine's own session",
  'LOCK TABLES': () => "remove it and its UNLOCK TABLES: LOCK TABLES commits the engine's transaction and blocks its ledger writes; the engine already holds the migration lock, and SELECT ... FOR UPDATE inside START TRANSACTION ... COMMIT locks rows",
  'UNLOCK TABLES': () => "remove it and its LOCK TABLES: the engine's migration lock already keeps other migrations out",
  'FLUSH TABLES WITH READ LOCK': () => `remove it: ${GLOBAL_LOCK}`,
  'LOCK INSTANCE': () => `remove it: ${GLOBAL_LOCK}`,
  'UNLOCK INSTANCE': () => `remove it: ${GLOBAL_LOCK}`,
  'BACKUP STAGE': () => `remove it: ${GLOBAL_LOCK}`,
  'XA': () => "remove it: an XA transaction cannot share the session with the engine's ledger writes; use START TRANSACTION ... COMMIT",
  'COMMIT AND CHAIN': () => "write COMMIT alone: AND CHAIN leaves a transaction open around the engine's ledger writes",
  'ROLLBACK AND CHAIN': () => "write ROLLBACK alone: AND CHAIN leaves a transaction open around the engine's ledger writes",
  'COMMIT RELEASE': () => "write COMMIT alone: RELEASE closes the engine's connection",
  'ROLLBACK RELEASE': () => "write ROLLBACK alone: RELEASE closes the engine's connection",
  'KILL': () => "remove it: a migration must not end connections, the engine's own among them",
  'SHUTDOWN': () => 'remove it: a migration must not stop the server',
  'RESTART': () => 'remove it: a migration must not restart the server',
  'RELEASE_LOCK': (s) => `remove ${s.subject ?? 'it'}(): it can release the engine's migration lock while the migration runs`,
};

/** A session variable the engine does not know how to reset. */
const unknownVariable = (s: StatementFacts) =>
  `remove \`SET ${s.subject ?? ''}\`: the engine cannot reset it after the migration; it resets ${SESSION_SAFE_VARIABLES.join(', ')}`;

/**
 * The statements refused before anything runs (class `session`), each with its file, line, an excerpt and a
 * hint. `check` and `migrate` both call this; a non-empty result means nothing of the file may run.
 */
export function refusals(items: readonly (ScanItem | StatementFacts)[], context: { readonly file: string }): Refusal[] {
  return factsOf(items).filter((s) => s.class === 'session').map((s) => {
    const hint = (HINTS[s.keyword] ?? unknownVariable)(s);
    return {
      file: context.file, line: s.line, index: s.index, keyword: s.keyword, excerpt: excerpt(s.sql, 120),
      message: `${context.file}:${s.line}: statement ${s.index} (${s.keyword}) would change the engine's own session; nothing of this file runs`,
      hint,
    };
  });
}
