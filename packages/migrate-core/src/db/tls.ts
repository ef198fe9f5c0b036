// TLS for the session, with the mysql client's modes. The certificate files are read when connecting.
import { connect as netConnect, type Socket } from 'node:net';
import type { SslOptions } from 'mysql2';
import { MigrateError } from '../errors.js';

/** `--ssl-mode` of the mysql client. */
export const SSL_MODES = ['DISABLED', 'PREFERRED', 'REQUIRED', 'VERIFY_CA', 'VERIFY_IDENTITY'] as const;
export type SslMode = (typeof SSL_MODES)[number];

/**
 * How to use TLS (no TlsOptions: a plain connection). PREFERRED: TLS without checking the certificate when the
 * server offers TLS, else plain. REQUIRED: TLS without checking the certificate. VERIFY_CA: the certificate must
 * be signed by `ca`. VERIFY_IDENTITY: also for the host name connected to (`ca`, or the CAs Node trusts).
 */
export interface TlsOptions {
  readonly mode: Exclude<SslMode, 'DISABLED'>;
  /** PEM file paths. */
  readonly ca?: string;
  readonly cert?: string;
  readonly key?: string;
}

/** What TLS needs of the connection settings. */
export interface TlsTarget {
  readonly host: string;
  readonly port: number;
  readonly socketPath?: string;
  readonly tls?: TlsOptions;
  /** The variable the settings came from, for messages. */
  readonly source: string;
}

type FilePart = 'ca' | 'cert' | 'key';

async function readPart(target: TlsTarget, part: FilePart): Promise<Buffer | undefined> {
  const path = target.tls?.[part];
  if (path === undefined) return undefined;
  // Loaded only here, like node:tls below: most connections have no files to read.
  const { readFile } = await import('node:fs/promises');
  try {
    return await readFile(path);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new MigrateError('CONFIG', `Cannot read ssl-${part} file ${path} (from ${target.source}): ${reason}.`,
      { hint: `Fix the path of ssl-${part} in ${target.source} (relative paths start at the workspace root), or make the file readable.`, cause: error });
  }
}

/**
 * mysql2's `ssl` option for the target, its files read and checked now; undefined for a plain connection.
 * Throws a MigrateError naming the option and file when one is unreadable or not a usable PEM file.
 */
export async function sslOptionsFor(target: TlsTarget): Promise<SslOptions | undefined> {
  const tls = target.tls;
  if (tls === undefined) return undefined;
  const [ca, cert, key] = await Promise.all([readPart(target, 'ca'), readPart(target, 'cert'), readPart(target, 'key')]);
  // Loaded only here: Node's TLS costs milliseconds of every start-up, and most connections are plain.
  const { createSecureContext } = await import('node:tls');
  try {
    createSecureContext({ ...(ca ? { ca } : {}), ...(cert ? { cert } : {}), ...(key ? { key } : {}) });
  } catch (error) {
    const files = (['ca', 'cert', 'key'] as const).filter((part) => tls[part] !== undefined).map((part) => `ssl-${part}=${tls[part]}`).join(', ');
    throw new MigrateError('CONFIG', `The TLS files of ${target.source} cannot be used (${files}): ${(error as Error).message}.`,
      { hint: 'ssl-ca and ssl-cert must be PEM certificates, ssl-key the PEM private key of ssl-cert (without a passphrase).', cause: error });
  }
  const verify = tls.mode === 'VERIFY_CA' || tls.mode === 'VERIFY_IDENTITY';
  return {
    ...(ca ? { ca } : {}), ...(cert ? { cert } : {}), ...(key ? { key } : {}),
    rejectUnauthorized: verify,
    verifyIdentity: tls.mode === 'VERIFY_IDENTITY',
  };
}

/**
 * The driver's connection stream, for VERIFY_IDENTITY. mysql2 gives Node no server name when the host is an IP
 * address, and Node then checks the certificate against "localhost"; Node takes the name from the socket's
 * `_host` when there is no other, so the socket carries the host of the URL.
 */
export function identityStream(target: TlsTarget): () => Socket {
  return () => {
    const socket = target.socketPath ? netConnect(target.socketPath) : netConnect(target.port, target.host);
    // What mysql2 does for the streams it makes itself.
    if (!target.socketPath) socket.setNoDelay(true).setKeepAlive(true);
    (socket as unknown as { _host: string })._host = target.host;
    return socket;
  };
}

/** The message for a failed TLS handshake or a server without TLS, or undefined for other errors. */
export function describeTlsError(error: { code?: string; message?: string }, target: TlsTarget, where: string, origin: string): MigrateError | undefined {
  const tls = target.tls;
  if (tls === undefined) return undefined;
  const mode = `ssl-mode=${tls.mode}`;
  if (error.code === 'HANDSHAKE_NO_SSL_SUPPORT') {
    return new MigrateError('CONNECTION', `The server at ${where} ${origin} does not offer TLS, and ${target.source} asks for ${mode}.`,
      { hint: `Enable TLS on the server (ssl_cert and ssl_key), or, where a plain connection is acceptable, use ssl-mode=PREFERRED or DISABLED in ${target.source}.`, cause: error });
  }
  if (error.code !== 'HANDSHAKE_SSL_ERROR') return undefined;
  const detail = error.message ?? 'unknown TLS error';
  const show = `openssl s_client -connect ${target.host}:${target.port} -starttls mysql -showcerts </dev/null`;
  if (/altnames|does not match/i.test(detail)) {
    return new MigrateError('CONNECTION', `The server at ${where} ${origin} has a TLS certificate that is not for host ${target.host} (${mode}): ${detail}`,
      { hint: `Connect with a host name the certificate names (see it with: ${show}), or use ssl-mode=VERIFY_CA in ${target.source} to check the CA only.`, cause: error });
  }
  if (/certificate|verify|self.signed|issuer/i.test(detail)) {
    const against = tls.ca === undefined ? 'a CA this machine trusts' : `the CA in ssl-ca (${tls.ca})`;
    return new MigrateError('CONNECTION', `The server at ${where} ${origin} has a TLS certificate not signed by ${against} (${mode}): ${detail}.`,
      { hint: `Give the CA that signed the server's certificate as ssl-ca in ${target.source} (see the chain with: ${show}).`, cause: error });
  }
  return new MigrateError('CONNECTION', `The TLS handshake with the server at ${where} ${origin} failed (${mode}): ${detail}.`,
    { hint: `Check the server's TLS setup and the ssl-* options in ${target.source}.`, cause: error });
}
