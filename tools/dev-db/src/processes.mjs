// Small process helpers shared by the dev server and the throwaway servers.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** @param {number} pid */
export function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * The command line of a process ('' when it is gone), to check a pid still is the server we started before
 * killing it (pids are reused).
 * @param {number} pid
 */
export function commandLineOf(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    try {
      return execFileSync('ps', ['-o', 'command=', '-p', String(pid)], { encoding: 'utf8' });
    } catch {
      return '';
    }
  }
}

/**
 * SIGKILLs `pid` when it is alive and its command line mentions `marker` (our data directory).
 * @param {number} pid
 * @param {string} marker
 */
export function killIfOurs(pid, marker) {
  if (!isAlive(pid) || !commandLineOf(pid).includes(marker)) return;
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}
