import { ends } from './reader.js';
import { objectWord } from './routine.js';
import { keywordOf } from './tokens.js';
import { classified, nameOf, type Classification, type ClassifyOptions, type Words } from './words.js';

/**
 * Objects whose CREATE/ALTER/DROP commits implicitly (MySQL and MariaDB manuals, "Statements That Cause an
 * Implicit Commit"). A routine's CREATE is DDL even though its body is compound: creating it runs nothing.
 */
const DDL_OBJECTS = new Set(['TABLE', 'INDEX', 'VIEW', 'PROCEDURE', 'FUNCTION', 'TRIGGER', 'EVENT', 'SEQUENCE',
  'USER', 'ROLE', 'SERVER', 'TABLESPACE', 'LOGFILE', 'PACKAGE', 'RESOURCE', 'INSTANCE', 'SPATIAL']);

/** CREATE UNIQUE INDEX, CREATE ONLINE INDEX (MariaDB), ALTER ONLINE TABLE, ALTER IGNORE TABLE (old MySQL). */
const BEFORE_OBJECT = new Set(['UNIQUE', 'FULLTEXT', 'ONLINE', 'OFFLINE', 'IGNORE']);

/** Words that can follow ALTER DATABASE in place of a name: it then alters the current database. */
const ALTER_DATABASE_OPTIONS = new Set(['DEFAULT', 'CHARACTER', 'CHARSET', 'COLLATE', 'COMMENT', 'READ', 'ENCRYPTION', 'UPGRADE']);

/**
 * CREATE / ALTER / DROP. DDL, except:
 * - DATABASE/SCHEMA: CREATE and DROP always break the engine's session (the service's own database holds the
 *   ledger; any other belongs to another service); ALTER of the own (or current) database is DDL.
 * - CREATE/DROP TEMPORARY TABLE: DDL that does not commit (the keyword says TEMPORARY so units can tell).
 * - DROP PREPARE: MariaDB's DEALLOCATE PREPARE.
 * - an object we do not know: unknown effect.
 */
export function classifyObjectStatement(words: Words, options: ClassifyOptions): Classification {
  const verb = words.kw(0);
  const reader = words.reader(1);
  let object = objectWord(reader);
  if (object === 'TEMPORARY') return classified('ddl', `${verb} TEMPORARY TABLE`);
  if (object === 'SPATIAL' && keywordOf(reader.peek()) === 'INDEX') object = 'INDEX';
  while (object !== undefined && BEFORE_OBJECT.has(object)) object = keywordOf(reader.next()) || undefined;
  if (object === 'DATABASE' || object === 'SCHEMA') {
    if (reader.accept('IF')) {
      reader.accept('NOT');
      reader.accept('EXISTS');
    }
    const next = reader.peek();
    const named = !ends(next) && !ALTER_DATABASE_OPTIONS.has(keywordOf(next));
    const name = named ? nameOf(next) : undefined;
    if (verb === 'ALTER' && (name === undefined || name === options.database)) return classified('ddl', 'ALTER DATABASE', name);
    return classified('session', `${verb} DATABASE`, name);
  }
  if (verb === 'DROP' && object === 'PREPARE') return classified('unknown-effect', 'DEALLOCATE PREPARE');
  if (object !== undefined && DDL_OBJECTS.has(object)) return classified('ddl', `${verb} ${object}`);
  return classified('unknown-effect', `${verb} ${object ?? ''}`.trim());
}
