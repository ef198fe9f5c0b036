import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ciIsSet, databaseUrlVariables, planConnection } from '../../src/config/connection-plan.js';
import { ConfigError } from '../../src/errors.js';

const root = mkdtempSync(join(tmpdir(), 'plan-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
for (const name of ['first', 'second']) {
  mkdirSync(join(root, 'services', name), { recursive: true });
  writeFileSync(join(root, 'services', name, 'migrate.config.json'), '{}');
}
const first = { root, service: 'first', database: 'first' };

function refusal(env: Record<string, string>): ConfigError {
  try {
    planConnection(first, env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('the embedded dev database is used only when nothing configures a database', () => {
  it('is used with no database URL at all and CI unset, "false" or "0"; TEST_DATABASE_URL does not count', () => {
    for (const env of [{}, { CI: '' }, { CI: 'false' }, { CI: 'FALSE' }, { CI: '0' }, { TEST_DATABASE_URL: 'mysql://root@127.0.0.1:1' }, { DATABASE_URL: ' ' }]) {
      expect(planConnection(first, env), JSON.stringify(env)).toEqual({ kind: 'embedded', database: 'first' });
    }
  });

  it('is never used under CI: exit 2 naming the variables that would configure the service', () => {
    for (const ci of ['true', '1', 'yes', 'woodpecker']) {
      const error = refusal({ CI: ci });
      expect(error.message).toContain('No database is configured for service first: set FIRST_DATABASE_URL (its own URL) or DATABASE_URL');
      expect(error.message).toContain(`The embedded dev database is used only when no database URL is set and CI is not; here CI is set (CI=${ci}).`);
      expect(error.hint).toContain("export FIRST_DATABASE_URL='mysql://user:password@host:3306/first'");
      expect(error.hint).not.toContain('unset');
    }
  });

  it("is not used when only another service's URL is set, and says whose it is", () => {
    const error = refusal({ SECOND_DATABASE_URL: 'mysql://u:Hunter2-Secret@db2/second' });
    expect(error.message).toContain('set FIRST_DATABASE_URL (its own URL) or DATABASE_URL');
    expect(error.message).toContain('here SECOND_DATABASE_URL (service second) is set.');
    expect(error.message).not.toContain('Hunter2');
    expect(error.hint).toContain('or unset SECOND_DATABASE_URL to use the embedded dev database');
  });

  it('says when a set variable belongs to no service (a renamed service folder)', () => {
    const error = refusal({ PRIMARY_DATABASE_URL: 'mysql://u@db/primary', CI: 'true' });
    expect(error.message).toContain('here PRIMARY_DATABASE_URL (no service here reads it: was a service renamed?) is set, and CI is set (CI=true).');
  });

  it('lists the set database URL variables, not empty ones, not TEST_DATABASE_URL', () => {
    expect(databaseUrlVariables({ DATABASE_URL: 'x', B_DATABASE_URL: 'y', A_DATABASE_URL: '', TEST_DATABASE_URL: 'z', NOT_A_DATABASE_URLX: 'q', MYDATABASE_URL: 'r' }))
      .toEqual(['B_DATABASE_URL', 'DATABASE_URL']);
    expect([ciIsSet({}), ciIsSet({ CI: 'true' }), ciIsSet({ CI: ' 0 ' }), ciIsSet({ CI: 'False' })]).toEqual([false, true, false, false]);
  });

  it('uses the URL that is set, under CI too', () => {
    expect(planConnection(first, { CI: 'true', DATABASE_URL: 'mysql://root@db:3306' })).toMatchObject({ kind: 'url', settings: { host: 'db', database: 'first' } });
    expect(planConnection(first, { SECOND_DATABASE_URL: 'mysql://x@y/second', FIRST_DATABASE_URL: 'mysql://a@b/first_db' }))
      .toMatchObject({ kind: 'url', settings: { host: 'b', database: 'first_db', source: 'FIRST_DATABASE_URL' } });
  });

  it('resolves relative certificate paths from the workspace root', () => {
    const plan = planConnection(first, { DATABASE_URL: 'mysql://root@db?ssl-mode=VERIFY_IDENTITY&ssl-ca=certs/ca.pem&ssl-cert=/abs/c.pem&ssl-key=k.pem' });
    expect(plan).toMatchObject({ kind: 'url', settings: { tls: { mode: 'VERIFY_IDENTITY', ca: join(root, 'certs/ca.pem'), cert: '/abs/c.pem', key: join(root, 'k.pem') } } });
  });
});
