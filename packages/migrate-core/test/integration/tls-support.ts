import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** PEM files made by openssl for one test run: two CAs, server certificates, a client certificate. */
export interface Certificates {
  readonly dir: string;
  readonly ca: string;
  /** A CA that signed nothing here. */
  readonly otherCa: string;
  /** Signed by `ca`, for localhost and 127.0.0.1. */
  readonly server: { cert: string; key: string };
  /** Signed by `ca`, for localhost only (not for 127.0.0.1). */
  readonly localhostOnly: { cert: string; key: string };
  /** Signed by `ca`, CN=migrate-client. */
  readonly client: { cert: string; key: string };
}

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

function selfSigned(dir: string, name: string, subject: string): void {
  openssl(dir, ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.pem`, '-days', '2', '-subj', subject]);
}

function signed(dir: string, name: string, subject: string, altNames?: string): { cert: string; key: string } {
  openssl(dir, ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject]);
  const extensions = altNames === undefined ? [] : ['-extfile', `${name}.ext`];
  if (altNames !== undefined) writeFileSync(join(dir, `${name}.ext`), `subjectAltName=${altNames}\n`);
  openssl(dir, ['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.pem`, '-days', '2', ...extensions]);
  return { cert: join(dir, `${name}.pem`), key: join(dir, `${name}.key`) };
}

/** Makes the certificates in a fresh temp folder (needs the openssl binary). */
export function makeCertificates(): Certificates {
  const dir = mkdtempSync(join(tmpdir(), 'tls-'));
  selfSigned(dir, 'ca', '/CN=migrate-core test CA');
  selfSigned(dir, 'other-ca', '/CN=some other CA');
  return {
    dir,
    ca: join(dir, 'ca.pem'),
    otherCa: join(dir, 'other-ca.pem'),
    server: signed(dir, 'server', '/CN=localhost', 'DNS:localhost,IP:127.0.0.1'),
    localhostOnly: signed(dir, 'localhost-only', '/CN=localhost', 'DNS:localhost'),
    client: signed(dir, 'client', '/CN=migrate-client'),
  };
}

/** The server options that turn TLS on with `cert`, trusting `ca` for client certificates. */
export function serverTlsArgs(ca: string, cert: { cert: string; key: string }): string[] {
  return [`--ssl-ca=${ca}`, `--ssl-cert=${cert.cert}`, `--ssl-key=${cert.key}`];
}
