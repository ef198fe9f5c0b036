import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { createTestDatabase, serverUrl, sql, uniqueName, type TestDatabase } from '../support/db.js';
import { makeWorkspace, type TempWorkspace } from '../support/workspace.js';
import { databasesLike, expectNoChange, expectRefusal } from './support/guard.js';
import { createUser, type TestUser } from './support/users.js';

const A = '20260601000001_create_items';

/** Bad URLs, service names and database names: exit 2, the problem named, no database touched. */
describe('bad configuration is refused clearly and changes nothing', () => {
  const tag = uniqueName('rel_cfg');
  let ws: TempWorkspace;
  let db: TestDatabase;
  let sentinel: TestDatabase;
  const host = () => new URL(serverUrl()).host;
  const run = (argv: string[], env: Record<string, string | undefined>) => runCli(argv, { cwd: ws.root, env });
  const unchanged = <T>(action: () => Promise<T>) => expectNoChange([db, sentinel], tag, action);

  beforeAll(async () => {
    db = await createTestDatabase(`${tag}_first`);
    sentinel = await createTestDatabase(`${tag}_sentinel`);
    await sentinel.query('CREATE TABLE keep (id int); INSERT INTO keep VALUES (1)');
    ws = makeWorkspace({
      first: { database: db.name, migrations: { [A]: { up: 'CREATE TABLE items (id int PRIMARY KEY);\n', down: 'DROP TABLE items;\n' } } },
      backtick: { config: { database: 'da`ta' } },
      quote: { config: { database: `x'; DROP DATABASE ${sentinel.name}; --` } },
      dquote: { config: { database: 'a"b' } },
      ledger: { config: { database: db.name, ledgerTable: 'led`ger' } },
      ghost: { database: `${tag}_ghost` },
    });
    expect((await run(['migrate', '--service', 'first'], { DATABASE_URL: serverUrl() })).code).toBe(0);
  });
  afterAll(async () => {
    for (const name of await databasesLike(tag)) await sql(serverUrl(), `DROP DATABASE IF EXISTS \`${name}\``);
    ws?.cleanup();
  });

  const malformed = (): Array<[string, RegExp]> => [
    ['not a url', /is not a valid URL/],
    [`postgres://root@${host()}`, /uses "postgres:", which is not a MySQL\/MariaDB URL/],
    ['mysql://', /has no host/],
    ['mysql://root@127.0.0.1:notaport', /is not a valid URL/],
    [`mysql://root:%zz@${host()}`, /badly percent-encoded credentials/],
    [`mysql://root@${host()}?foo=bar`, /unsupported parameter "foo"/],
    [`mysql://root@${host()}/bad-name`, /names database "bad-name", which is not a valid name/],
    [`mysql://root@${host()}/a%60b`, /names database "a`b", which is not a valid name/],
  ];

  for (const variable of ['DATABASE_URL', 'FIRST_DATABASE_URL']) {
    it(`refuses malformed URLs in ${variable}, naming the variable and the problem (exit 2)`, async () => {
      for (const [url, problem] of malformed()) {
        const env = variable === 'DATABASE_URL' ? { DATABASE_URL: url } : { DATABASE_URL: serverUrl(), FIRST_DATABASE_URL: url };
        const result = await unchanged(() => run(['migrate', '--service', 'first'], env));
        expectRefusal(result, 2, new RegExp(`${variable} `), ws.root);
        expect(`${result.stdout}${result.stderr}`, `${variable}=${url}`).toMatch(problem);
      }
    });
  }

  // Regression guard: the path used to be decoded outside parseDatabaseUrl's try/catch ("internal error", exit 1).
  it('refuses a badly percent-encoded database path as a configuration error, not an internal error (exit 2)', async () => {
    for (const env of [{ DATABASE_URL: `mysql://root@${host()}/%zz` }, { DATABASE_URL: serverUrl(), FIRST_DATABASE_URL: `mysql://root@${host()}/%zz` }]) {
      const result = await unchanged(() => run(['migrate', '--service', 'first'], env));
      expectRefusal(result, 2, /DATABASE_URL .*(not a valid|percent-encoded)/, ws.root);
    }
  });

  // Engine bug: port 0 passes validation and mysql2 treats it as "no port", so the CLI silently talks to 3306.
  it('refuses port 0 instead of silently connecting to port 3306 (exit 2)', async () => {
    const result = await unchanged(() => run(['status', '--service', 'first'], { DATABASE_URL: 'mysql://root@127.0.0.1:0' }));
    expectRefusal(result, 2, /DATABASE_URL .*port/, ws.root);
    expect(`${result.stdout}${result.stderr}`).not.toContain('127.0.0.1:0/');
  });

  it('refuses an unknown service and lists the known ones (exit 2)', async () => {
    const result = await unchanged(() => run(['migrate', '--service', 'nope'], { DATABASE_URL: serverUrl() }));
    expectRefusal(result, 2, /Unknown service "nope".*\n.*Known services: .*first/, ws.root);
  });

  it('refuses service names with quotes or backticks in --service (exit 2)', async () => {
    for (const name of ['a`b', "x'y", 'a"b', `first\`; DROP DATABASE ${sentinel.name}; --`, '../first']) {
      for (const command of ['migrate', 'status', 'rollback']) {
        const result = await unchanged(() => run([command, '--service', name], { DATABASE_URL: serverUrl() }));
        expectRefusal(result, 2, /is not a valid service name/, ws.root);
      }
    }
  });

  it('refuses database and ledger names with quotes or backticks in migrate.config.json, naming the file and field (exit 2)', async () => {
    for (const [service, field] of [['backtick', 'database'], ['quote', 'database'], ['dquote', 'database'], ['ledger', 'ledgerTable']]) {
      for (const argv of [['migrate', '--service', service!, '--create-database'], ['status', '--service', service!]]) {
        const result = await unchanged(() => run(argv, { DATABASE_URL: serverUrl() }));
        expectRefusal(result, 2, new RegExp(`services/${service}/migrate\\.config\\.json: ${field}: must be letters, digits or _`), ws.root);
      }
    }
    expect(await sentinel.query('SELECT id FROM keep')).toEqual([{ id: 1 }]);
  });

  it('reports an unreachable server (exit 2)', async () => {
    const result = await unchanged(() => run(['migrate', '--service', 'first'], { DATABASE_URL: 'mysql://root@127.0.0.1:1' }));
    expectRefusal(result, 2, /Cannot connect to the database server at 127\.0\.0\.1:1 .*connection refused/, ws.root);
  });

  describe('with a password', () => {
    let user: TestUser;
    beforeAll(async () => {
      user = await createUser('rel_pw', 'Right-Pw-4711', [db.name]);
    });
    afterAll(async () => {
      await user?.drop();
    });

    it('reports a wrong password without printing it (exit 2)', async () => {
      const url = user.url(db.name, 'Wrong-Pw-0815');
      for (const env of [{ FIRST_DATABASE_URL: url }, { DATABASE_URL: user.url(undefined, 'Wrong-Pw-0815') }]) {
        const result = await unchanged(() => run(['migrate', '--service', 'first'], env));
        expectRefusal(result, 2, new RegExp(`Access denied for user '${user.name}'.*wrong user or password`), ws.root);
        const output = `${result.stdout}${result.stderr}`;
        expect(output).not.toContain('Wrong-Pw');
        expect(output).not.toContain('Right-Pw');
      }
    });
  });

  it('reports a missing database with the --create-database hint (exit 2), then creates it with --create-database', async () => {
    const ghost = `${tag}_ghost`;
    const env = { DATABASE_URL: serverUrl() };
    const missing = await unchanged(() => run(['migrate', '--service', 'ghost'], env));
    expectRefusal(missing, 2, new RegExp(`Database \`${ghost}\` does not exist.*\\n.*--create-database`), ws.root);
    expect(await databasesLike(ghost)).toEqual([]);
    const created = await run(['migrate', '--service', 'ghost', '--create-database'], env);
    expect(created.code, created.stderr).toBe(0);
    expect(await databasesLike(ghost)).toEqual([ghost]);
    const status = await run(['status', '--service', 'ghost', '--json'], { DATABASE_URL: serverUrl() });
    expect(JSON.parse(status.stdout)).toMatchObject({ database: ghost, current: null, applied: [], pending: [] });
  });
});
