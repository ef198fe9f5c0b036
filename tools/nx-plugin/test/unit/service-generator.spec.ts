import type { Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { parse } from 'yaml';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import serviceGenerator from '../../src/generators/service/generator.mjs';
import { MAX_SERVICE_NAME_LENGTH, serviceNameProblem, tableConstName } from '../../src/generators/service/service-name.mjs';
import { renderServiceWorkflow } from '../../../ci/src/pipelines.mjs';

function workspace(): Tree {
  const tree = createTreeWithEmptyWorkspace();
  tree.write('package.json', JSON.stringify({ name: 'ws', private: true, workspaces: ['packages/*', 'services/*'] }));
  tree.write('packages/migrate-core/package.json', JSON.stringify({ name: '@repo/migrate-core', dependencies: { 'drizzle-orm': '0.45.4' }, nx: { name: 'migrate-core' } }));
  tree.write('services/first/package.json', JSON.stringify({ name: '@repo/first', nx: { name: 'first' } }));
  tree.write('services/first/migrate.config.json', JSON.stringify({ database: 'first' }));
  tree.write('services/legacy/package.json', JSON.stringify({ name: '@repo/legacy', nx: { name: 'legacy' } }));
  tree.write('services/legacy/migrate.config.json', JSON.stringify({ database: 'shop_db' }));
  return tree;
}

const json = (tree: Tree, path: string) => JSON.parse(tree.read(path, 'utf-8')!);

describe('service generator', () => {
  let tree: Tree;
  beforeEach(() => {
    tree = workspace();
    vi.spyOn(console, 'log').mockImplementation(() => {});
  });
  afterEach(() => vi.restoreAllMocks());

  it('scaffolds package.json, migrate.config.json, a starter schema, migrations/ and the workflow', async () => {
    const callback = await serviceGenerator(tree, { name: 'order-history' });
    const dir = 'services/order-history';
    expect(tree.children(dir).sort()).toEqual(['README.md', 'migrate.config.json', 'migrations', 'package.json', 'src']);
    expect(tree.exists(`${dir}/migrations/.gitkeep`)).toBe(true);
    expect(json(tree, `${dir}/package.json`)).toEqual({
      name: '@repo/order-history', version: '0.0.0', private: true, type: 'module',
      description: "The order-history service's database: its Drizzle schema and migrations.",
      exports: { './schema': './src/schema.ts' },
      dependencies: { '@repo/migrate-core': '*', 'drizzle-orm': '0.45.4' },
      nx: { name: 'order-history' },
    });
    expect(json(tree, `${dir}/migrate.config.json`)).toEqual({
      $schema: '../../packages/migrate-core/migrate.config.schema.json', database: 'order_history', schema: 'src/schema.ts', migrations: 'migrations',
    });
    const schema = tree.read(`${dir}/src/schema.ts`, 'utf-8')!;
    expect(schema).toContain("import { int, mysqlTable, timestamp, varchar } from 'drizzle-orm/mysql-core';");
    expect(schema).toContain("export const orderHistory = mysqlTable('order_history', {");
    expect(schema).toContain("  id: int('id').autoincrement().primaryKey(),\n");
    expect(schema).toContain("  name: varchar('name', { length: 255 }).notNull(),\n");
    expect(schema).toContain("  createdAt: timestamp('created_at').notNull().defaultNow(),\n");
    expect(schema).toContain("  updatedAt: timestamp('updated_at').notNull().defaultNow().onUpdateNow(),\n");
    expect(schema).toContain('in its own database `order_history`');
    expect(schema.split('\n').filter((line) => !line.startsWith('//')).join('\n')).not.toContain('serial');
    expect(tree.read(`${dir}/README.md`, 'utf-8')).toContain('ORDER_HISTORY_DATABASE_URL');
    expect(tree.read('.github/workflows/migrate-order-history.yml', 'utf-8')).toBe(renderServiceWorkflow('order-history'));

    callback();
    const printed = vi.mocked(console.log).mock.calls.flat().join('\n');
    expect(printed).toContain('npx nx run order-history:generate --name "create order_history"');
    expect(printed).toContain('npx nx run order-history:migrate');
    expect(printed).toContain('npm install');
    expect(printed).toContain('.github/workflows/migrate-order-history.yml and package-lock.json');
  });

  it('takes a database name, skips the workflow with --ci=false, and follows the engine\'s drizzle-orm version', async () => {
    tree.write('packages/migrate-core/package.json', JSON.stringify({ name: '@repo/migrate-core', dependencies: { 'drizzle-orm': '0.46.0' } }));
    await serviceGenerator(tree, { name: 'billing', database: 'legacy_billing', ci: false });
    expect(json(tree, 'services/billing/migrate.config.json').database).toBe('legacy_billing');
    expect(json(tree, 'services/billing/package.json').dependencies['drizzle-orm']).toBe('0.46.0');
    expect(tree.exists('.github/workflows/migrate-billing.yml')).toBe(false);
    expect(tree.read('services/billing/README.md', 'utf-8')).not.toContain('.github/workflows');
  });

  it('names the starter table after --table, and refuses a table name MySQL or the schema could not take', async () => {
    await serviceGenerator(tree, { name: 'crm', table: 'customers', ci: false });
    expect(tree.read('services/crm/src/schema.ts', 'utf-8')).toContain("export const customers = mysqlTable('customers', {");
    await expect(serviceGenerator(tree, { name: 'billing', table: 'Invoices' })).rejects.toThrow('Table name "Invoices" is not valid');
    await expect(serviceGenerator(tree, { name: 'billing', table: 'x'.repeat(65) })).rejects.toThrow('at most 64 characters');
    expect(tree.exists('services/billing')).toBe(false);
  });

  it('with --from-database writes a schema without tables and says how to adopt the database', async () => {
    const callback = await serviceGenerator(tree, { name: 'orders', database: 'shop', fromDatabase: true, ci: false });
    const schema = tree.read('services/orders/src/schema.ts', 'utf-8')!;
    expect(schema).toContain('in its existing database `shop`');
    expect(schema.split('\n').filter((line) => line !== '' && !line.startsWith('//'))).toEqual(['export {};']);
    callback();
    const printed = vi.mocked(console.log).mock.calls.flat().join('\n');
    expect(printed).toContain('npx nx run orders:generate --from-database --name baseline');
    expect(printed).toContain('npx nx run orders:stamp <baseline id>');
    expect(printed).not.toContain('orders:migrate');
  });

  it('uses nx.json defaultBase as the deploying branch of the workflow', async () => {
    tree.write('nx.json', JSON.stringify({ defaultBase: 'trunk' }));
    await serviceGenerator(tree, { name: 'payments' });
    expect(parse(tree.read('.github/workflows/migrate-payments.yml', 'utf-8')!).on.push.branches).toEqual(['trunk']);
  });

  it.each([
    ['first', /Service "first" already exists \(services\/first\/migrate\.config\.json\)/],
    ['migrate', /"migrate" is reserved: it is a migration target/],
    ['check', /"check" is reserved/],
    ['resolve', /"resolve" is reserved/],
    ['migrate-core', /"migrate-core" is already the name of the Nx project in packages\/migrate-core/],
    ['Bad_Name', /not a valid service name: use lower-case letters, digits and -/],
    ['9lives', /not a valid service name/],
    ['a'.repeat(64), /is 64 characters long: a service name becomes its database name, which MySQL limits to 64/],
  ])('refuses %s with a clear message and writes nothing', async (name, message) => {
    const before = tree.listChanges().length;
    await expect(serviceGenerator(tree, { name })).rejects.toThrow(message);
    expect(tree.listChanges()).toHaveLength(before);
  });

  it('refuses a folder under services/ that is not a service', async () => {
    tree.write('services/notes/readme.txt', 'x');
    await expect(serviceGenerator(tree, { name: 'notes' })).rejects.toThrow('services/notes already exists but is not a service (no migrate.config.json)');
  });

  it('refuses a database another service already owns, and an invalid one', async () => {
    await expect(serviceGenerator(tree, { name: 'shop', database: 'shop_db' })).rejects.toThrow('Database "shop_db" is already the database of service "legacy"');
    await expect(serviceGenerator(tree, { name: 'shop', database: 'x'.repeat(65) })).rejects.toThrow('letters, digits and _, at most 64');
  });

  it('accepts the longest name migrate-core accepts', async () => {
    const name = `s${'x'.repeat(MAX_SERVICE_NAME_LENGTH - 1)}`;
    await serviceGenerator(tree, { name, ci: false });
    expect(json(tree, `services/${name}/migrate.config.json`).database).toHaveLength(63);
  });
});

describe('serviceNameProblem', () => {
  const none = { existingPath: () => false, projectRootOf: () => undefined };
  it.each(['first', 'order-history', 'a', 'v2-api', 'x1'])('accepts %s', (name) => {
    expect(serviceNameProblem(name, none)).toBeUndefined();
  });
  it.each(['', '-x', 'A', 'a_b', 'a.b', 'a b', 'ü'])('refuses %j', (name) => {
    expect(serviceNameProblem(name, none)).toMatch(/not a valid service name/);
  });
});

describe('tableConstName', () => {
  it.each([
    ['orders', 'orders'], ['order_history', 'orderHistory'], ['v2_api_keys', 'v2ApiKeys'],
    ['new', 'newTable'], ['delete', 'deleteTable'], ['int', 'intTable'], ['timestamp', 'timestampTable'],
  ])('%s -> %s', (table, constant) => {
    expect(tableConstName(table)).toBe(constant);
  });
});
