// Starts mariadbd/mysqld under a small shell watchdog, so that no server outlives the process that owns it.
//
// The watchdog is the server's parent and holds the read end of a pipe whose write end only the owner holds.
// When the owner closes it (stop) or dies for any reason, SIGKILL included, the read sees end-of-file: the
// watchdog stops the server, reaps it and, for throwaway servers, removes the data directory.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { isAlive } from './processes.mjs';
import { greets } from './socket-probe.mjs';
import { serverArgs, tmpdirOf } from './server-args.mjs';

const WATCHDOG = `
datadir=$1; remove=$2; grace=$3; shift 3
"$@" </dev/null >/dev/null 2>&1 &
pid=$!
echo "$pid"
while read -r _; do :; done
if [ "$grace" -gt 0 ]; then
  ( sleep "$grace"; kill -KILL "$pid" 2>/dev/null ) &
  killer=$!
  kill -TERM "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  kill "$killer" 2>/dev/null
else
  kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
fi
if [ "$remove" = 1 ]; then rm -rf "$datadir"; fi
`;

const PORT_ATTEMPTS = 5;

/** The server could not bind its TCP port: another program holds it. */
export class PortTakenError extends Error {
  /** @param {number} port */
  constructor(port) {
    super(`Port ${port} on 127.0.0.1 is taken by another program; the database server could not bind it.`);
    this.name = 'PortTakenError';
    this.code = 'DEV_DB_PORT_TAKEN';
    this.port = port;
  }
}

/** @returns {Promise<number>} a TCP port free at the time of asking */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}


/** @param {string} datadir */
function errorLogTail(datadir) {
  try {
    const lines = readFileSync(join(datadir, 'error.log'), 'utf8').trim().split('\n');
    return lines.filter((line) => /ERROR|error/.test(line)).slice(-5).join('\n') || lines.slice(-5).join('\n');
  } catch {
    return '(no error log)';
  }
}

/**
 * @typedef {object} RunningServer
 * @property {number} pid the server's process id
 * @property {number} watchdogPid
 * @property {number} port
 * @property {string} socket
 * @property {string} datadir
 * @property {() => Promise<void>} stop stops the server (and removes its data directory when asked to)
 * @property {() => void} unref lets the owner exit without stopping first (the watchdog then cleans up)
 */

/**
 * @param {import('node:child_process').ChildProcess} watchdog
 * @returns {Promise<number>} the server pid the watchdog prints first
 */
function readServerPid(watchdog) {
  return new Promise((resolve, reject) => {
    let text = '';
    watchdog.stdout?.on('data', (chunk) => {
      text += chunk;
      const line = text.split('\n')[0];
      if (text.includes('\n')) resolve(Number(line));
    });
    watchdog.on('error', reject);
    watchdog.on('exit', () => reject(new Error('the server watchdog exited before starting the server')));
  });
}

/**
 * @param {{ pid: number, socket: string, datadir: string, timeoutMs: number }} args
 * @returns {Promise<'ready' | 'port-taken'>}
 */
async function waitUntilReady({ pid, socket, datadir, timeoutMs }) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await greets(socket)) return 'ready';
    if (!isAlive(pid)) {
      const tail = errorLogTail(datadir);
      if (/Address already in use|Bind on TCP\/IP port/.test(tail)) return 'port-taken';
      throw new Error(`The database server exited during start-up. Its log (${join(datadir, 'error.log')}) says:\n${tail}`);
    }
    await new Promise((r) => setTimeout(r, 15));
  }
  throw new Error(`The database server did not answer on ${socket} within ${timeoutMs} ms. Its log says:\n${errorLogTail(datadir)}`);
}

/**
 * Starts a server on an existing data directory.
 * @param {object} options
 * @param {import('./binary.mjs').ServerBinary} options.binary
 * @param {string} options.datadir
 * @param {string} options.socket Unix socket path (< 100 characters)
 * @param {number} [options.port] TCP port; a free one when omitted
 * @param {boolean} [options.removeOnStop] remove the data directory when the server stops or the owner dies
 * @param {number} [options.graceSeconds] SIGTERM grace before SIGKILL; 0 kills at once
 * @param {number} [options.timeoutMs]
 * @param {boolean} [options.detached] put the watchdog in its own process group (so a Ctrl-C of the owner's
 *   terminal reaches only the owner, which then stops the server in order)
 * @param {readonly string[]} [options.extraArgs] more server options, after the defaults (e.g. `--ssl-cert=...`)
 * @param {boolean} [options.durable] MariaDB's own durability and cache settings (a commit is flushed to disk)
 *   instead of the fast ones that suit throwaway data
 * @returns {Promise<RunningServer>}
 */
export async function startServer(options) {
  const { binary, datadir, socket, removeOnStop = false, graceSeconds = 0, timeoutMs = 30_000, extraArgs = [], durable = false } = options;
  mkdirSync(tmpdirOf(datadir), { recursive: true });
  for (let attempt = 1; ; attempt++) {
    const port = options.port ?? (await freePort());
    const watchdog = spawn('/bin/sh', ['-c', WATCHDOG, 'dev-db-watchdog', datadir, removeOnStop ? '1' : '0',
      String(graceSeconds), ...serverArgs(binary, { datadir, socket, port, extraArgs, durable })], {
      stdio: ['pipe', 'pipe', 'ignore'], detached: options.detached ?? false,
    });
    const pid = await readServerPid(watchdog);
    const stop = () => stopServer(watchdog);
    let state;
    try {
      state = await waitUntilReady({ pid, socket, datadir, timeoutMs });
    } catch (error) {
      await stop();
      throw error;
    }
    if (state === 'ready') {
      const unref = () => {
        watchdog.unref();
        /** @type {any} */ (watchdog.stdout)?.unref?.();
        /** @type {any} */ (watchdog.stdin)?.unref?.();
      };
      return { pid, watchdogPid: watchdog.pid ?? 0, port, socket, datadir, stop, unref };
    }
    await stop();
    if (options.port !== undefined || attempt >= PORT_ATTEMPTS) throw new PortTakenError(port);
  }
}

/**
 * Closes the watchdog's pipe and waits until it has stopped the server and cleaned up.
 * @param {import('node:child_process').ChildProcess} watchdog
 */
function stopServer(watchdog) {
  return new Promise((resolve) => {
    if (watchdog.exitCode !== null || watchdog.signalCode !== null) return resolve(undefined);
    watchdog.ref();
    watchdog.once('exit', () => resolve(undefined));
    watchdog.stdin?.end();
  });
}
