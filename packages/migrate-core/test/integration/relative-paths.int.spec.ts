// Messages and --json name files relative to the workspace root, never by their absolute path: every command
// is run in a temp workspace, as a person and with --json, on the good path and on the paths that name files
// (an edited migration, a failed statement, SQL that cannot be read, a schema that throws), and its output
// (and a --report file) must not hold the workspace's absolute path.
import { readdirSync, readFileSync, realpathSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../../../../test/support/cli.js';
import { createTestDatabase, serverUrl, sql, type TestDatabase } from '../../../../test/support/db.js';
import { makeWorkspace, type TempWorkspace } from '../../../../test/support/workspace.js';

const table = (name: string) => `export const ${name} = mysqlTable('${name}', { id: int('id').autoincrement().primaryKey(), label: varchar('label', { length: 40 }) });\n`;
const schema = (...tables: string[]) => `import { int, mysqlTable, varchar } from 'drizzle-orm/mysql-core';\n${tables.map(table).join('')}`;

const cleanups: Array<() => unknown> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

interface Setup {
  readonly ws: TempWorkspace;
  readonly shop: TestDatabase;
  readonly legacy: TestDatabase;
  readonly tenants: readonly TestDatabase[];
  /** Runs the CLI in the workspace, as a person and with --json, and checks both outputs; the person's result. */
  run(...args: string[]): Promise<CliResult>;
}

/** Fails naming the command when its output holds the workspace's absolute path. */
function expectRelative(result: CliResult, roots: readonly string[], what: string): void {
  for (const root of roots) {
    expect.soft(result.stdout, `${what}: stdout`).not.toContain(root);
    expect.soft(result.stderr, `${what}: stderr`).not.toContain(root);
  }
}

async function setup(): Promise<Setup> {
  const shop = await createTestDatabase('paths_shop', { create: false });
  const legacy = await createTestDatabase('paths_legacy');
  await legacy.query('CREATE TABLE customers (id int AUTO_INCREMENT PRIMARY KEY, name varchar(40) NOT NULL)');
  const tenants = [await createTestDatabase('paths_t1'), await createTestDatabase('paths_t2')];
  const ws = makeWorkspace({
    shop: { database: shop.name, schema: schema('users') },
    legacy: { database: legacy.name },
    tenants: {
      config: { databases: tenants.map((db) => db.name) },
      migrations: { '20260101000000_items': { up: 'CREATE TABLE items (id int PRIMARY KEY);\n', down: 'DROP TABLE items;\n' } },
    },
  });
  cleanups.push(() => ws.cleanup(), () => shop.drop(), () => legacy.drop(), ...tenants.map((db) => () => db.drop()));
  const roots = [...new Set([ws.root, realpathSync(ws.root)])];
  const env = { DATABASE_URL: serverUrl() };
  return {
    ws, shop, legacy, tenants,
    async run(...args) {
      const text = await runCli(args, { cwd: ws.root, env });
      expectRelative(text, roots, args.join(' '));
      const json = await runCli([...args, '--json'], { cwd: ws.root, env });
      expectRelative(json, roots, `${args.join(' ')} --json`);
      return text;
    },
  };
}

const ids = (ws: TempWorkspace, service: string) => readdirSync(join(ws.serviceDir(service), 'migrations')).sort();

describe('paths in messages and --json are relative to the workspace', () => {
  it('holds for every command, on the good path and where files are named', { timeout: 240_000 }, async () => {
    const { ws, shop, tenants, run } = await setup();
    const roots = [ws.root, realpathSync(ws.root)];

    // generate, check, migrate, status, plan, drift, rollback, stamp on one database.
    expect((await runCli(['generate', '--service', 'shop', '--name', 'init'], { cwd: ws.root })).code).toBe(0);
    await run('check', '--service', 'shop', '--no-shadow');
    await run('plan', '--service', 'shop', '--sql');
    expect((await run('migrate', '--service', 'shop', '--create-database')).code).toBe(0);
    await run('status', '--service', 'shop');
    await run('drift', '--service', 'shop');
    await run('rollback', '--service', 'shop', '--to', 'base');
    const [init] = ids(ws, 'shop');
    await run('stamp', '--service', 'shop', init!);
    await run('status', '--all');

    // Two migrations made from the same parent (two branches), then rebase.
    ws.write('services/shop/src/schema.ts', schema('users', 'a'));
    expect((await runCli(['generate', '--service', 'shop', '--name', 'add a'], { cwd: ws.root })).code).toBe(0);
    const a = ids(ws, 'shop').at(-1)!;
    const aside = join(ws.root, 'aside');
    renameSync(join(ws.serviceDir('shop'), 'migrations', a), aside);
    ws.write('services/shop/src/schema.ts', schema('users', 'b'));
    expect((await runCli(['generate', '--service', 'shop', '--name', 'add b'], { cwd: ws.root })).code).toBe(0);
    renameSync(aside, join(ws.serviceDir('shop'), 'migrations', a));
    expect((await run('check', '--service', 'shop', '--no-shadow')).stdout).toContain('[CONFLICT]');
    ws.write('services/shop/src/schema.ts', schema('users', 'a', 'b'));
    expect((await runCli(['rebase', '--service', 'shop', a], { cwd: ws.root, env: { DATABASE_URL: serverUrl() } })).code).toBe(0);
    await run('check', '--service', 'shop');

    // adopt an existing database; a fleet.
    await run('generate', '--service', 'legacy', '--from-database', '--name', 'baseline');
    await run('migrate', '--service', 'tenants');
    await run('status', '--service', 'tenants');
    await run('drift', '--service', 'tenants');
    await run('status', '--service', 'tenants', '--database', tenants[0]!.name);
    ws.writeMigration('tenants', '20260101120000_no_down', { up: 'CREATE TABLE extra (id int PRIMARY KEY);\n' });
    await run('migrate', '--service', 'tenants', '--database', tenants[1]!.name);
    const rollback = await run('rollback', '--service', 'tenants', '--database', tenants[1]!.name);
    expect(rollback.stdout).toContain('[NO_DOWN] 20260101120000_no_down has no down migration (services/tenants/migrations/20260101120000_no_down/down.sql)');

    // Where files are named: an edited applied migration, a statement the server refuses, SQL that cannot be read,
    // a migrations folder with a stray file, a schema that throws.
    await run('migrate', '--service', 'shop');
    const applied = join(ws.serviceDir('shop'), 'migrations', init!, 'up.sql');
    ws.write(`services/shop/migrations/${init}/up.sql`, `${readFileSync(applied, 'utf8')}\n-- edited\nSELECT 1;\n`);
    const edited = `services/shop/migrations/${init}/up.sql was edited after it was applied`;
    expect((await run('status', '--service', 'shop')).stdout).toContain(edited);
    expect((await run('migrate', '--service', 'shop')).stdout).toContain(edited);
    expect((await run('drift', '--service', 'shop')).stdout).toContain(edited);
    expect((await run('check', '--service', 'shop', '--no-shadow')).stdout).toContain(`[EDITED] services/shop/migrations/${init}/up.sql was edited`);
    ws.writeMigration('tenants', '20260102000000_broken', { up: 'INSERT INTO nowhere VALUES (1);\n', down: 'SELECT 1;\n' });
    const failed = '(services/tenants/migrations/20260102000000_broken/up.sql:1)';
    expect((await run('migrate', '--service', 'tenants', '--database', tenants[0]!.name)).stdout).toContain(failed);
    expect((await run('migrate', '--service', 'tenants')).code).toBe(1);
    ws.writeMigration('tenants', '20260103000000_unreadable', { up: "INSERT INTO items VALUES ('1);\n", down: 'SELECT 1;\n' });
    expect((await run('check', '--service', 'tenants', '--no-shadow')).stdout).toContain('[BAD_SQL] services/tenants/migrations/20260103000000_unreadable/up.sql');
    await run('plan', '--service', 'tenants', '--database', tenants[1]!.name, '--sql');
    ws.write('services/tenants/migrations/stray.sql', 'SELECT 1;\n');
    expect((await run('migrate', '--service', 'tenants', '--database', tenants[1]!.name)).stderr).toContain('services/tenants/migrations/stray.sql');
    const broken = {
      throws: `${schema('users')}throw new Error('schema broken');\n`,
      syntax: schema('users').replace(/\);\n$/, '\n'),
      import: `${schema('users')}import { x } from './missing.js';\nexport const y = x;\n`,
    };
    for (const [what, text] of Object.entries(broken)) {
      ws.write('services/shop/src/schema.ts', text);
      expect((await run('generate', '--service', 'shop', '--name', 'x')).stderr, what).toContain('Cannot load services/shop/src/schema.ts');
      await run('check', '--service', 'shop', '--no-shadow');
    }

    // A --report file says the same as --json.
    const report = join(ws.root, 'report.json');
    await runCli(['status', '--service', 'tenants', '--report', report], { cwd: ws.root, env: { DATABASE_URL: serverUrl() } });
    for (const root of roots) expect(readFileSync(report, 'utf8')).not.toContain(root);
    expect(await sql(serverUrl(), `SELECT COUNT(*) AS n FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '${shop.name}'`)).toEqual([{ n: 1 }]);
  });
});
