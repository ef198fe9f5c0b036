import { readFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileTablesFilter } from '../../src/schema/filter.js';

// tablesFilter cases: the tables of one database, and for each list of globs the tables kept. Each case runs
// through compileTablesFilter and through drizzle-kit's own filter, its code as drizzle-kit ships it.
const TABLE_NAMES = [
  'users', 'orders', 'legacy_users', 'legacy_orders', 'legacy', 'audit_log', 'user_log', 'log',
  'abc', 'aXc', 'ac', 'abbc', 'bar', 'cat', 'x_items', 'y_items', 'z_items', 'shop_items', 'shop_tmp_x',
] as const;

interface TablesFilterCase {
  readonly globs: readonly string[];
  readonly kept: readonly string[];
}

const ALL: readonly string[] = TABLE_NAMES;
const except = (...names: string[]) => ALL.filter((name) => !names.includes(name));

const TABLES_FILTER_CASES: readonly TablesFilterCase[] = [
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

const require = createRequire(import.meta.url);
const KIT_API = require.resolve('drizzle-kit/api');

/**
 * drizzle-kit's tablesFilter predicate, run from its own bundle: the lines of `mysqlPushIntrospect` that compile
 * the globs (the same lines as in `pull`'s `introspectMysql`), with the minimatch drizzle-kit bundles. drizzle-kit
 * applies the filter only to tables it reads from a server, which its API does not expose, so a fresh copy of its
 * bundle is compiled with one accessor appended. (Running `drizzle-kit pull` against a server instead crashed
 * MariaDB 10.11.19, now and then, under load.)
 */
function drizzleKitTablesFilter(): (globs: readonly string[]) => (name: string) => boolean {
  const source = readFileSync(KIT_API, 'utf8');
  const start = source.indexOf('mysqlPushIntrospect = async (db, databaseName, filters) => {');
  const from = source.indexOf('const matchers = filters.map(', start);
  const to = source.indexOf('const progress = new ProgressView(', start);
  if (start < 0 || from < start || to < from) throw new Error(`${KIT_API} no longer has the tablesFilter code this test runs`);
  const bundle = new Module(KIT_API) as Module & { _compile(code: string, file: string): void };
  bundle.filename = KIT_API;
  bundle.paths = [join(dirname(KIT_API), 'node_modules'), ...(require.resolve.paths('drizzle-orm') ?? [])];
  bundle._compile(`${source}\nmodule.exports.tablesFilterOf = (filters) => { init_mjs(); ${source.slice(from, to)} return filter2; };`, KIT_API);
  return (bundle.exports as { tablesFilterOf(globs: readonly string[]): (name: string) => boolean }).tablesFilterOf;
}

describe('tablesFilter selects exactly the tables drizzle-kit selects', () => {
  const kitFilter = drizzleKitTablesFilter();

  it('with the minimatch drizzle-kit bundles, pinned', () => {
    expect(readFileSync(KIT_API, 'utf8')).toContain('node_modules/.pnpm/minimatch@7.4.6/');
    const root = `${require.resolve('minimatch').split('/node_modules/minimatch/')[0]}/node_modules/minimatch`;
    expect(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))).toMatchObject({ name: 'minimatch', version: '7.4.6' });
  });

  it.each(TABLES_FILTER_CASES)('$globs', ({ globs, kept }) => {
    expect(TABLE_NAMES.filter(kitFilter(globs))).toEqual(kept);
    expect(TABLE_NAMES.filter(compileTablesFilter(globs))).toEqual(kept);
  });

  it('keeps every table without globs', () => {
    expect(TABLE_NAMES.filter(kitFilter([]))).toEqual(TABLE_NAMES);
    expect(TABLE_NAMES.filter(compileTablesFilter())).toEqual(TABLE_NAMES);
  });
});
