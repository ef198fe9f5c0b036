import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../support/cli.js';
import { createTestDatabase, serverUrl, type TestDatabase } from '../support/db.js';
import { makeWorkspace, type TempWorkspace } from '../support/workspace.js';
import { expectRefusal } from './support/guard.js';
import { createUser, type TestUser } from './support/users.js';

/** Every piece of `secret` at least 4 characters long. */
function pieces(secret: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 4 <= secret.length; i++) out.push(secret.slice(i, i + 4));
  return out;
}

function expectNoPiece(result: CliResult, secret: string, label: string): void {
  const output = `${result.stdout}\n${result.stderr}`;
  for (const piece of pieces(secret)) expect(output.includes(piece), `${label} printed "${piece}":\n${output}`).toBe(false);
}

/** Passwords with URL delimiters: refused before any connection unless unambiguous, and never printed, not even in part. */
describe('passwords with special characters in database URLs', () => {
  let ws: TempWorkspace;
  let db: TestDatabase;
  let user: TestUser;
  const host = () => new URL(serverUrl()).host;
  const run = (argv: string[], env: Record<string, string>) => runCli(argv, { cwd: ws.root, env });
  /** The password of `user`: every delimiter a URL has. */
  const PASSWORD = 'Ob0e:Tu#ba?Hor/n@Lute%7';

  beforeAll(async () => {
    db = await createTestDatabase('urlpw');
    user = await createUser('urlpw', PASSWORD, [db.name]);
    ws = makeWorkspace({ first: { database: db.name } });
  });
  afterAll(async () => {
    await user?.drop();
    await db?.drop();
    ws?.cleanup();
  });

  // Unencoded, each of these makes the host, port or path a guess: a piece of the password would become a port,
  // a parameter, a database name or a host name sent to DNS. Digits first, so that a piece is a valid port.
  it.each([
    ['#', '4711#Tuba-9x', /contains "#"/],
    ['?', '4711?Tuba-9x', /an "@" after the host part/],
    ['/', '4711/Tuba-9x', /an "@" after the host part/],
    ['@', 'Tuba@4711-9x', /more than one "@" before the host/],
    ['all of them', PASSWORD, /contains "#"/],
  ])('unencoded "%s": exit 2 with the parse error, before any lookup or connection, nothing of it printed', async (_label, password, problem) => {
    for (const variable of ['DATABASE_URL', 'FIRST_DATABASE_URL']) {
      const value = `mysql://${user.name}:${password}@${host()}/${db.name}`;
      for (const json of [false, true]) {
        const result = await run(['migrate', '--service', 'first', ...(json ? ['--json'] : [])], { [variable]: value });
        expectRefusal(result, 2, /percent-encode/, ws.root);
        const output = json ? JSON.parse(result.stdout).error.message as string : result.stderr;
        expect(output).toMatch(problem);
        expect(output).toContain(variable);
        expect(output).toContain('percent-encode');
        expect(output).not.toMatch(/Cannot connect|unknown host|ENOTFOUND|EAI_AGAIN|Access denied/);
        expectNoPiece(result, password, `${variable}${json ? ' --json' : ''}`);
      }
    }
    expect(await db.tables()).toEqual([]);
  });

  it('percent-encoded in the user info, or in the password parameter, it connects and is never printed', async () => {
    const encoded = encodeURIComponent(PASSWORD);
    for (const value of [user.url(db.name), `mysql://${user.name}@${host()}/${db.name}?password=${encoded}`]) {
      for (const argv of [['migrate', '--service', 'first'], ['status', '--service', 'first', '--json']]) {
        const result = await run(argv, { FIRST_DATABASE_URL: value });
        expect(result.code, result.stderr).toBe(0);
        expectNoPiece(result, PASSWORD, argv.join(' '));
        expectNoPiece(result, encoded, argv.join(' '));
      }
    }
  });

  it('":" needs no encoding: the password still works and is never printed', async () => {
    const colon = await createUser('urlpw_colon', 'Lu:te-Oboe:42', [db.name]);
    try {
      const result = await run(['status', '--service', 'first'], { FIRST_DATABASE_URL: `mysql://${colon.name}:Lu:te-Oboe:42@${host()}/${db.name}` });
      expect(result.code, result.stderr).toBe(0);
      expectNoPiece(result, 'Lu:te-Oboe:42', 'colon');
      const wrong = await run(['status', '--service', 'first', '--json'], { FIRST_DATABASE_URL: `mysql://${colon.name}:Lu:te-Wr0ng:42@${host()}/${db.name}` });
      expect(wrong.code).toBe(2);
      expect(JSON.parse(wrong.stdout).error.message).toMatch(/Access denied/);
      expectNoPiece(wrong, 'Lu:te-Wr0ng:42', 'colon, wrong password');
    } finally {
      await colon.drop();
    }
  });

  it('a wrong password given as the password parameter is not printed either', async () => {
    const result = await run(['migrate', '--service', 'first', '--json'], { DATABASE_URL: `mysql://${user.name}@${host()}?password=Kazoo%23Wr0ng-5521` });
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout).error.message).toMatch(/Access denied/);
    expectNoPiece(result, 'Kazoo#Wr0ng-5521', 'password parameter');
    expectNoPiece(result, 'Kazoo%23Wr0ng-5521', 'password parameter, encoded');
  });
});
