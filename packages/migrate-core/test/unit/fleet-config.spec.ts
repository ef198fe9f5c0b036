import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configProblems, serviceConfigSchema } from '../../src/config/service-config-schema.js';
import { quickParseServiceConfig } from '../../src/config/service-config.js';
import { loadService } from '../../src/config/load.js';
import { planConnection } from '../../src/config/connection-plan.js';
import { ConfigError } from '../../src/errors.js';

const problems = (raw: unknown) => {
  const parsed = serviceConfigSchema.safeParse(raw);
  return parsed.success ? [] : configProblems('migrate.config.json', parsed.error);
};

describe('"databases" in migrate.config.json', () => {
  it.each([
    { databases: ['acme', 'globex'] },
    { databases: { match: 'tenant_*' } },
    { databases: { match: ['tenant_*', '!tenant_template'] } },
    { databases: { query: 'SELECT name FROM control.tenants' } },
    { databases: ['a'], concurrency: 32 },
  ])('accepts %j, with or without zod', (raw) => {
    expect(problems(raw)).toEqual([]);
    expect(quickParseServiceConfig(raw)).toEqual(serviceConfigSchema.parse(raw));
  });

  it.each([
    { databases: [] },
    { databases: ['ok', 'bad-name'] },
    { databases: ['a', 'a'] },
    { databases: 'tenant_*' },
    { databases: { match: '' } },
    { databases: { match: [] } },
    { databases: { query: '' } },
    { databases: { match: 'a', query: 'b' } },
    { database: 'one', databases: ['two'] },
    { databases: ['a'], concurrency: 0 },
    { databases: ['a'], concurrency: 33 },
    { databases: ['a'], concurrency: 1.5 },
    { concurrency: 4 },
  ])('refuses %j, in agreement with the quick parser', (raw) => {
    expect(problems(raw).length).toBeGreaterThan(0);
    expect(quickParseServiceConfig(raw)).toBeUndefined();
  });

  it('reports every problem at once, each with its key and what is allowed', () => {
    expect(problems({ database: 'one', databases: ['two'], lockTimeout: 0 })).toEqual([
      'migrate.config.json: lockTimeout: Too small: expected number to be >0',
      'migrate.config.json: databases: give either "database" (one database) or "databases" (a fleet), not both',
    ]);
    expect(problems({ databases: 'tenant_*' })).toEqual(['migrate.config.json: databases: must be a list of database names, { "match": "<glob>" } or { "query": "SELECT ..." }']);
    expect(problems({ databases: ['ok', 'bad-name'] })).toEqual(['migrate.config.json: databases.1: must be letters, digits or _ (at most 64 characters)']);
    expect(problems({ concurrency: 4 })).toEqual(['migrate.config.json: concurrency: applies only to a fleet ("databases")']);
  });
});

describe('a fleet service', () => {
  const root = mkdtempSync(join(tmpdir(), 'fleet-config-'));
  mkdirSync(join(root, 'services', 'tenants'), { recursive: true });
  writeFileSync(join(root, 'services', 'tenants', 'migrate.config.json'), JSON.stringify({ databases: { match: 'tenant_*' } }));

  it('is loaded with its fleet, and its members connect to the server of its URL', async () => {
    const service = await loadService(root, 'tenants');
    expect(service.fleet).toEqual({ match: 'tenant_*' });
    const plan = planConnection(service, { DATABASE_URL: 'mysql://deploy:pw@db:3307' });
    if (plan.kind !== 'url') throw new Error('expected a URL plan');
    expect(plan.forDatabase('tenant_acme')).toMatchObject({ host: 'db', port: 3307, user: 'deploy', database: 'tenant_acme', source: 'DATABASE_URL',
      display: 'mysql://deploy:****@db:3307/tenant_acme' });
    rmSync(root, { recursive: true, force: true });
  });

  it("refuses a service URL that names a database: a fleet's URL is its server", () => {
    const service = { root, service: 'tenants', database: 'tenants', fleet: { match: 'tenant_*' } };
    expect(() => planConnection(service, { TENANTS_DATABASE_URL: 'mysql://u:secret@db/tenant_acme' })).toThrow(ConfigError);
    expect(() => planConnection(service, { TENANTS_DATABASE_URL: 'mysql://u:secret@db/tenant_acme' }))
      .toThrow(/TENANTS_DATABASE_URL names database tenant_acme, but service tenants is a fleet/);
    expect(planConnection(service, { TENANTS_DATABASE_URL: 'mysql://u:secret@db' })).toMatchObject({ kind: 'url', settings: { host: 'db' } });
  });
});
