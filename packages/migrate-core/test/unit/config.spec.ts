import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { maskUrl, parseDatabaseUrl } from '../../src/config/database-url.js';
import { loadService, planConnection, secretsIn } from '../../src/config/load.js';
import { ConfigError, UsageError } from '../../src/errors.js';

const root = mkdtempSync(join(tmpdir(), 'cfg-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
function service(name: string, config: unknown) {
  mkdirSync(join(root, 'services', name), { recursive: true });
  writeFileSync(join(root, 'services', name, 'migrate.config.json'), typeof config === 'string' ? config : JSON.stringify(config));
}
service('first', { database: 'first' });
service('order-history', {});
service('broken', { database: 'bad`name', ledgerTable: 'x y', extra: 1 });
service('notjson', '{ nope');

describe('parseDatabaseUrl', () => {
  it('reads user, password, host, port and database', () => {
    const result = parseDatabaseUrl('X', 'mysql://app:p%40ss@db.internal:3307/orders');
    expect(result).toEqual({ ok: true, url: { host: 'db.internal', port: 3307, user: 'app', password: 'p@ss', database: 'orders' } });
  });

  it('defaults the port and reads a socket', () => {
    expect(parseDatabaseUrl('X', 'mariadb://root@localhost')).toMatchObject({ ok: true, url: { port: 3306, user: 'root', database: undefined } });
    expect(parseDatabaseUrl('X', 'mysql://root@localhost/?socket=/run/mysqld/mysqld.sock')).toMatchObject({ ok: true, url: { socketPath: '/run/mysqld/mysqld.sock' } });
  });

  it.each([
    ['not a url', /not a valid URL/],
    ['postgres://u:secretpw@h/db', /not a MySQL\/MariaDB URL/],
    ['mysql://u:secretpw@h/bad-name', /not a valid name/],
    ['mysql://u:secretpw@h/db?foo=1', /unsupported parameter "foo"/],
    ['mysql://u:secretpw@h:99999/db', /not a valid URL/],
    ['mysql://u:secretpw@h:0/db', /has port 0/],
  ])('refuses %s without printing the password', (value, message) => {
    const result = parseDatabaseUrl('FIRST_DATABASE_URL', value);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problem).toMatch(message);
      expect(result.problem).toContain('FIRST_DATABASE_URL');
      expect(result.problem).not.toContain('secretpw');
    }
  });

  it('never echoes a value it cannot parse, and says how to encode special characters', () => {
    const result = parseDatabaseUrl('DATABASE_URL', 'mysql://app:Oboe@Sek:ret/99@db:3306');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      for (const part of ['Oboe', 'Sek', 'ret/99']) expect(result.problem).not.toContain(part);
      expect(result.problem).toContain('%40');
    }
  });

  it('refuses a badly percent-encoded database name as a problem, not a crash', () => {
    expect(parseDatabaseUrl('X', 'mysql://u:pw@h/%E0%A4%A')).toMatchObject({ ok: false, problem: expect.stringContaining('badly percent-encoded database name') });
  });

  it('masks passwords in any text', () => {
    expect(maskUrl('at mysql://u:secretpw@h:1/db and mysql://root@h')).toBe('at mysql://u:****@h:1/db and mysql://root@h');
  });
});

describe('loadService', () => {
  it('applies defaults', async () => {
    const ctx = await loadService(root, 'order-history');
    expect(ctx.database).toBe('order_history');
    expect(ctx.config.ledgerTable).toBe('_migrate_core_ledger');
    expect(ctx.migrationsDir).toBe(join(root, 'services', 'order-history', 'migrations'));
  });

  it('reports every problem of a config at once', async () => {
    try {
      await loadService(root, 'broken');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems.join('\n');
      expect(problems).toContain('services/broken/migrate.config.json: database');
      expect(problems).toContain('ledgerTable');
      expect(problems).toContain('extra');
    }
  });

  it('says where invalid JSON is', async () => {
    await expect(loadService(root, 'notjson')).rejects.toThrow(/services\/notjson\/migrate.config.json: not valid JSON/);
  });

  it('refuses unknown services and bad names, listing the known ones', async () => {
    await expect(loadService(root, 'nope')).rejects.toThrow(UsageError);
    await expect(loadService(root, 'nope')).rejects.toThrow(/Unknown service "nope"/);
    await expect(loadService(root, "fir'st")).rejects.toThrow(/not a valid service name/);
    try {
      await loadService(root, 'fir`st');
    } catch (error) {
      expect((error as UsageError).hint).toContain('first');
    }
  });
});

describe('planConnection', async () => {
  const ctx = await loadService(root, 'first');

  it('prefers <SERVICE>_DATABASE_URL, whose path names the database', () => {
    const where = planConnection(ctx, { DATABASE_URL: 'mysql://a@shared:3306', FIRST_DATABASE_URL: 'mysql://svc:pw@own:3307/first_prod' });
    expect(where).toMatchObject({ kind: 'url', settings: { host: 'own', port: 3307, user: 'svc', database: 'first_prod', source: 'FIRST_DATABASE_URL' } });
    if (where.kind === 'url') expect(where.settings.display).toBe('mysql://svc:****@own:3307/first_prod');
  });

  it("uses DATABASE_URL's server with the service's database", () => {
    expect(planConnection(ctx, { DATABASE_URL: 'mysql://a@shared:3306/ignored' })).toMatchObject({ kind: 'url', settings: { host: 'shared', database: 'first', source: 'DATABASE_URL' } });
  });

  it('falls back to the embedded dev database, treating empty values as unset', () => {
    expect(planConnection(ctx, { DATABASE_URL: '  ', FIRST_DATABASE_URL: '' })).toEqual({ kind: 'embedded', database: 'first' });
  });

  it('reports a malformed URL with the variable name and without the password', () => {
    expect(() => planConnection(ctx, { FIRST_DATABASE_URL: 'mysql//u:hunter2@h' })).toThrow(ConfigError);
    expect(() => planConnection(ctx, { FIRST_DATABASE_URL: 'mysql//u:hunter2@h' })).toThrow(/FIRST_DATABASE_URL/);
    expect(() => planConnection(ctx, { FIRST_DATABASE_URL: 'mysql//u:hunter2@h' })).not.toThrow(/hunter2/);
  });

  it('collects the passwords of every database URL for redaction', () => {
    expect(secretsIn({ DATABASE_URL: 'mysql://u:p%40ss@h', FIRST_DATABASE_URL: 'mysql://u@h', OTHER: 'x:y@z' })).toEqual(expect.arrayContaining(['p@ss', 'p%40ss']));
    expect(secretsIn({ FIRST_DATABASE_URL: 'mysql://u@h', OTHER: 'mysql://x:y@z' })).toEqual([]);
  });

  it('takes a password with unencoded @ or / to run to the last @', () => {
    expect(secretsIn({ DATABASE_URL: 'mysql://app:Oboe@Sek:ret/99@db:3306' })).toContain('Oboe@Sek:ret/99');
  });
});
