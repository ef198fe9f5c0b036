// Throwaway servers for tests and benchmarks: a copy of the template on tmpfs (or on disk, for a durable server),
// gone when stopped or when the owning process dies.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { findServerBinary } from './binary.mjs';
import { filesystemOf } from './filesystem.mjs';
import { copyTemplate, ensureTemplate } from './template.mjs';
import { isAlive, killIfOurs } from './processes.mjs';
import { startServer } from './spawn-server.mjs';

const PREFIX = 'dev-db-ephemeral-';
const MIN_FREE_TMPFS = 512 * 1024 * 1024;

/** A Unix socket path must stay under ~100 bytes; a longer one goes to the temp dir. */
const MAX_SOCKET_PATH = 100;

/** tmpfs makes DDL 3-5x faster than disk; fall back to the temp dir when it is missing or small. */
function memoryBaseDir() {
  try {
    const stats = statfsSync('/dev/shm');
    if (stats.bavail * stats.bsize > MIN_FREE_TMPFS) return '/dev/shm';
  } catch {
    // not Linux, or no /dev/shm
  }
  return tmpdir();
}

/**
 * A folder on disk for a durable server: the cache folder (next to the template), else the temp dir.
 * @param {string} cacheDir
 */
function diskBaseDir(cacheDir) {
  const found = [cacheDir, tmpdir()].find((dir) => !filesystemOf(dir).inMemory);
  if (found === undefined) {
    throw new Error(`A durable server needs its data on disk, but ${cacheDir} and ${tmpdir()} are both in memory (${filesystemOf(cacheDir).name}). ` +
      'Give a cacheDir on disk, or set TMPDIR to a folder on disk.');
  }
  return found;
}

/**
 * Kills servers and removes folders left by owners that died together with their watchdog.
 * @param {string} base
 */
function sweep(base) {
  for (const name of readdirSync(base)) {
    if (!name.startsWith(PREFIX)) continue;
    const dir = join(base, name);
    let owner;
    try {
      owner = JSON.parse(readFileSync(join(dir, 'owner.json'), 'utf8'));
    } catch {
      continue;
    }
    if (isAlive(owner.ownerPid)) continue;
    killIfOurs(owner.serverPid, dir);
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * @typedef {object} EphemeralServer
 * @property {string} url `mysql://root@127.0.0.1:<port>`, without a database
 * @property {string} host
 * @property {number} port
 * @property {string} user
 * @property {string} socket
 * @property {number} pid
 * @property {string} datadir its data directory
 * @property {string} filesystem the kind of file system the data directory is on, e.g. `tmpfs`, `ext4`
 * @property {boolean} durable started with MariaDB's own durability settings (see startEphemeralServer)
 * @property {() => Promise<void>} stop
 */

/**
 * Starts a private server on a fresh copy of the template.
 * @param {{ cacheDir: string, timeoutMs?: number, extraArgs?: readonly string[], durable?: boolean }} options
 *   cacheDir holds the template; extraArgs are more server options, e.g. `['--ssl-ca=ca.pem', '--ssl-cert=server.pem',
 *   '--ssl-key=server.key']`. durable: the data directory on disk (under cacheDir, else the temp dir; never tmpfs)
 *   and the server's own settings, so that every commit is flushed to disk as on a production server; otherwise
 *   the data is on tmpfs when there is room and commits are not flushed.
 * @returns {Promise<EphemeralServer>}
 */
export async function startEphemeralServer({ cacheDir, timeoutMs, extraArgs, durable = false }) {
  const binary = findServerBinary();
  const template = await ensureTemplate(binary, cacheDir);
  const base = durable ? diskBaseDir(cacheDir) : memoryBaseDir();
  sweep(base);
  const datadir = mkdtempSync(join(base, PREFIX));
  copyTemplate(template, datadir);
  const socket = join(datadir, 's.sock').length < MAX_SOCKET_PATH ? join(datadir, 's.sock') : join(tmpdir(), `${basename(datadir)}.sock`);
  const server = await startServer({ binary, datadir, socket, removeOnStop: true, timeoutMs, extraArgs, durable });
  server.unref();
  writeFileSync(join(datadir, 'owner.json'), JSON.stringify({ ownerPid: process.pid, serverPid: server.pid }));
  const onExit = () => {
    try {
      process.kill(server.pid, 'SIGKILL');
    } catch {
      // already gone
    }
    if (existsSync(datadir)) rmSync(datadir, { recursive: true, force: true });
  };
  process.on('exit', onExit);
  return {
    url: `mysql://root@127.0.0.1:${server.port}`,
    host: '127.0.0.1',
    port: server.port,
    user: 'root',
    socket: server.socket,
    pid: server.pid,
    datadir,
    filesystem: filesystemOf(datadir).name,
    durable,
    stop: async () => {
      process.off('exit', onExit);
      await server.stop();
    },
  };
}
