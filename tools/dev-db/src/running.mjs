// Whether the workspace's dev server runs, and where: the path every command on the embedded database takes
// when it does. It starts nothing and needs no server binary, so it stays small (the CLI bundles it; starting
// the server is dev-server.mjs).
import { devDbPaths } from './paths.mjs';
import { isAlive } from './processes.mjs';
import { greets } from './socket-probe.mjs';
import { readState, urlOf } from './state.mjs';

/**
 * @typedef {{ running: false } | ({ running: true, url: string } & import('./state.mjs').DevServerState)} DevServerStatus
 */

/**
 * @param {string} root workspace root
 * @returns {Promise<DevServerStatus>}
 */
export async function devServerStatus(root) {
  const state = readState(devDbPaths(root).stateFile);
  if (!state || !isAlive(state.supervisorPid) || !(await greets(state.socket))) return { running: false };
  return { running: true, url: urlOf(state), ...state };
}

/**
 * The URL of the workspace's dev server when it runs, else undefined (ensureDevServer starts it).
 * @param {string} root workspace root
 * @returns {Promise<string | undefined>} `mysql://root@127.0.0.1:<port>`
 */
export async function runningDevServerUrl(root) {
  const status = await devServerStatus(root);
  return status.running ? status.url : undefined;
}
