import { describe, expect, it } from 'vitest';
import { describeDroppedForeignKey, filterTables, type TableInfo } from '../../src/schema/filter.js';

type Ref = { id: string };
const ref = (id: string): Ref => ({ id });

function info(r: Ref, name: string, schema?: string, foreignKeys: TableInfo<Ref>['foreignKeys'] = []): TableInfo<Ref> {
  return { ref: r, exportName: name, name, schema, foreignKeys };
}

describe('filterTables', () => {
  const users = ref('users');
  const orders = ref('orders');
  const accounts = ref('accounts');
  const borrowed = ref('borrowed');
  const own = ref('own');
  const tables = [
    info(users, 'users'),
    info(orders, 'orders', undefined, [
      { name: 'orders_user_fk', columns: ['user_id'], target: users, targetName: 'users', targetSchema: undefined, targetColumns: ['id'] },
      { name: 'orders_account_fk', columns: ['account_id'], target: accounts, targetName: 'accounts', targetSchema: 'billing', targetColumns: ['id'] },
      { name: 'orders_borrowed_fk', columns: ['b_id'], target: borrowed, targetName: 'customers', targetSchema: undefined, targetColumns: ['id'] },
    ]),
    info(accounts, 'accounts', 'billing'),
    info(borrowed, 'customers'),
    info(own, 'audit', 'shop'),
  ];
  const options = { database: 'shop', ownerOf: (r: Ref) => (r === borrowed ? 'crm' : undefined) };

  it("keeps plain tables and own-database mysqlSchema tables, leaves out other databases' and other services' tables", () => {
    const result = filterTables(tables, options);
    expect(result.included.map((t) => t.name)).toEqual(['users', 'orders', 'audit']);
    expect(result.excluded.map((e) => [e.table.name, e.reason])).toEqual([['accounts', 'other-database'], ['customers', 'other-service']]);
    expect(result.excluded[1]!.note).toContain("service crm's table");
    expect(result.duplicateNames).toEqual([]);
  });

  it('drops foreign keys into left-out tables and says why, naming table, columns and target', () => {
    const dropped = filterTables(tables, options).droppedForeignKeys;
    expect(dropped.map((fk) => [fk.table, fk.name, fk.target])).toEqual([['orders', 'orders_account_fk', 'billing.accounts'], ['orders', 'orders_borrowed_fk', 'customers']]);
    expect(dropped[0]!.why).toContain('database billing');
    expect(dropped[1]!.why).toContain('another service');
    expect(describeDroppedForeignKey(dropped[0]!)).toContain('orders_account_fk on `orders` (account_id) -> `billing.accounts` (id)');
  });

  it('applies tablesFilter after the other rules, and a foreign key into a filtered table is dropped too', () => {
    const result = filterTables(tables, { ...options, tablesFilter: ['!users'] });
    expect(result.included.map((t) => t.name)).toEqual(['orders', 'audit']);
    expect(result.excluded.find((e) => e.table.name === 'users')?.reason).toBe('tables-filter');
    expect(result.droppedForeignKeys.find((fk) => fk.name === 'orders_user_fk')?.why).toContain('tablesFilter');
  });

  it('a foreign key to a table the schema does not export is dropped with that reason', () => {
    const hidden = ref('hidden');
    const result = filterTables([info(ref('t'), 't', undefined, [{ name: 'fk', columns: ['h'], target: hidden, targetName: 'hidden', targetSchema: undefined, targetColumns: ['id'] }])], options);
    expect(result.droppedForeignKeys[0]!.why).toBe('its target `hidden` is not exported by the schema');
  });

  it('counts the same table object exported twice once, and reports two tables with one name', () => {
    expect(filterTables([info(users, 'users'), { ...info(users, 'users'), exportName: 'alias' }], options).included).toHaveLength(1);
    expect(filterTables([info(users, 'users'), info(ref('x'), 'users', 'shop')], options).duplicateNames).toEqual(['users']);
  });
});
