// Small process helpers shared by the dev server and the throwaway servers.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * True while `pid` runs. A zombie (exited, not yet reaped by its parent, as a server under its watchdog's
 * `read` loop) counts as gone.
 * @param {number} pid
 */
export function isAlive(pid) {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    // /proc/<pid>/stat: "pid (name) state ...": the name may hold spaces and parentheses, the state follows the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true; // no /proc (macOS): the signal test is all there is
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
