import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERRNO } from '../../packages/migrate-core/src/db/server-errors.js';
import { runCli } from '../support/cli.js';
import { connect, createTestDatabase, uniqueName, type TestDatabase } from '../support/db.js';
import { makeWorkspace, type TempWorkspace } from '../support/workspace.js';
import { expectNoChange, expectRefusal } from './support/guard.js';
import { createUser, type TestUser } from './support/users.js';

const ONE = '20260801000001_create_items';
const TWO = '20260801000002_create_tags';
const MIGRATIONS = {
  [ONE]: { up: "CREATE TABLE items (id int AUTO_INCREMENT PRIMARY KEY, name text);\nINSERT INTO items (name) VALUES ('first');\n", down: 'DROP TABLE items;\n' },
  [TWO]: { up: 'CREATE TABLE tags (id int PRIMARY KEY);\nCREATE INDEX tags_id ON tags (id);\n', down: 'DROP TABLE tags;\n' },
};

/** Each service connects as its own user, with rights on its own database only. */
describe('least privilege: a user per service with GRANT ALL on its own database only', () => {
  const tag = uniqueName('rel_priv');
  let ws: TempWorkspace;
  let alphaDb: TestDatabase;
  let betaDb: TestDatabase;
  let alpha: TestUser;
  let beta: TestUser;
  const envOf = () => ({ ALPHA_DATABASE_URL: alpha.url(alphaDb.name), BETA_DATABASE_URL: beta.url(betaDb.name) });
  const run = (argv: string[], env: Record<string, string> = envOf()) => runCli(argv, { cwd: ws.root, env });
  const expectOk = async (argv: string[]) => {
    const result = await run(argv);
    expect(result.code, `${argv.join(' ')}\n${result.stdout}\n${result.stderr}`).toBe(0);
    return result;
  };
  const status = async (service: string) => JSON.parse((await expectOk(['status', '--service', service, '--json'])).stdout) as { current: string | null; pending: Array<{ id: string }> };

  beforeAll(async () => {
    alphaDb = await createTestDatabase(`${tag}_alpha`);
    betaDb = await createTestDatabase(`${tag}_beta`);
    alpha = await createUser('rel_alpha', 'alpha-Pw-91', [alphaDb.name]);
    beta = await createUser('rel_beta', 'beta-Pw-92', [betaDb.name]);
    ws = makeWorkspace({ alpha: { database: alphaDb.name, migrations: MIGRATIONS }, beta: { database: betaDb.name, migrations: MIGRATIONS } });
  });
  afterAll(async () => {
    await alpha?.drop();
    await beta?.drop();
    await alphaDb?.drop();
    await betaDb?.drop();
    ws?.cleanup();
  });

  it('migrate, status, rollback, stamp and resolve all work with those rights alone', async () => {
    for (const service of ['alpha', 'beta']) {
      await expectOk(['migrate', '--service', service]);
      expect(await status(service)).toMatchObject({ current: TWO, pending: [] });
      await expectOk(['rollback', '--service', service]);
      expect(await status(service)).toMatchObject({ current: ONE, pending: [{ id: TWO }] });
      await expectOk(['stamp', '--service', service, TWO]);
      expect(await status(service)).toMatchObject({ current: TWO, pending: [] });
      await expectOk(['resolve', '--service', service, TWO, '--rolled-back']);
      expect(await status(service)).toMatchObject({ current: ONE, pending: [{ id: TWO }] });
      await expectOk(['migrate', '--service', service, '--json']);
      await expectOk(['rollback', '--service', service, '--to', 'base', '--allow-data-loss']);
      await expectOk(['migrate', '--service', service]);
      expect(await status(service)).toMatchObject({ current: TWO, pending: [] });
    }
    expect(await alphaDb.tables()).toEqual(['_migrate_core_ledger', 'items', 'tags']);
    expect(await betaDb.query('SELECT name FROM items')).toEqual([{ name: 'first' }]);
  });

  it("a service's user cannot reach another service's database through the CLI (exit 2, nothing changed)", async () => {
    const result = await expectNoChange([betaDb], tag, () => run(['migrate', '--service', 'alpha'], { ALPHA_DATABASE_URL: alpha.url(betaDb.name) }));
    expectRefusal(result, 2, new RegExp(`User '${alpha.name}' has no rights on database \`${betaDb.name}\``), ws.root);
    const create = await expectNoChange([betaDb], tag, () =>
      run(['migrate', '--service', 'alpha', '--create-database'], { ALPHA_DATABASE_URL: alpha.url(`${tag}_other`) }));
    expectRefusal(create, 2, new RegExp(`User '${alpha.name}' has no rights on database`), ws.root);
  });

  it("a service's user cannot connect to or query another service's database directly", async () => {
    await expect(connect(alpha.url(betaDb.name))).rejects.toMatchObject({ errno: ERRNO.ER_DBACCESS_DENIED_ERROR });
    const session = await connect(alpha.url(alphaDb.name));
    try {
      await expect(session.query(`SELECT * FROM \`${betaDb.name}\`.items`)).rejects.toMatchObject({ errno: ERRNO.ER_TABLEACCESS_DENIED_ERROR });
      await expect(session.query(`CREATE TABLE \`${betaDb.name}\`.intruder (id int)`)).rejects.toMatchObject({ errno: ERRNO.ER_TABLEACCESS_DENIED_ERROR });
      const [databases] = await session.query('SHOW DATABASES');
      expect((databases as Array<{ Database: string }>).map((row) => row.Database)).not.toContain(betaDb.name);
    } finally {
      await session.end();
    }
    expect(await betaDb.tables()).not.toContain('intruder');
  });
});
