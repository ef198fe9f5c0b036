import { describe, expect, it } from 'vitest';
import { diffSchemas } from '../../src/schema/canonical/compare.js';
import { difference, EXISTS } from '../../src/schema/canonical/difference.js';
import type { DriftReport } from '../../src/drift/drift.js';
import { schemaFromSnapshot } from '../../src/schema/canonical/from-snapshot.js';
import { renderDrift } from '../../src/drift/render.js';
import type { CanonicalSchema, CanonicalTable } from '../../src/schema/canonical/model.js';

const col = (name: string, type: string, extra: Record<string, unknown> = {}) =>
  ({ name, type, primaryKey: false, notNull: false, autoincrement: false, ...extra });

/** A drizzle-kit 0.31 snapshot, as generateMySQLDrizzleJson writes it. */
const SNAPSHOT = {
  version: '5', dialect: 'mysql', views: {}, _meta: { tables: {}, columns: {} },
  tables: {
    users: {
      name: 'users',
      columns: {
        id: col('id', 'int', { notNull: true, autoincrement: true }),
        email: col('email', 'varchar(255)', { notNull: true }),
        active: col('active', 'boolean', { notNull: true, default: true }),
        created: col('created', 'timestamp', { notNull: true, default: '(now())' }),
        ser: col('ser', 'serial', { autoincrement: true }),
      },
      indexes: { users_active_idx: { name: 'users_active_idx', columns: ['active', 'created'], isUnique: false } },
      foreignKeys: {},
      compositePrimaryKeys: { users_id: { name: 'users_id', columns: ['id'] } },
      uniqueConstraints: { users_email_unique: { name: 'users_email_unique', columns: ['email'] } },
      checkConstraint: {},
    },
    orders: {
      name: 'orders',
      columns: { user_id: col('user_id', 'int', { notNull: true }), line: col('line', 'int') },
      indexes: {},
      foreignKeys: { orders_user_fk: { name: 'orders_user_fk', tableFrom: 'orders', tableTo: 'users', columnsFrom: ['user_id'], columnsTo: ['id'], onDelete: 'cascade', onUpdate: 'no action' } },
      compositePrimaryKeys: { orders_pk: { name: 'orders_pk', columns: ['user_id', 'line'] } },
      uniqueConstraints: {},
      checkConstraint: { orders_line_check: { name: 'orders_line_check', value: '`orders`.`line` > 0' } },
    },
  },
};

function alter(schema: CanonicalSchema, table: string, change: (t: CanonicalTable) => CanonicalTable): CanonicalSchema {
  return { ...schema, tables: schema.tables.map((t) => (t.name === table ? change(t) : t)) };
}

describe('schemaFromSnapshot', () => {
  const schema = schemaFromSnapshot(SNAPSHOT);
  const users = schema.tables.find((t) => t.name === 'users')!;
  const orders = schema.tables.find((t) => t.name === 'orders')!;

  it('reads keys, unique constraints as unique indexes, and SERIAL as what the server makes of it', () => {
    expect(users.primaryKey).toEqual(['id']);
    expect(users.indexes.map((i) => [i.name, i.unique, i.implicit])).toEqual([
      ['ser', true, 'serial'], ['users_active_idx', false, undefined], ['users_email_unique', true, undefined],
    ]);
    expect(users.columns.find((c) => c.name === 'ser')).toMatchObject({ type: 'bigint unsigned', notNull: true, autoIncrement: true });
    expect(orders.columns.find((c) => c.name === 'line')).toMatchObject({ notNull: true });
    expect(orders.checks).toEqual([{ name: 'orders_line_check', sql: '`orders`.`line` > 0', normalized: 'line>0' }]);
  });
});

describe('diffSchemas', () => {
  const expected = schemaFromSnapshot(SNAPSHOT);

  it('finds nothing between a schema and itself', () => {
    expect(diffSchemas(expected, expected)).toEqual([]);
  });

  it('reports added, changed and missing things, one readable line each', () => {
    let actual = alter(expected, 'users', (t) => ({
      ...t,
      columns: [...t.columns.map((c) => (c.name === 'email' ? { ...c, type: 'varchar(320)', notNull: false } : c)),
        { name: 'note', type: 'text', notNull: false, default: null, autoIncrement: false, onUpdateNow: false, generated: null }],
      indexes: t.indexes.filter((i) => i.name !== 'users_active_idx'),
    }));
    actual = alter(actual, 'orders', (t) => ({ ...t, primaryKey: ['user_id'], foreignKeys: t.foreignKeys.map((fk) => ({ ...fk, onDelete: 'set null' as const })) }));
    actual = { ...actual, tables: [...actual.tables, { name: 'audit', columns: [], primaryKey: null, indexes: [], foreignKeys: [], checks: [] }] };
    expect(diffSchemas(expected, actual).map((d) => d.message)).toEqual([
      '+ table audit (in database, not in migrations)',
      '~ primary key orders: (user_id, line) in migrations, (user_id) in database',
      '~ foreign key orders.orders_user_fk: (user_id) -> users(id) ON DELETE cascade ON UPDATE no action in migrations, (user_id) -> users(id) ON DELETE set null ON UPDATE no action in database',
      '~ column users.email: varchar(255) NOT NULL in migrations, varchar(320) NULL in database',
      '+ column users.note text NULL (in database, not in migrations)',
      '- index users.users_active_idx (active, created) (in migrations, not in database)',
    ]);
    expect(diffSchemas(expected, actual)[3]).toEqual({
      code: 'DRIFT', severity: 'error', kind: 'column', table: 'users', name: 'email', expected: 'varchar(255) NOT NULL', actual: 'varchar(320) NULL',
      message: '~ column users.email: varchar(255) NOT NULL in migrations, varchar(320) NULL in database',
    });
  });

  it('treats NO ACTION as RESTRICT and ignores indexes the server makes', () => {
    const actual = alter(expected, 'orders', (t) => ({
      ...t,
      foreignKeys: t.foreignKeys.map((fk) => ({ ...fk, onUpdate: 'restrict' as const })),
      indexes: [{ name: 'orders_user_fk', columns: ['user_id'], unique: false, kind: 'btree' as const, implicit: 'foreign-key' as const }],
    }));
    const withoutSerialKey = alter(actual, 'users', (t) => ({ ...t, indexes: t.indexes.filter((i) => i.name !== 'ser') }));
    expect(diffSchemas(expected, withoutSerialKey)).toEqual([]);
  });
});

describe('renderDrift', () => {
  const report = (over: Partial<DriftReport>): DriftReport => ({
    database: 'first', against: '20260101000000_init', inSync: true, reliable: true, differences: [], warnings: [], notes: [],
    introspectionMs: 3, serverVersion: '10.11', ...over,
  });

  it('says in sync in one line', () => {
    expect(renderDrift('first', report({}))).toEqual(['first: database `first` is in sync with its migrations (compared with 20260101000000_init).']);
  });

  it('lists differences and the next step', () => {
    const lines = renderDrift('first', report({ inSync: false, differences: [difference('table', 'x', undefined, undefined, EXISTS)] }));
    expect(lines[0]).toBe('first: database `first` has drifted from its migrations (compared with 20260101000000_init):');
    expect(lines).toContain('  ✗ [DRIFT] + table x (in database, not in migrations)');
    expect(lines.slice(-2)).toEqual([
      '  next: to keep a change, put it in src/schema.ts (or src/objects/), run `migrate-core generate --name "<what changed>"`, then `migrate-core stamp <its id>` on this database (it has the change already) and migrate the others;',
      '        to drop a change, undo it in the database. Then run `migrate-core drift` again.',
    ]);
  });

  it('points at adoption when no migration is applied yet', () => {
    const lines = renderDrift('first', report({ against: null, inSync: false, differences: [difference('table', 'x', undefined, undefined, EXISTS)] }));
    expect(lines.at(-1)).toContain('`migrate-core generate --from-database --name baseline`');
  });

  it('says why the comparison cannot be trusted', () => {
    const lines = renderDrift('first', report({ inSync: false, reliable: false, warnings: ['drift is unreliable: 2026_x failed'] }));
    expect(lines).toEqual(['warning: drift is unreliable: 2026_x failed',
      'first: no difference found in database `first` (compared with 20260101000000_init), but the comparison is unreliable: see the warnings above.']);
  });
});
