import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, runNode } from '../support/cli.js';
import { createTestDatabase, serverUrl, type TestDatabase } from '../support/db.js';
import { makeWorkspace, type TempWorkspace } from '../support/workspace.js';
import { expectRefusal } from './support/guard.js';

const A = '20261001000001_create_items';

/** The embedded dev database only when nothing configures a database: never instead of a missing variable. */
describe('no silent fallback to the embedded dev database', () => {
  let ws: TempWorkspace;
  let first: TestDatabase;
  let second: TestDatabase;
  const run = (argv: string[], env: Record<string, string>) => runCli(argv, { cwd: ws.root, env });
  const migration = { [A]: { up: 'CREATE TABLE items (id int PRIMARY KEY);\n', down: 'DROP TABLE items;\n' } };

  beforeAll(async () => {
    first = await createTestDatabase('nofb_first');
    second = await createTestDatabase('nofb_second');
    ws = makeWorkspace({ first: { database: first.name, migrations: migration }, second: { database: second.name, migrations: migration } });
  });
  afterAll(async () => {
    await first?.drop();
    await second?.drop();
    ws?.cleanup();
  });

  it("refuses a service whose variable is missing when another service's is set (exit 2), and runs that other service", async () => {
    const env = { SECOND_DATABASE_URL: `${serverUrl()}/${second.name}` };
    for (const command of ['migrate', 'status', 'rollback', 'drift']) {
      const result = await run([command, '--service', 'first'], env);
      expectRefusal(result, 2, /No database is configured for service first: set FIRST_DATABASE_URL \(its own URL\) or DATABASE_URL/, ws.root);
      expect(result.stderr).toContain('SECOND_DATABASE_URL (service second)');
      expect(result.stderr).toContain("next: export FIRST_DATABASE_URL='mysql://user:password@host:3306/");
    }
    const json = await run(['migrate', '--service', 'first', '--json'], env);
    expectRefusal(json, 2, /"code": "CONFIG"/, ws.root);
    expect(JSON.parse(json.stdout).error.message).toContain('SECOND_DATABASE_URL (service second)');
    expect(await first.tables()).toEqual([]);
    const other = await run(['migrate', '--service', 'second'], env);
    expect(other.code, other.stderr).toBe(0);
    expect(await second.tables()).toEqual(['_migrate_core_ledger', 'items']);
  });

  it('refuses under CI when no variable is set (exit 2), for any CI value but "false" and "0"', async () => {
    for (const ci of ['true', '1', 'yes']) {
      const result = await run(['migrate', '--service', 'first'], { CI: ci });
      expectRefusal(result, 2, new RegExp(`used only when no database URL is set and CI is not; here CI is set \\(CI=${ci}\\)`), ws.root);
      expect(result.stderr).toContain('set FIRST_DATABASE_URL (its own URL) or DATABASE_URL');
    }
  });

  it('names a variable no service reads, as after renaming a service folder (exit 2)', async () => {
    const result = await run(['status', '--service', 'first'], { FIRST_ORIGINAL_DATABASE_URL: `${serverUrl()}/${first.name}` });
    expectRefusal(result, 2, /FIRST_ORIGINAL_DATABASE_URL \(no service here reads it: was a service renamed\?\)/, ws.root);
  });

  it('uses DATABASE_URL under CI, and ignores TEST_DATABASE_URL when deciding', async () => {
    const result = await run(['migrate', '--service', 'first'], { CI: 'true', DATABASE_URL: serverUrl(), TEST_DATABASE_URL: serverUrl() });
    expect(result.code, result.stderr).toBe(0);
    expect(await first.tables()).toEqual(['_migrate_core_ledger', 'items']);
    expect(existsSync(join(ws.root, '.dev-db'))).toBe(false);
  });

  it('npm start refuses up front under CI with no database URL (exit 2), before starting anything', async () => {
    const result = await runNode([join(ROOT, 'tools', 'scripts', 'main-job.mjs')], { env: { CI: 'true', TEST_DATABASE_URL: serverUrl() } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('No database URL is set, and CI is set (CI=true): the embedded dev database is never used in CI.');
    expect(result.stderr).toContain("next: export DATABASE_URL='mysql://user:password@host:3306'");
    expect(result.stdout).toBe('');
  });
});
