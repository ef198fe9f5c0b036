import { chmodSync, copyFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEphemeralServer, type EphemeralServer } from '@repo/dev-db';
import { parseDatabaseUrl } from '../../src/config/database-url.js';
import { settingsOf } from '../../src/config/load.js';
import { openSession, type Session } from '../../src/db/session.js';
import { MigrateError } from '../../src/errors.js';
import { ROOT, runCli } from '../../../../test/support/cli.js';
import { serverUrl, sql } from '../../../../test/support/db.js';
import { makeWorkspace, type TempWorkspace } from '../../../../test/support/workspace.js';
import { makeCertificates, serverTlsArgs, type Certificates } from './tls-support.js';

const DB = 'tls_check';

/** TLS against private MariaDB servers started with certificates made by openssl for this run. */
describe('TLS: the ssl-mode options do what they say', () => {
  let certs: Certificates;
  let tlsServer: EphemeralServer;
  let localhostOnly: EphemeralServer;

  const url = (server: { port: number }, query: string, host = '127.0.0.1', user = 'root') => `mysql://${user}@${host}:${server.port}/${DB}?${query}`;
  const plainPort = () => Number(new URL(serverUrl()).port);
  const open = async (value: string, root = '/'): Promise<Session> => {
    const parsed = parseDatabaseUrl('FIRST_DATABASE_URL', value);
    if (!parsed.ok) throw new Error(parsed.problem);
    return openSession(settingsOf(parsed.url, parsed.url.database ?? DB, 'FIRST_DATABASE_URL', root));
  };
  /** The cipher of the session's connection, as the server sees it: '' for a plain connection. */
  const cipherOf = async (value: string): Promise<string> => {
    const session = await open(value);
    try {
      const rows = await session.query<Array<{ Value: string }>>("SHOW STATUS LIKE 'Ssl_cipher'");
      return rows[0]!.Value;
    } finally {
      await session.close();
    }
  };
  const failure = async (value: string): Promise<MigrateError> => {
    try {
      await (await open(value)).close();
    } catch (error) {
      expect(error).toBeInstanceOf(MigrateError);
      return error as MigrateError;
    }
    throw new Error(`connected with ${value}`);
  };

  beforeAll(async () => {
    certs = makeCertificates();
    const cacheDir = join(ROOT, '.dev-db');
    [tlsServer, localhostOnly] = await Promise.all([
      startEphemeralServer({ cacheDir, extraArgs: serverTlsArgs(certs.ca, certs.server) }),
      startEphemeralServer({ cacheDir, extraArgs: serverTlsArgs(certs.ca, certs.localhostOnly) }),
    ]);
    for (const server of [tlsServer, localhostOnly]) {
      await sql(server.url, `CREATE DATABASE ${DB}; CREATE USER 'certified'@'%' REQUIRE X509; GRANT ALL ON ${DB}.* TO 'certified'@'%'`);
    }
    await sql(serverUrl(), `CREATE DATABASE IF NOT EXISTS ${DB}`);
  });
  afterAll(async () => {
    await Promise.all([tlsServer?.stop(), localhostOnly?.stop()]);
    await sql(serverUrl(), `DROP DATABASE IF EXISTS ${DB}`);
    if (certs) rmSync(certs.dir, { recursive: true, force: true });
  });

  it('REQUIRED (and ssl=true) connects encrypted without checking the certificate', async () => {
    expect(await cipherOf(url(tlsServer, 'ssl-mode=REQUIRED'))).not.toBe('');
    expect(await cipherOf(url(tlsServer, 'ssl=true'))).not.toBe('');
    expect(await cipherOf(url(localhostOnly, 'ssl-mode=required'))).not.toBe('');
  });

  it('DISABLED (and ssl=false, and no option) connects in clear', async () => {
    for (const query of ['ssl-mode=DISABLED', 'ssl=false', '']) expect(await cipherOf(url(tlsServer, query))).toBe('');
  });

  it('PREFERRED encrypts when the server offers TLS, and connects in clear when it does not', async () => {
    expect(await cipherOf(url(tlsServer, 'ssl-mode=PREFERRED'))).not.toBe('');
    expect(await cipherOf(url({ port: plainPort() }, 'ssl-mode=PREFERRED'))).toBe('');
  });

  it('VERIFY_CA connects with the CA that signed the certificate, and fails clearly with another', async () => {
    expect(await cipherOf(url(tlsServer, `ssl-mode=VERIFY_CA&ssl-ca=${certs.ca}`))).not.toBe('');
    expect(await cipherOf(url(tlsServer, `ssl-ca=${certs.ca}`))).not.toBe('');
    // VERIFY_CA does not check the host name: the localhost-only certificate passes on 127.0.0.1.
    expect(await cipherOf(url(localhostOnly, `ssl-mode=VERIFY_CA&ssl-ca=${certs.ca}`))).not.toBe('');
    const error = await failure(url(tlsServer, `ssl-mode=VERIFY_CA&ssl-ca=${certs.otherCa}`));
    expect(error.code).toBe('CONNECTION');
    expect(error.message).toContain(`The server at 127.0.0.1:${tlsServer.port} (from FIRST_DATABASE_URL: `);
    expect(error.message).toContain(`has a TLS certificate not signed by the CA in ssl-ca (${certs.otherCa}) (ssl-mode=VERIFY_CA)`);
    expect(error.hint).toContain(`openssl s_client -connect 127.0.0.1:${tlsServer.port} -starttls mysql -showcerts`);
  });

  it('VERIFY_IDENTITY also checks the host name, for names and IP addresses', async () => {
    const ca = `ssl-mode=VERIFY_IDENTITY&ssl-ca=${certs.ca}`;
    expect(await cipherOf(url(tlsServer, ca))).not.toBe('');
    expect(await cipherOf(url(tlsServer, ca, 'localhost'))).not.toBe('');
    expect(await cipherOf(`mysql://root@localhost/${DB}?socket=${tlsServer.socket}&${ca}`)).not.toBe('');
    // Through the server's socket, so that the wrong name is never looked up: only the certificate check fails.
    const wrongName = await failure(`mysql://root@db.wrong.example/${DB}?socket=${tlsServer.socket}&${ca}`);
    expect(wrongName.message).toMatch(/has a TLS certificate that is not for host db\.wrong\.example \(ssl-mode=VERIFY_IDENTITY\): .*altnames/);
    expect(wrongName.hint).toContain('use ssl-mode=VERIFY_CA');
    // A certificate for localhost only is refused on 127.0.0.1 (the driver alone would check "localhost").
    const wrongIp = await failure(url(localhostOnly, ca));
    expect(wrongIp.message).toContain('has a TLS certificate that is not for host 127.0.0.1');
    expect(await cipherOf(url(localhostOnly, ca, 'localhost'))).not.toBe('');
  });

  it('VERIFY_IDENTITY without ssl-ca trusts only the CAs Node trusts', async () => {
    const error = await failure(url(tlsServer, 'ssl-mode=VERIFY_IDENTITY'));
    expect(error.message).toContain('has a TLS certificate not signed by a CA this machine trusts');
  });

  it('a server without TLS fails clearly when TLS is required', async () => {
    for (const query of ['ssl-mode=REQUIRED', 'ssl=true', `ssl-mode=VERIFY_CA&ssl-ca=${certs.ca}`, `ssl-mode=VERIFY_IDENTITY&ssl-ca=${certs.ca}`]) {
      const error = await failure(url({ port: plainPort() }, query));
      expect(error.message).toMatch(new RegExp(`^The server at 127\\.0\\.0\\.1:${plainPort()} .* does not offer TLS, and FIRST_DATABASE_URL asks for ssl-mode=`));
      expect(error.hint).toContain('Enable TLS on the server');
    }
  });

  it('sends the client certificate of ssl-cert and ssl-key', async () => {
    const denied = await failure(url(tlsServer, `ssl-mode=VERIFY_CA&ssl-ca=${certs.ca}`, '127.0.0.1', 'certified'));
    expect(denied.code).toBe('ACCESS_DENIED');
    const withCert = `ssl-mode=VERIFY_CA&ssl-ca=${certs.ca}&ssl-cert=${certs.client.cert}&ssl-key=${certs.client.key}`;
    expect(await cipherOf(url(tlsServer, withCert, '127.0.0.1', 'certified'))).not.toBe('');
    expect(await cipherOf(url(tlsServer, `ssl-cert=${certs.client.cert}&ssl-key=${certs.client.key}`, '127.0.0.1', 'certified'))).not.toBe('');
  });

  it('names the option and the path of a file it cannot read or use', async () => {
    const missing = await failure(url(tlsServer, `ssl-mode=VERIFY_CA&ssl-ca=${certs.dir}/nope.pem`));
    expect(missing.code).toBe('CONFIG');
    expect(missing.message).toBe(`Cannot read ssl-ca file ${certs.dir}/nope.pem (from FIRST_DATABASE_URL): no such file.`);
    const mismatched = await failure(url(tlsServer, `ssl-cert=${certs.client.cert}&ssl-key=${certs.server.key}`));
    expect(mismatched.code).toBe('CONFIG');
    expect(mismatched.message).toContain(`The TLS files of FIRST_DATABASE_URL cannot be used (ssl-cert=${certs.client.cert}, ssl-key=${certs.server.key})`);
    if (process.getuid?.() !== 0) {
      const locked = join(certs.dir, 'locked.pem');
      writeFileSync(locked, 'x');
      chmodSync(locked, 0);
      expect((await failure(url(tlsServer, `ssl-ca=${locked}`))).message).toContain(`Cannot read ssl-ca file ${locked}`);
    }
  });

  describe('through the CLI', () => {
    let ws: TempWorkspace;
    beforeAll(() => {
      ws = makeWorkspace({ first: { database: DB } });
    });
    afterAll(() => ws?.cleanup());

    it('status runs over VERIFY_IDENTITY, with a certificate path relative to the workspace root (exit 0)', async () => {
      copyFileSync(certs.ca, join(ws.root, 'ca.pem'));
      const result = await runCli(['status', '--service', 'first', '--json'], { cwd: ws.root, env: { FIRST_DATABASE_URL: url(tlsServer, 'ssl-mode=VERIFY_IDENTITY&ssl-ca=ca.pem') } });
      expect(result.code, result.stderr).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ service: 'first', database: DB, current: null });
    });

    it('a certificate that fails verification, or a server without TLS, is exit 2 with the reason', async () => {
      const wrong = await runCli(['status', '--service', 'first'], { cwd: ws.root, env: { FIRST_DATABASE_URL: url(tlsServer, `ssl-mode=VERIFY_CA&ssl-ca=${certs.otherCa}`) } });
      expect(wrong.code).toBe(2);
      expect(wrong.stderr).toContain('has a TLS certificate not signed by the CA in ssl-ca');
      const plain = await runCli(['migrate', '--service', 'first', '--json'], { cwd: ws.root, env: { DATABASE_URL: `mysql://root@127.0.0.1:${plainPort()}?ssl=true` } });
      expect(plain.code).toBe(2);
      expect(JSON.parse(plain.stdout).error.message).toContain('does not offer TLS, and DATABASE_URL asks for ssl-mode=REQUIRED');
    });
  });
});
