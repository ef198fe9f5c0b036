import { describe, expect, it } from 'vitest';
import { buildMigrateTargets, TARGETS } from '../../src/targets.mjs';

const ALL = ['generate', 'migrate', 'rollback', 'status', 'check', 'drift', 'plan', 'stamp'];
const DATABASE_TARGETS = ['migrate', 'rollback', 'status', 'drift', 'plan', 'stamp'];

describe('buildMigrateTargets', () => {
  const targets = buildMigrateTargets('services/first', 'first');

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

  it('caches check, offline, with the service files, the engine and drizzle as inputs and no outputs', () => {
    expect(targets.check).toMatchObject({ cache: true, outputs: [] });
    expect(targets.check!.inputs).toEqual([
      '{projectRoot}/migrate.config.json',
      '{projectRoot}/src/**/*',
      '{projectRoot}/migrations/**/*',
      '{projectRoot}/package.json',
      '^production',
      { externalDependencies: ['drizzle-kit', 'drizzle-orm'] },
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
    const again = buildMigrateTargets('services/first', 'first');
    expect(again).toEqual(targets);
    expect(again.check).not.toBe(targets.check);
  });
});
