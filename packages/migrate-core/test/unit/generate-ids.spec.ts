import { describe, expect, it } from 'vitest';
import { nameOfId } from '../../src/repository/chain.js';
import { DEFAULT_MIGRATION_NAME } from '../../src/generate/generate.js';
import { parseSnapshot } from '../../src/repository/snapshot.js';
import { newMigrationId, slugify } from '../../src/migration-id.js';

describe('migration names and ids from generate', () => {
  it('names a migration made without --name "schema update", and --name "First test created" first_test_created', () => {
    const at = new Date('2026-11-24T19:00:00Z');
    expect(newMigrationId(DEFAULT_MIGRATION_NAME, at, [])).toBe('20261124190000_schema_update');
    expect(newMigrationId('First test created', at, [])).toBe('20261124190000_first_test_created');
    expect(newMigrationId('First test created', at, ['20261124190000_first_test_created'])).toBe('20261124190001_first_test_created');
  });

  it('turns an id back into words for a regenerate hint', () => {
    const id = newMigrationId('Add orders table', new Date('2026-11-24T19:00:00Z'), []);
    expect(nameOfId(id)).toBe('add orders table');
    expect(slugify(nameOfId(id))).toBe('add_orders_table');
  });
});

describe('parseSnapshot', () => {
  it('accepts a drizzle-kit v5 snapshot and says what is wrong with a corrupt one', () => {
    expect(parseSnapshot('{"version":"5","dialect":"mysql","tables":{},"id":"x","prevId":"base"}').prevId).toBe('base');
    expect(() => parseSnapshot('{"tables": ')).toThrow(/^not valid JSON/);
    expect(() => parseSnapshot('[]')).toThrow('not a JSON object');
    expect(() => parseSnapshot('{"version":"5"}')).toThrow('no "tables" object');
    expect(() => parseSnapshot('{"version":"7","tables":{}}')).toThrow(/snapshot version "7"/);
  });
});
