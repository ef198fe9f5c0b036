import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../support/cli.js';
import { connect, serverUrl, sql, uniqueName } from '../support/db.js';
import { makeWorkspace, type TempWorkspace } from '../support/workspace.js';
import { createUser, type TestUser } from './support/users.js';

const A = '20260901000001_create_items';
const B = '20260901000002_no_down';
const BOOM = '20260901000001_boom';
/** Distinctive passwords; `tokens` are pieces that must never show up either. */
const PLAIN = { password: 'Tr0mb0ne-Sekret-8812', tokens: ['Tr0mb0ne', 'Sekret-8812'] };
const ENCODED = { password: 'p@ss:w/rd%Z!#Tuba?&', tokens: ['Tuba', 'w/rd%Z'] };
const REJECTED = { password: 'Kazoo-Wrong-5521', tokens: ['Kazoo', 'Wrong-5521'] };

function expectNoSecret(result: CliResult, secret: { password: string; tokens: string[] }, label: string): void {
  const output = `${result.stdout}\n${result.stderr}`;
  for (const needle of [secret.password, encodeURIComponent(secret.password), ...secret.tokens]) {
    expect(output.includes(needle), `${label} printed "${needle}":\n${output}`).toBe(false);
  }
}

/** Every supported way to give a password, through every command and outcome: the password never appears. */
describe('secrets: no password is ever printed, on any path', () => {
  const tag = uniqueName('rel_sec');
  const databases = { vault: `${tag}_vault`, boom: `${tag}_boom`, nodb: `${tag}_nodb` };
  let ws: TempWorkspace;
  let plain: TestUser;
  let encoded: TestUser;
  const host = () => new URL(serverUrl()).host;
  const run = (argv: string[], env: Record<string, string | undefined>) => runCli(argv, { cwd: ws.root, env });
  const resetDatabases = async () => {
    for (const name of [databases.vault, databases.boom]) await sql(serverUrl(), `DROP DATABASE IF EXISTS \`${name}\`; CREATE DATABASE \`${name}\``);
  };

  /** argv, expected exit codes: success, noop, blocked, failed, missing database, lock timeout, unimplemented. */
  const MATRIX: Array<[string[], number[]]> = [
    [['migrate', '--service', 'vault'], [0]],
    [['migrate', '--service', 'vault', '--json'], [0]],
    [['status', '--service', 'vault'], [0]],
    [['status', '--service', 'vault', '--json'], [0]],
    [['rollback', '--service', 'vault', '--json'], [3]],
    [['rollback', '--service', 'vault'], [3]],
    [['migrate', '--service', 'vault', '--to', '20990101000000_nope', '--json'], [3]],
    [['stamp', '--service', 'vault', '20990101000000_nope'], [3]],
    [['resolve', '--service', 'vault', A, '--applied', '--json'], [0]],
    [['migrate', '--service', 'boom'], [1]],
    [['migrate', '--service', 'boom', '--json'], [1]],
    [['status', '--service', 'boom', '--json'], [3]],
    [['migrate', '--service', 'nodb'], [2]],
    [['status', '--service', 'nodb', '--json'], [2]],
    [['plan', '--service', 'vault', '--sql'], [0]],
    [['drift', '--service', 'vault', '--json'], [0, 3]],
  ];

  beforeAll(async () => {
    plain = await createUser('rel_plain', PLAIN.password, Object.values(databases));
    encoded = await createUser('rel_enc', ENCODED.password, Object.values(databases));
    ws = makeWorkspace({
      vault: { database: databases.vault, migrations: { [A]: { up: 'CREATE TABLE items (id int);\n', down: 'DROP TABLE items;\n' }, [B]: { up: 'CREATE TABLE more (id int);\n' } } },
      boom: { database: databases.boom, migrations: { [BOOM]: { up: 'CREATE TABLE ok (id int);\nSELECT * FROM no_such_table;\n', down: 'DROP TABLE ok;\n' } } },
      nodb: { database: databases.nodb },
    });
  });
  afterAll(async () => {
    await plain?.drop();
    await encoded?.drop();
    for (const name of Object.values(databases)) await sql(serverUrl(), `DROP DATABASE IF EXISTS \`${name}\``);
    ws?.cleanup();
  });

  const ways = (): Array<[string, { password: string; tokens: string[] }, Record<string, string>]> => [
    ['DATABASE_URL', PLAIN, { DATABASE_URL: plain.url() }],
    ['<SERVICE>_DATABASE_URL', PLAIN, Object.fromEntries(Object.entries(databases).map(([service, db]) => [`${service.toUpperCase()}_DATABASE_URL`, plain.url(db)]))],
    ['DATABASE_URL, percent-encoded password', ENCODED, { DATABASE_URL: encoded.url() }],
    ['<SERVICE>_DATABASE_URL, percent-encoded password', ENCODED, Object.fromEntries(Object.entries(databases).map(([service, db]) => [`${service.toUpperCase()}_DATABASE_URL`, encoded.url(db)]))],
  ];

  for (const index of [0, 1, 2, 3]) {
    it(`password in ${['DATABASE_URL', '<SERVICE>_DATABASE_URL', 'DATABASE_URL (percent-encoded)', '<SERVICE>_DATABASE_URL (percent-encoded)'][index]}: every command and outcome`, async () => {
      const [label, secret, env] = ways()[index]!;
      await resetDatabases();
      for (const [argv, codes] of MATRIX) {
        const result = await run(argv, env);
        expect(codes, `${label}: ${argv.join(' ')}\n${result.stdout}\n${result.stderr}`).toContain(result.code);
        expect(`${result.stdout}${result.stderr}`.length).toBeGreaterThan(0);
        expectNoSecret(result, secret, `${label}: ${argv.join(' ')}`);
      }
      const holder = await connect(serverUrl());
      try {
        await holder.query('SELECT GET_LOCK(?, 0)', [`migrate-core:${databases.vault}._migrate_core_ledger`]);
        for (const json of [[], ['--json']]) {
          const result = await run(['migrate', '--service', 'vault', '--lock-timeout', '1', ...json], env);
          expect(result.code, result.stderr).toBe(4);
          expectNoSecret(result, secret, `${label}: lock timeout`);
        }
      } finally {
        await holder.end();
      }
    }, 60_000);
  }

  it('the server rejects the password: the error never shows it', async () => {
    for (const env of [{ DATABASE_URL: plain.url(undefined, REJECTED.password) }, { VAULT_DATABASE_URL: plain.url(databases.vault, REJECTED.password) }]) {
      const commands = [['migrate', '--service', 'vault'], ['status', '--service', 'vault', '--json'], ['rollback', '--service', 'vault'],
        ['stamp', '--service', 'vault', A, '--json'], ['plan', '--service', 'vault', '--sql'], ['drift', '--service', 'vault', '--json']];
      for (const argv of commands) {
        const result = await run(argv, env);
        expect(result.code, result.stderr).toBe(2);
        expect(`${result.stdout}${result.stderr}`).toMatch(/Access denied for user/);
        expectNoSecret(result, REJECTED, `rejected: ${argv.join(' ')}`);
        expectNoSecret(result, PLAIN, `rejected: ${argv.join(' ')}`);
      }
    }
  });

  it('unreachable servers and malformed URLs that carry the password never show it', async () => {
    const auth = `${plain.name}:${encodeURIComponent(PLAIN.password)}`;
    for (const url of [`mysql://${auth}@127.0.0.1:1`, `mysql://${auth}@${host()}:notaport`, `mysql://${auth}@${host()}?foo=bar`, `postgres://${auth}@${host()}`, `mysql://${auth}@${host()}/bad-name`]) {
      for (const [variable, json] of [['DATABASE_URL', false], ['VAULT_DATABASE_URL', true]] as const) {
        const result = await run(['migrate', '--service', 'vault', ...(json ? ['--json'] : [])], { [variable]: url });
        expect(result.code, result.stderr).toBe(2);
        expectNoSecret(result, PLAIN, `${variable}=<${url.replace(auth, 'credentials')}>`);
      }
    }
  });

  // Regression guard: masking used to end the password at its first "@", printing the rest of an unencoded
  // password that makes the URL invalid.
  it('a password with an unencoded "@" or "/" (an invalid URL) is not printed in the error', async () => {
    const raw = { password: 'Oboe@Sek:ret/99', tokens: ['Oboe', 'Sek:ret', 'ret/99'] };
    for (const argv of [['migrate', '--service', 'vault'], ['status', '--service', 'vault', '--json']]) {
      const result = await run(argv, { DATABASE_URL: `mysql://${plain.name}:${raw.password}@${host()}` });
      expect(result.code, result.stderr).toBe(2);
      expectNoSecret(result, raw, `unencoded: ${argv.join(' ')}`);
    }
  });
});
