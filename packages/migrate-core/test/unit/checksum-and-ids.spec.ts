import { describe, expect, it } from 'vitest';
import { checksumOf, checksumOfStatements, prefixChecksums } from '../../src/checksum.js';
import { isMigrationId, newMigrationId, slugify } from '../../src/migration-id.js';

describe('checksumOf', () => {
  it('is sha256, algorithm-prefixed', () => {
    expect(checksumOf('SELECT 1;')).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('does not change with line endings, a BOM or trailing white space', () => {
    const base = checksumOf('CREATE TABLE a (id int);\nSELECT 1;');
    expect(checksumOf('CREATE TABLE a (id int);\r\nSELECT 1;\r\n')).toBe(base);
    expect(checksumOf('\uFEFFCREATE TABLE a (id int);\nSELECT 1;\n\n  ')).toBe(base);
  });

  it('changes with the content', () => {
    expect(checksumOf('SELECT 2;')).not.toBe(checksumOf('SELECT 1;'));
  });

  it('checksums a prefix of statements', () => {
    const statements = [{ sql: 'A' }, { sql: 'B' }, { sql: 'C' }];
    expect(checksumOfStatements(statements, 2)).toBe(checksumOfStatements([{ sql: 'A' }, { sql: 'B' }, { sql: 'X' }], 2));
    expect(checksumOfStatements(statements, 2)).not.toBe(checksumOfStatements(statements, 3));
  });
});

describe('prefixChecksums', () => {
  it('gives the checksum of every prefix, the empty one first', () => {
    const statements = Array.from({ length: 50 }, (_, i) => ({ sql: `INSERT INTO t VALUES (${i})` }));
    const prefixes = prefixChecksums(statements);
    expect(prefixes).toHaveLength(51);
    for (const k of [0, 1, 2, 25, 50]) expect(prefixes[k]).toBe(checksumOfStatements(statements, k));
    expect(new Set(prefixes).size).toBe(51);
  });
});

describe('migration ids', () => {
  it('slugs names, cut at 60 characters on a word boundary', () => {
    expect(slugify('First test created')).toBe('first_test_created');
    expect(slugify('  Añadir   Órdenes!! (v2) ')).toBe('anadir_ordenes_v2');
    const long = slugify('add a very long migration name that goes on and on well past sixty characters for sure');
    expect(long.length).toBeLessThanOrEqual(60);
    expect(long).toBe('add_a_very_long_migration_name_that_goes_on_and_on_well');
  });

  it('makes ids from the UTC time and the slug', () => {
    expect(newMigrationId('First test created', new Date('2026-11-24T19:00:00.400Z'), [])).toBe('20261124190000_first_test_created');
  });

  it('always sorts after the newest existing id, even with a slow clock or within one second', () => {
    const existing = ['20261124190000_first_test_created'];
    expect(newMigrationId('next', new Date('2026-11-24T19:00:00Z'), existing)).toBe('20261124190001_next');
    expect(newMigrationId('next', new Date('2026-01-01T00:00:00Z'), existing)).toBe('20261124190001_next');
    expect(newMigrationId('next', new Date('2026-11-24T18:59:59Z'), ['20261124235959_late'])).toBe('20261125000000_next');
  });

  it('refuses a name without letters or digits', () => {
    expect(() => newMigrationId('!!!', new Date(), [])).toThrow(/empty migration name/);
  });

  it('recognises ids', () => {
    expect(isMigrationId('20261124190000_first_test_created')).toBe(true);
    expect(isMigrationId('0001_init')).toBe(false);
    expect(isMigrationId('20261124190000_Bad-Name')).toBe(false);
  });
});
