// Throwaway servers for tests and benchmarks: a copy of the template on tmpfs, gone when stopped or when the
// owning process dies.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findServerBinary } from './binary.mjs';
import { copyTemplate, ensureTemplate } from './template.mjs';
import { isAlive, killIfOurs } from './processes.mjs';
import { startServer } from './spawn-server.mjs';

const PREFIX = 'dev-db-ephemeral-';
const MIN_FREE_TMPFS = 512 * 1024 * 1024;

/** tmpfs makes DDL 3-5x faster than disk; fall back to the temp dir when it is missing or small. */
function baseDir() {
  try {
    const stats = statfsSync('/dev/shm');
    if (stats.bavail * stats.bsize > MIN_FREE_TMPFS) return '/dev/shm';
  } catch {
    // not Linux, or no /dev/shm
  }
  return tmpdir();
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
 * @property {() => Promise<void>} stop
 */

/**
 * Starts a private server on a fresh copy of the template.
 * @param {{ cacheDir: string, timeoutMs?: number, extraArgs?: readonly string[] }} options cacheDir holds the
 *   template; extraArgs are more server options, e.g. `['--ssl-ca=ca.pem', '--ssl-cert=server.pem', '--ssl-key=server.key']`
 * @returns {Promise<EphemeralServer>}
 */
export async function startEphemeralServer({ cacheDir, timeoutMs, extraArgs }) {
  const binary = findServerBinary();
  const template = await ensureTemplate(binary, cacheDir);
  const base = baseDir();
  sweep(base);
  const datadir = mkdtempSync(join(base, PREFIX));
  copyTemplate(template, datadir);
  const server = await startServer({ binary, datadir, socket: join(datadir, 's.sock'), removeOnStop: true, timeoutMs, extraArgs });
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
    stop: async () => {
      process.off('exit', onExit);
      await server.stop();
    },
  };
}
