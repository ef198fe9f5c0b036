// The workspace's dev server: started on demand by the first command that needs it, kept across commands,
// stopped by `npm run db:stop`. State lives in <workspace>/.dev-db.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { findServerBinary } from './binary.mjs';
import { devDbPaths } from './paths.mjs';
import { isAlive, killIfOurs } from './processes.mjs';
import { devServerStatus } from './running.mjs';
import { greets } from './socket-probe.mjs';
import { readState, urlOf } from './state.mjs';

const SUPERVISOR = fileURLToPath(new URL('./supervisor.mjs', import.meta.url));
const START_TIMEOUT_MS = 60_000;
const STALE_LOCK_MS = 90_000;

/** @param {string} lockDir */
async function acquireStartLock(lockDir) {
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    try {
      mkdirSync(lockDir);
      writeFileSync(`${lockDir}/owner`, String(process.pid));
      return () => rmSync(lockDir, { recursive: true, force: true });
    } catch (error) {
      if (/** @type {NodeJS.ErrnoException} */ (error).code !== 'EEXIST') throw error;
    }
    const owner = Number(readFileSync(`${lockDir}/owner`, { encoding: 'utf8', flag: 'a+' }) || 0);
    const stale = (owner && !isAlive(owner)) || Date.now() > deadline - START_TIMEOUT_MS + STALE_LOCK_MS;
    if (stale) rmSync(lockDir, { recursive: true, force: true });
    if (Date.now() > deadline) throw new Error(`Timed out waiting for another process to start the dev database (${lockDir}).`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * @param {ReturnType<typeof devDbPaths>} paths
 * @param {(line: string) => void} log
 */
async function startSupervisor(paths, log) {
  log('starting the embedded dev database (MariaDB/MySQL under .dev-db/) ...');
  const started = Date.now();
  const logFd = openSync(paths.logFile, 'a');
  const child = spawn(process.execPath, [SUPERVISOR, paths.stateDir.replace(/\/\.dev-db$/, '')], {
    detached: true, stdio: ['ignore', logFd, logFd],
  });
  child.unref();
  const pid = child.pid ?? 0;
  while (Date.now() - started < START_TIMEOUT_MS) {
    const state = readState(paths.stateFile);
    if (state?.supervisorPid === pid && (await greets(state.socket))) {
      if (state.movedFrom !== undefined) {
        log(`port ${state.movedFrom}, where the dev database ran before, is taken by another program: it now runs on port ${state.port}. ` +
          'Update an exported URL: export DATABASE_URL="$(npm run -s db:url)"');
      }
      log(`dev database ready on 127.0.0.1:${state.port} (${state.flavor} ${state.version}, ${Date.now() - started} ms); stop it with: npm run db:stop`);
      return state;
    }
    if (!isAlive(pid)) {
      const tail = readFileSync(paths.logFile, 'utf8').trim().split('\n').slice(-6).join('\n');
      throw new Error(`The embedded dev database failed to start. ${paths.logFile} says:\n${tail}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`The embedded dev database did not start within ${START_TIMEOUT_MS / 1000} s; see ${paths.logFile}.`);
}

/**
 * Returns the URL of the workspace's dev server, starting it when it is not running.
 * @param {string} root workspace root
 * @param {{ log?: (line: string) => void }} [options] log receives progress lines
 * @returns {Promise<string>} `mysql://root@127.0.0.1:<port>` (no password, no database)
 */
export async function ensureDevServer(root, options = {}) {
  const log = options.log ?? (() => {});
  const paths = devDbPaths(root);
  const current = await devServerStatus(root);
  if (current.running) return current.url;
  findServerBinary();
  mkdirSync(paths.stateDir, { recursive: true });
  const release = await acquireStartLock(paths.lockDir);
  try {
    const again = await devServerStatus(root);
    if (again.running) return again.url;
    killLeftovers(paths);
    return urlOf(await startSupervisor(paths, log));
  } finally {
    release();
  }
}

/**
 * A supervisor killed together with its watchdog can leave a server behind: stop it before starting anew.
 * @param {ReturnType<typeof devDbPaths>} paths
 */
function killLeftovers(paths) {
  const state = readState(paths.stateFile);
  if (!state) return;
  // Each pid is checked against what it should be running: pids are reused.
  killIfOurs(state.supervisorPid, SUPERVISOR);
  killIfOurs(state.serverPid, paths.datadir);
  rmSync(paths.stateFile, { force: true });
}

/**
 * Stops the dev server; its data stays in .dev-db/data for the next start.
 * @param {string} root
 * @returns {Promise<boolean>} false when it was not running
 */
export async function stopDevServer(root) {
  const paths = devDbPaths(root);
  const state = readState(paths.stateFile);
  if (!state || !isAlive(state.supervisorPid)) {
    killLeftovers(paths);
    return false;
  }
  process.kill(state.supervisorPid, 'SIGTERM');
  const deadline = Date.now() + 30_000;
  while (isAlive(state.supervisorPid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
  if (isAlive(state.supervisorPid)) killLeftovers(paths);
  return true;
}

/**
 * Stops the dev server and deletes its data.
 * @param {string} root
 */
export async function resetDevServer(root) {
  await stopDevServer(root);
  const paths = devDbPaths(root);
  if (existsSync(paths.datadir)) rmSync(paths.datadir, { recursive: true, force: true });
}
