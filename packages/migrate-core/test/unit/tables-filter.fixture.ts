// tablesFilter cases: the tables of one database, and for each list of globs the tables kept. The unit test
// checks compileTablesFilter against `kept`; the integration test checks that drizzle-kit's own filter (its
// `pull` command, on a database holding TABLE_NAMES) keeps exactly the same tables.

export const TABLE_NAMES = [
  'users', 'orders', 'legacy_users', 'legacy_orders', 'legacy', 'audit_log', 'user_log', 'log',
  'abc', 'aXc', 'ac', 'abbc', 'bar', 'cat', 'x_items', 'y_items', 'z_items', 'shop_items', 'shop_tmp_x',
] as const;

export interface TablesFilterCase {
  readonly globs: readonly string[];
  readonly kept: readonly string[];
}

const ALL: readonly string[] = TABLE_NAMES;
const except = (...names: string[]) => ALL.filter((name) => !names.includes(name));

export const TABLES_FILTER_CASES: readonly TablesFilterCase[] = [
  { globs: ['!legacy_*'], kept: except('legacy_users', 'legacy_orders') },
  { globs: ['!legacy_*', '!*_log'], kept: except('legacy_users', 'legacy_orders', 'audit_log', 'user_log') },
  { globs: ['*_log'], kept: ['audit_log', 'user_log'] },
  { globs: ['a?c'], kept: ['abc', 'aXc'] },
  { globs: ['[ab]*'], kept: ['audit_log', 'abc', 'aXc', 'ac', 'abbc', 'bar'] },
  { globs: ['[!ab]*'], kept: except('audit_log', 'abc', 'aXc', 'ac', 'abbc', 'bar') },
  { globs: ['{x,y}_*'], kept: ['x_items', 'y_items'] },
  { globs: ['@(users|orders)'], kept: ['users', 'orders'] },
  { globs: ['users', 'orders'], kept: ['users', 'orders'] },
  { globs: ['*', '!legacy_*'], kept: except('legacy_users', 'legacy_orders') },
  { globs: ['legacy*', '!legacy_orders'], kept: except('legacy_orders') },
  // A negation lets in every table it does not name, whatever the other globs say.
  { globs: ['shop_*', '!shop_tmp_*'], kept: except('shop_tmp_x') },
  { globs: ['shop_!(tmp_*)'], kept: ['shop_items'] },
  { globs: ['#comment'], kept: [] },
  { globs: ['no_such_table'], kept: [] },
];
