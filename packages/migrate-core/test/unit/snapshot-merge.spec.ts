import { describe, expect, it } from 'vitest';
import { mergeSnapshots } from '../../src/repository/merge.js';

const column = (type: string) => ({ type, notNull: false });
const base = { tables: { users: { columns: { id: column('int') } } }, views: {} };

describe('merging two snapshots made from one parent', () => {
  it('keeps both changes when they touch different tables or different columns', () => {
    const ours = { tables: { users: { columns: { id: column('int'), email: column('text') } } }, views: {} };
    const theirs = { tables: { users: { columns: { id: column('int'), phone: column('text') } }, orders: { columns: { id: column('int') } } }, views: {} };
    const merged = mergeSnapshots(base, ours, theirs, ['tables', 'views']);
    expect(merged).toEqual({ ok: true, merged: {
      tables: { users: { columns: { id: column('int'), email: column('text'), phone: column('text') } }, orders: { columns: { id: column('int') } } },
      views: {},
    } });
  });

  it('keeps a removal on one side when the other did not touch it', () => {
    const ours = { tables: {}, views: {} };
    const theirs = { tables: { users: { columns: { id: column('int') } }, orders: { columns: {} } }, views: {} };
    expect(mergeSnapshots(base, ours, theirs, ['tables'])).toEqual({ ok: true, merged: { tables: { orders: { columns: {} } } } });
  });

  it('names every place both changed differently', () => {
    const ours = { tables: { users: { columns: { id: column('bigint') } } } };
    const theirs = { tables: { users: { columns: { id: column('varchar(20)') } } } };
    expect(mergeSnapshots(base, ours, theirs, ['tables'])).toEqual({ ok: false, conflicts: [{ path: 'tables.users.columns.id.type' }] });
  });
});
