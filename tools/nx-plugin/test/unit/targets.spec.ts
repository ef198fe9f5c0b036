import { describe, expect, it } from 'vitest';
import type { ServiceLayout } from '../../src/service-layout.mjs';
import { buildMigrateTargets, checkInputs, TARGETS } from '../../src/targets.mjs';

const ALL = ['generate', 'migrate', 'rollback', 'status', 'check', 'drift', 'plan', 'stamp'];
const DATABASE_TARGETS = ['migrate', 'rollback', 'status', 'drift', 'plan', 'stamp'];

const DEFAULT_LAYOUT: ServiceLayout = {
  schema: 'services/first/src/schema.ts', schemaFolder: 'services/first/src', migrations: 'services/first/migrations', schemaImports: [],
};
const ENGINE_AND_DRIZZLE = ['^production', { externalDependencies: ['drizzle-kit', 'drizzle-orm'] }, { env: 'SHADOW_DATABASE_URL' }];

describe('buildMigrateTargets', () => {
  const targets = buildMigrateTargets('services/first', 'first', {}, DEFAULT_LAYOUT);

  it('gives every service the eight targets of the contract, in order', () => {
    expect(Object.keys(targets)).toEqual(ALL);
    expect(Object.keys(TARGETS)).toEqual(ALL);
  });

  it.each(ALL)('%s runs `migrate-core %s --service first` from the workspace root', (name) => {
    const target = targets[name]!;
    expect(target.command).toBe(`migrate-core ${name} --service first`);
    // No cwd: run-commands then runs in the workspace root, where the CLI finds services/<name> and nx.json.
    expect(target.options).toBeUndefined();
    expect(target.executor).toBeUndefined();
    expect(target.metadata?.description).toBe(TARGETS[name as keyof typeof TARGETS].description);
    expect(target.metadata?.technologies).toEqual(['drizzle', 'mysql']);
    expect(target.metadata?.help?.command).toBe(`migrate-core ${name} --help`);
  });

  it('caches check, with the service files, the engine, drizzle and the shadow server as inputs and no outputs', () => {
    expect(targets.check).toMatchObject({ cache: true, outputs: [] });
    expect(targets.check!.inputs).toEqual([
      '{projectRoot}/migrate.config.json',
      '{projectRoot}/src/**/*',
      '{projectRoot}/migrations/**/*',
      '{projectRoot}/package.json',
      ...ENGINE_AND_DRIZZLE,
    ]);
    expect(TARGETS.check.db).toBe(false);
  });

  it.each(DATABASE_TARGETS)('never caches %s, which reads or writes the database', (name) => {
    expect(targets[name]!.cache).toBe(false);
    expect(targets[name]!.inputs).toBeUndefined();
    expect(TARGETS[name as keyof typeof TARGETS].db).toBe(true);
  });

  it('never caches generate, which writes tracked files', () => {
    expect(targets.generate!.cache).toBe(false);
  });

  it('uses the service name given, and the cli option', () => {
    const custom = buildMigrateTargets('services/order-history', 'order-history', { cli: 'node tools/x.js' });
    expect(custom.rollback!.command).toBe('node tools/x.js rollback --service order-history');
    expect(custom.status!.metadata?.help?.command).toBe('node tools/x.js status --help');
  });

  it('builds fresh objects on every call', () => {
    const again = buildMigrateTargets('services/first', 'first', {}, DEFAULT_LAYOUT);
    expect(again).toEqual(targets);
    expect(again.check).not.toBe(targets.check);
  });
});

describe("check's inputs follow the service's migrate.config.json", () => {
  it('a moved schema folder and migrations folder are the inputs, src/ and migrations/ are not', () => {
    const inputs = checkInputs('services/shop', {
      schema: 'services/shop/db/schema.ts', schemaFolder: 'services/shop/db', migrations: 'services/shop/sql/migrations', schemaImports: [],
    });
    expect(inputs).toEqual([
      '{projectRoot}/migrate.config.json', '{projectRoot}/db/**/*', '{projectRoot}/sql/migrations/**/*', '{projectRoot}/package.json', ...ENGINE_AND_DRIZZLE,
    ]);
    expect(inputs).not.toContain('{projectRoot}/src/**/*');
    expect(inputs).not.toContain('{projectRoot}/migrations/**/*');
  });

  it("the seed files of check's shadow proof are inputs, inside the service or elsewhere in the workspace", () => {
    const inputs = checkInputs('services/shop', {
      schema: 'services/shop/src/schema.ts', schemaFolder: 'services/shop/src', migrations: 'services/shop/migrations', schemaImports: [],
      seeds: ['services/shop/seed.sql', 'fixtures/shop/rows.sql'],
    });
    expect(inputs.slice(0, 6)).toEqual([
      '{projectRoot}/migrate.config.json', '{projectRoot}/src/**/*', '{projectRoot}/migrations/**/*', '{projectRoot}/seed.sql', '{workspaceRoot}/fixtures/shop/rows.sql', '{projectRoot}/package.json',
    ]);
  });

  it("files the schema imports from outside its folder are inputs one by one", () => {
    const inputs = checkInputs('services/shop', {
      schema: 'services/shop/db/schema.ts', schemaFolder: 'services/shop/db', migrations: 'services/shop/migrations',
      schemaImports: ['services/shop/lib/columns.ts', 'services/shop/lib/enums/status.ts'],
    });
    expect(inputs.slice(0, 5)).toEqual([
      '{projectRoot}/migrate.config.json', '{projectRoot}/db/**/*', '{projectRoot}/lib/columns.ts', '{projectRoot}/lib/enums/status.ts', '{projectRoot}/migrations/**/*',
    ]);
  });

  it('a schema at the service root makes the whole service an input; paths outside the service use {workspaceRoot}', () => {
    expect(checkInputs('services/shop', {
      schema: 'services/shop/schema.ts', schemaFolder: 'services/shop', migrations: 'db/shop/migrations', schemaImports: [],
    })).toEqual(['{projectRoot}/migrate.config.json', '{projectRoot}/**/*', '{workspaceRoot}/db/shop/migrations/**/*', '{projectRoot}/package.json', ...ENGINE_AND_DRIZZLE]);
  });

  it('drops a path outside the workspace, which Nx cannot hash', () => {
    expect(checkInputs('services/shop', {
      schema: 'services/shop/src/schema.ts', schemaFolder: 'services/shop/src', migrations: '../elsewhere/migrations', schemaImports: [],
    })).toEqual(['{projectRoot}/migrate.config.json', '{projectRoot}/src/**/*', '{projectRoot}/package.json', ...ENGINE_AND_DRIZZLE]);
  });

  it('without a layout (the config cannot be read) every file of the service is an input, and the targets are all there', () => {
    const targets = buildMigrateTargets('services/broken', 'broken');
    expect(Object.keys(targets)).toEqual(ALL);
    expect(targets.check!.inputs).toEqual(['{projectRoot}/**/*', ...ENGINE_AND_DRIZZLE]);
    expect(targets.check!.command).toBe('migrate-core check --service broken');
  });
});
