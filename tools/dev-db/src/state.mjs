// The state file the supervisor of the workspace's dev server writes (.dev-db/server.json), and the URL it gives.
import { readFileSync } from 'node:fs';

/**
 * @typedef {{ supervisorPid: number, serverPid: number, port: number, socket: string, datadir: string,
 *   flavor: string, version: string, startedAt: string, movedFrom?: number }} DevServerState
 *   movedFrom: the port of the previous start, when another program had taken it
 */

/**
 * @param {string} stateFile
 * @returns {DevServerState | undefined}
 */
export function readState(stateFile) {
  try {
    return JSON.parse(readFileSync(stateFile, 'utf8'));
  } catch {
    return undefined;
  }
}

/** @param {DevServerState} state */
export const urlOf = (state) => `mysql://root@127.0.0.1:${state.port}`;
