import { describe, expect, it } from 'vitest';
import { checksumOf } from '../../src/checksum.js';
import { grantDatabase, isSystemSchema } from '../../src/db/identifiers.js';
import { batchLimits, BATCH_BYTES } from '../../src/engine/batches.js';
import { verifyApplied } from '../../src/engine/verify.js';
import { resetSql, sessionResets } from '../../src/engine/session-reset.js';
import { serverMessageOf } from '../../src/engine/step-errors.js';
import { SIGNATURE_FORMAT, signatureFormat, signatureSql } from '../../src/ledger/signature-sql.js';
import { lockName, stopLockName } from '../../src/lock/mysql-lock.js';
import { checksumMatches, textChecksumV2 } from '../../src/sql/checksum.js';
import { splitStatements } from '../../src/statements.js';
import { memoryMigrations } from '../support/memory-fs.js';
import { row } from './fixtures.js';

describe('checksums dispatched on their prefix', () => {
  const text = 'CREATE TABLE a (id int);\nDROP TABLE b;\n';
  const acknowledged = 'CREATE TABLE a (id int);\n-- migrate-core: allow-data-loss\nDROP TABLE b;\n';

  it('verifies sha256v2: over the canonical form: directive lines, layout and line ends never count, literals do', () => {
    const stored = textChecksumV2(text);
    expect(stored).toMatch(/^sha256v2:[0-9a-f]{64}$/);
    for (const same of [acknowledged, text.replace(/\n/g, '\r\n'), '  CREATE   TABLE a (id int);\n\nDROP TABLE b;']) expect(checksumMatches(stored, same)).toBe(true);
    expect(checksumMatches(stored, text.replace('a (id int)', 'a (id bigint)'))).toBe(false);
  });

  it('verifies sha256: as the first version recorded it, with or without directive lines added since', () => {
    expect(checksumMatches(checksumOf(text), text)).toBe(true);
    expect(checksumMatches(checksumOf(text), acknowledged)).toBe(true);
    expect(checksumMatches(checksumOf(text), text.replace('DROP', 'drop'))).toBe(false);
  });

  it('a listed migration verifies a ledger row in the first format, computed only for such a row', async () => {
    const id = '20260101000000_first';
    const folder = memoryMigrations();
    folder.add(id, acknowledged, 'SELECT 1;');
    const [file] = await folder.source.list();
    expect(file!.checksum).toBe(textChecksumV2(acknowledged));
    expect(file!.matchesLegacy?.(checksumOf(text))).toBe(true);
    expect(file!.matchesLegacy?.(checksumOf(acknowledged))).toBe(true);
    expect(file!.matchesLegacy?.(checksumOf(text.replace('DROP', 'drop')))).toBe(false);
    expect(file!.matchesLegacy?.(textChecksumV2(text))).toBe(false);
    expect(verifyApplied([file!], [row(id, 1, { checksum: checksumOf(text) })])).toEqual([]);
    expect(verifyApplied([file!], [row(id, 1, { checksum: checksumOf('DROP TABLE a;') })]).map((issue) => issue.code)).toEqual(['CHECKSUM_MISMATCH']);
  });

  it('refuses a checksum in a format it does not know, saying a newer version wrote it', () => {
    expect(() => checksumMatches('sha512:abc', text, 'up.sql')).toThrow(/up\.sql: the stored checksum `sha512:abc` is in a format this version does not know/);
  });
});

describe('server messages about a statement', () => {
  const [statement] = splitStatements('\n\nSELECT\n  1 +;');
  const error = (message: string) => ({ code: 'ER_PARSE_ERROR', errno: 1064, sqlMessage: message });

  it('stop quoting where the statement ends (not the engine\'s ledger write after it), and give the file\'s line', () => {
    const near = "You have an error in your SQL syntax; check the manual that corresponds to your MariaDB server version for the right syntax to use near ';\nUPDATE `db`.`_migrate_core_ledger` SET x' at line 2";
    expect(serverMessageOf(error(near), statement!)).toBe('ER_PARSE_ERROR (1064): You have an error in your SQL syntax; check the manual that corresponds to your MariaDB server version for the right syntax to use at the end of the statement at line 4');
    const inside = "... to use near '+\n;\nUPDATE `db`.`_migrate_core_ledger`' at line 2";
    expect(serverMessageOf(error(inside), statement!)).toBe("ER_PARSE_ERROR (1064): ... to use near '+' at line 4");
    expect(serverMessageOf(error(inside), statement!, 'up.sql')).toBe("ER_PARSE_ERROR (1064): ... to use near '+' at up.sql:4");
  });
});

describe('names', () => {
  it('folds the lock name when the server compares names without case, and only then', () => {
    expect(lockName('Rel_Case', '_migrate_core_ledger')).toBe('migrate-core:Rel_Case._migrate_core_ledger');
    expect(lockName('Rel_Case', '_migrate_core_ledger', { lowerCase: true })).toBe(lockName('REL_CASE', '_MIGRATE_CORE_LEDGER', { lowerCase: true }));
    expect(lockName('a'.repeat(64), 'ledger')).toHaveLength(64);
    expect(stopLockName(42)).toBe('migrate-core:stop:42');
  });

  it('escapes the wildcards of a GRANT\'s database part', () => {
    expect(grantDatabase('first_db')).toBe('`first\\_db`');
    expect(grantDatabase('a%b')).toBe('`a\\%b`');
  });

  it('knows the server\'s own schemas, in any case', () => {
    expect(['mysql', 'INFORMATION_SCHEMA', 'performance_schema', 'sys'].every(isSystemSchema)).toBe(true);
    expect(isSystemSchema('mysql_app')).toBe(false);
  });
});

describe('round trips', () => {
  it('are filled up to the default cap, or the server\'s max_allowed_packet when lower; one may carry up to that packet', () => {
    expect(batchLimits(undefined)).toEqual({ batch: BATCH_BYTES, packet: BATCH_BYTES });
    expect(batchLimits(64 * 1024 * 1024)).toEqual({ batch: BATCH_BYTES, packet: 64 * 1024 * 1024 - 1024 });
    expect(batchLimits(256 * 1024)).toEqual({ batch: 256 * 1024 - 1024, packet: 256 * 1024 - 1024 });
  });
});

describe('session variables a migration sets', () => {
  it('are the ones its session-safe SETs assign, user variables included, each reset to its default', () => {
    const statements = splitStatements("SET foreign_key_checks = 0, @x = 1;\nSET SESSION sql_mode = '';\nSET @@session.last_insert_id = 5;\nSET foreign_key_checks = 1;\nINSERT INTO t VALUES (1);");
    const variables = sessionResets(statements);
    expect(variables).toEqual(['foreign_key_checks', '@x', 'sql_mode', 'last_insert_id']);
    expect(resetSql(variables)).toBe('SET SESSION foreign_key_checks = DEFAULT, @x = NULL, SESSION sql_mode = DEFAULT, SESSION last_insert_id = 0');
  });
});

describe('signatures of schema objects', () => {
  /** Columns of information_schema that MySQL 8.0 and MariaDB 10.6 both have, by table (their manuals). */
  const PORTABLE: Record<string, readonly string[]> = {
    TABLES: ['TABLE_SCHEMA', 'TABLE_NAME', 'TABLE_TYPE', 'ENGINE', 'TABLE_COLLATION', 'CREATE_OPTIONS', 'TABLE_COMMENT'],
    COLUMNS: ['TABLE_SCHEMA', 'TABLE_NAME', 'COLUMN_NAME', 'ORDINAL_POSITION', 'COLUMN_DEFAULT', 'IS_NULLABLE', 'COLUMN_TYPE', 'COLLATION_NAME', 'EXTRA', 'COLUMN_COMMENT', 'GENERATION_EXPRESSION'],
    STATISTICS: ['TABLE_SCHEMA', 'TABLE_NAME', 'INDEX_NAME', 'SEQ_IN_INDEX', 'COLUMN_NAME', 'NON_UNIQUE', 'SUB_PART', 'INDEX_TYPE', 'COLLATION'],
    TABLE_CONSTRAINTS: ['TABLE_SCHEMA', 'TABLE_NAME', 'CONSTRAINT_NAME', 'CONSTRAINT_TYPE'],
    PARTITIONS: ['TABLE_SCHEMA', 'TABLE_NAME', 'PARTITION_NAME', 'SUBPARTITION_NAME', 'PARTITION_ORDINAL_POSITION', 'SUBPARTITION_ORDINAL_POSITION',
      'PARTITION_METHOD', 'SUBPARTITION_METHOD', 'PARTITION_EXPRESSION', 'SUBPARTITION_EXPRESSION', 'PARTITION_DESCRIPTION', 'PARTITION_COMMENT', 'NODEGROUP', 'TABLESPACE_NAME'],
    VIEWS: ['TABLE_SCHEMA', 'TABLE_NAME', 'VIEW_DEFINITION', 'CHECK_OPTION', 'IS_UPDATABLE', 'DEFINER', 'SECURITY_TYPE'],
    TRIGGERS: ['TRIGGER_SCHEMA', 'TRIGGER_NAME', 'EVENT_MANIPULATION', 'EVENT_OBJECT_TABLE', 'ACTION_ORDER', 'ACTION_STATEMENT', 'ACTION_TIMING', 'CREATED', 'DEFINER'],
    ROUTINES: ['ROUTINE_SCHEMA', 'ROUTINE_NAME', 'ROUTINE_TYPE', 'ROUTINE_DEFINITION', 'DTD_IDENTIFIER', 'IS_DETERMINISTIC', 'SQL_DATA_ACCESS', 'SECURITY_TYPE', 'CREATED', 'LAST_ALTERED', 'ROUTINE_COMMENT', 'DEFINER'],
    EVENTS: ['EVENT_SCHEMA', 'EVENT_NAME', 'EVENT_DEFINITION', 'EVENT_TYPE', 'EXECUTE_AT', 'INTERVAL_VALUE', 'INTERVAL_FIELD', 'STATUS', 'ON_COMPLETION', 'CREATED', 'LAST_ALTERED', 'EVENT_COMMENT', 'DEFINER'],
    SCHEMATA: ['SCHEMA_NAME', 'DEFAULT_CHARACTER_SET_NAME', 'DEFAULT_COLLATION_NAME'],
  };

  it('read only columns both servers have, each object by equality on its schema and name', () => {
    const all = signatureSql('shop', [
      { kind: 'table', name: 't' }, { kind: 'view', schema: 'other', name: 'v' }, { kind: 'trigger', name: 'tr' },
      { kind: 'procedure', name: 'p' }, { kind: 'function', name: 'f' }, { kind: 'event', name: 'e' }, { kind: 'database', name: '' },
    ]);
    const parts = [...all.sql.matchAll(/JSON_ARRAY\(([^)]*)\), 256\) AS `h` FROM information_schema\.`(\w+)` WHERE ([^)]*)\)/g)];
    expect(parts.map((part) => part[2])).toEqual(['TABLES', 'COLUMNS', 'STATISTICS', 'TABLE_CONSTRAINTS', 'PARTITIONS', 'TABLES', 'COLUMNS', 'VIEWS', 'TRIGGERS', 'ROUTINES', 'ROUTINES', 'EVENTS', 'SCHEMATA']);
    for (const [, columns, table, where] of parts) {
      const used = [...columns!.split(', '), ...(where!.match(/`\w+` =/g) ?? []).map((c) => c.slice(0, -2))].map((c) => c.replace(/`/g, ''));
      for (const column of used) expect(PORTABLE[table!], `${table}.${column}`).toContain(column);
    }
    const whole = signatureSql('shop', [{ kind: 'table', name: 't' }, { kind: 'procedure', name: 'p' }], { wholeObjects: true });
    for (const [, columns, table, where] of whole.sql.matchAll(/JSON_ARRAY\(([^)]*)\), 256\) AS `h` FROM information_schema\.`(\w+)` WHERE ([^)]*)\)/g)) {
      const used = [...columns!.split(', '), ...(where!.match(/`\w+` =/g) ?? []).map((c) => c.slice(0, -2))].map((c) => c.replace(/`/g, ''));
      for (const column of used) expect(PORTABLE[table!], `${table}.${column}`).toContain(column);
    }
    // Existence reads no COLUMNS: that table costs the server a temporary table on disk.
    expect(whole.sql).not.toContain('`COLUMNS`');
    expect(all.values).toEqual(['shop', 't', 'shop', 't', 'shop', 't', 'shop', 't', 'shop', 't', 'other', 'v', 'other', 'v', 'other', 'v', 'shop', 'tr', 'shop', 'p', 'shop', 'f', 'shop', 'e', 'shop']);
    expect(all.sql.startsWith("CONCAT('v2:', SHA2(CONCAT_WS('|', ")).toBe(true);
  });

  it('are computed in the format they were recorded in: format 1, a bare hex, reads no partitions', () => {
    const table = [{ kind: 'table', name: 't' }] as const;
    const first = signatureSql('shop', table, { format: 1 });
    expect(first.sql.startsWith("SHA2(CONCAT_WS('|', ")).toBe(true);
    expect(first.sql).not.toContain('`PARTITIONS`');
    expect(first.values).toEqual(['shop', 't', 'shop', 't', 'shop', 't', 'shop', 't']);
    expect(signatureSql('shop', table, { format: 2 })).toEqual(signatureSql('shop', table));
    expect([SIGNATURE_FORMAT, signatureFormat('v2:ab12'), signatureFormat('0f'.repeat(32)), signatureFormat('v3:ab12')]).toEqual([2, 2, 1, undefined]);
  });
});
