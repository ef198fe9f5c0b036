// The command line of a private server: what makes it private (its own files, port and socket, loopback only),
// then either the fast settings that suit throwaway data or MariaDB's own, durable ones.
import { join } from 'node:path';
import { REDO_LOG_SIZE } from './template.mjs';

/**
 * Fast, not durable: a commit is not flushed to disk (`innodb_flush_log_at_trx_commit=0`), no doublewrite
 * buffer, small caches. Right for tests and the dev server, whose data can be lost.
 */
const FAST = [
  `--innodb-log-file-size=${REDO_LOG_SIZE}`, '--innodb-flush-log-at-trx-commit=0', '--loose-innodb-doublewrite=0',
  '--loose-innodb-buffer-pool-load-at-startup=0', '--loose-innodb-buffer-pool-dump-at-shutdown=0',
  '--loose-key-buffer-size=1M', '--loose-aria-pagecache-buffer-size=8M', '--loose-feedback=OFF',
];

const TMPDIR_NAME = '.tmp';

/** The server's own temporary directory, inside its data directory. @param {string} datadir */
export function tmpdirOf(datadir) {
  return join(datadir, TMPDIR_NAME);
}

/**
 * @param {import('./binary.mjs').ServerBinary} binary
 * @param {{ datadir: string, socket: string, port: number, extraArgs: readonly string[], durable: boolean }} where
 *   durable: none of FAST, so every setting that bears on durability and speed is as the server ships it (the
 *   redo log is resized from the template's at start-up)
 */
export function serverArgs(binary, { datadir, socket, port, extraArgs, durable }) {
  const asRoot = process.getuid?.() === 0;
  return [
    binary.path, '--no-defaults', `--datadir=${datadir}`, `--socket=${socket}`, `--port=${port}`,
    // Its own temporary directory: a server starting with the shared /tmp as its tmpdir deletes the `#sql*`
    // files of the other servers there, and their queries then fail ("Error on delete of '/tmp/#sql-...'").
    `--tmpdir=${tmpdirOf(datadir)}`, `--loose-ignore-db-dirs=${TMPDIR_NAME}`,
    '--bind-address=127.0.0.1', `--pid-file=${join(datadir, 'server.pid')}`, `--log-error=${join(datadir, 'error.log')}`,
    '--skip-name-resolve', '--character-set-server=utf8mb4', '--collation-server=utf8mb4_unicode_ci',
    '--max-allowed-packet=64M', '--max-connections=500',
    ...(durable ? [] : FAST),
    ...(asRoot ? ['--user=root'] : []),
    // Last, so that they win over the defaults above.
    ...extraArgs,
  ];
}
