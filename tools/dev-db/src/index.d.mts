export interface ServerBinary {
  path: string;
  flavor: 'mariadb' | 'mysql';
  version: string;
  installDb?: string;
}
export declare class MissingServerError extends Error {
  code: 'DEV_DB_NO_SERVER';
}
/** Finds mariadbd/mysqld (PATH, /usr/sbin, Homebrew, DEV_DB_SERVER_BIN), or throws MissingServerError. */
export declare function findServerBinary(env?: NodeJS.ProcessEnv): ServerBinary;

export type { DevServerState, DevServerStatus } from './running.mjs';
/**
 * Returns `mysql://root@127.0.0.1:<port>` of the workspace's dev server, starting it when needed. The port is kept
 * in .dev-db/port across restarts; when another program has taken it, another is chosen and `log` says so.
 */
export declare function ensureDevServer(root: string, options?: { log?: (line: string) => void }): Promise<string>;
export { devServerStatus, runningDevServerUrl } from './running.mjs';
export declare function stopDevServer(root: string): Promise<boolean>;
export declare function resetDevServer(root: string): Promise<void>;

export interface EphemeralServer {
  url: string;
  host: string;
  port: number;
  user: string;
  socket: string;
  pid: number;
  /** Its data directory. */
  datadir: string;
  /** The kind of file system the data directory is on, e.g. `tmpfs`, `ext4`. */
  filesystem: string;
  /** Started with the server's own durability settings (see startEphemeralServer). */
  durable: boolean;
  stop(): Promise<void>;
}
/**
 * A throwaway server on a tmpfs copy of the template; gone when stopped or when this process dies. `extraArgs` are
 * more server options, after the defaults, e.g. `['--ssl-ca=ca.pem', '--ssl-cert=server.pem', '--ssl-key=server.key']`.
 * `durable: true` puts the copy on disk (under cacheDir, else the temp dir; never tmpfs) and keeps the server's own
 * durability and cache settings (`innodb_flush_log_at_trx_commit=1`, doublewrite on): every commit is flushed to
 * disk, as on a production server. Otherwise commits are not flushed (fast, for data that can be lost).
 */
export declare function startEphemeralServer(options: { cacheDir: string; timeoutMs?: number; extraArgs?: readonly string[]; durable?: boolean }): Promise<EphemeralServer>;
