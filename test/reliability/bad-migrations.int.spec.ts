import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { createTestDatabase, serverUrl, uniqueName, type TestDatabase } from '../support/db.js';
import { makeWorkspace, type TempWorkspace } from '../support/workspace.js';
import { expectNoChange, expectRefusal } from './support/guard.js';
import { LEDGER } from '../support/ledger.js';

const A = '20260701000001_create_items';
const B = '20260701000002_add_notes';
const NO_UP = '20260701000001_no_up';
const SCHEMA = "import { int, mysqlTable } from 'drizzle-orm/mysql-core';\n\nexport const items = mysqlTable('items', { id: int('id').primaryKey() });\n";

/** Broken migration folders and targets: a clear error, the right exit code, no database touched. */
describe('bad migrations and targets are refused clearly and change nothing', () => {
  const tag = uniqueName('rel_mig');
  let ws: TempWorkspace;
  let shop: TestDatabase;
  let broken: TestDatabase;
  const env = () => ({ DATABASE_URL: serverUrl() });
  const run = (argv: string[]) => runCli(argv, { cwd: ws.root, env: env() });
  const unchanged = <T>(action: () => Promise<T>) => expectNoChange([shop, broken], tag, action);

  beforeAll(async () => {
    shop = await createTestDatabase(`${tag}_shop`);
    broken = await createTestDatabase(`${tag}_broken`);
    ws = makeWorkspace({
      shop: {
        database: shop.name,
        migrations: {
          [A]: { up: 'CREATE TABLE items (id int PRIMARY KEY);\n', down: 'DROP TABLE items;\n' },
          [B]: { up: "ALTER TABLE items ADD notes text;\nINSERT INTO items VALUES (1, 'one');\n" },
        },
      },
      broken: { database: broken.name, migrations: { [NO_UP]: { up: '' } } },
      snap: { database: `${tag}_snap`, schema: SCHEMA, migrations: { [A]: { up: 'CREATE TABLE items (id int PRIMARY KEY);\n', down: 'DROP TABLE items;\n' } } },
    });
    rmSync(join(ws.serviceDir('broken'), 'migrations', NO_UP, 'up.sql'));
    writeFileSync(join(ws.serviceDir('snap'), 'migrations', A, 'snapshot.json'), '{ "version": "5", "tables": { oops ');
    const applied = await run(['migrate', '--service', 'shop']);
    expect(applied.code, applied.stderr).toBe(0);
  });
  afterAll(async () => {
    await shop?.drop();
    await broken?.drop();
    ws?.cleanup();
  });

  it('status names a migration folder without up.sql (exit 2)', async () => {
    const result = await unchanged(() => run(['status', '--service', 'broken']));
    expectRefusal(result, 2, new RegExp(`services/broken/migrations/${NO_UP} has no up\\.sql`), ws.root);
  });

  // Regression guard: the migrator used to turn this source error into outcome "failed" (exit 1).
  it('migrate names a migration folder without up.sql as bad input (exit 2), before touching the database', async () => {
    const result = await unchanged(() => run(['migrate', '--service', 'broken']));
    expect(await broken.tables()).not.toContain(LEDGER);
    expectRefusal(result, 2, new RegExp(`services/broken/migrations/${NO_UP} has no up\\.sql`), ws.root);
  });

  it('blocks on an edited applied migration, naming the file (exit 3)', async () => {
    const file = join(ws.serviceDir('shop'), 'migrations', A, 'up.sql');
    writeFileSync(file, 'CREATE TABLE items (id bigint PRIMARY KEY);\n');
    try {
      for (const command of ['migrate', 'rollback', 'status']) {
        const result = await unchanged(() => run([command, '--service', 'shop']));
        expectRefusal(result, 3, new RegExp(`services/shop/migrations/${A}/up\\.sql was edited after it was applied`), ws.root);
      }
      const json = await run(['status', '--service', 'shop', '--json']);
      expect(JSON.parse(json.stdout).issues).toEqual([expect.objectContaining({ code: 'CHECKSUM_MISMATCH', migrationId: A })]);
    } finally {
      writeFileSync(file, 'CREATE TABLE items (id int PRIMARY KEY);\n');
    }
  });

  it('blocks on an unknown --to target, naming it (exit 3)', async () => {
    for (const command of ['migrate', 'rollback']) {
      const result = await unchanged(() => run([command, '--service', 'shop', '--to', '20990101000000_nope']));
      expectRefusal(result, 3, /UNKNOWN_TARGET\] 20990101000000_nope is not a migration of this service/, ws.root);
    }
  });

  it('blocks a rollback of a migration without down.sql, naming it (exit 3)', async () => {
    const result = await unchanged(() => run(['rollback', '--service', 'shop']));
    expectRefusal(result, 3, new RegExp(`NO_DOWN\\] ${B} has no down migration \\(.*services/shop/migrations/${B}/down\\.sql\\)`), ws.root);
  });

  describe('a corrupt snapshot.json', () => {
    const snapshot = new RegExp(`services/snap/migrations/${A}(/|: )snapshot\\.json is corrupt`);
    // check reports it as a failed check (3); generate cannot diff without it (2). Neither writes anything.
    const cases: Array<[string[], number]> = [[['check', '--service', 'snap'], 3], [['generate', '--service', 'snap', '--name', 'next step'], 2]];
    for (const [argv, code] of cases) {
      it(`${argv[0]} names the file (exit ${code}) and writes nothing`, async () => {
        const before = readdirSync(join(ws.serviceDir('snap'), 'migrations'));
        const result = await unchanged(() => run(argv));
        expectRefusal(result, code, snapshot, ws.root);
        expect(readdirSync(join(ws.serviceDir('snap'), 'migrations'))).toEqual(before);
      });
    }
  });
});
