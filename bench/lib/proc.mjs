// Runs one command and measures it: wall time from spawn to exit, and optionally its peak RSS.
import { spawn } from 'node:child_process';
import { existsSync, openSync, closeSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const GNU_TIME = '/usr/bin/time';

/**
 * @typedef {object} RunOptions
 * @property {string} [cwd]
 * @property {Record<string, string | undefined>} [env] the whole environment of the child
 * @property {string} [stdinFile] a file fed to the child's stdin
 * @property {boolean} [peakRss] also measure the peak resident set size (KiB)
 * @property {number[]} [okCodes] exit codes that count as success (default [0])
 */

/**
 * @typedef {object} RunResult
 * @property {number} ms wall time
 * @property {number} code
 * @property {string} stdout
 * @property {string} stderr
 * @property {number | null} peakRssKb
 */

/**
 * Runs `command args` to completion. Throws when it exits with a code not in `okCodes`, showing its output,
 * so a broken contender never produces a silently wrong figure.
 * @param {string} command @param {string[]} args @param {RunOptions} [options]
 * @returns {Promise<RunResult>}
 */
export async function run(command, args, options = {}) {
  const rssFile = options.peakRss && existsSync(GNU_TIME) ? join(tmpdir(), `bench-rss-${process.pid}-${Date.now()}.tmp`) : undefined;
  const [bin, argv] = rssFile ? [GNU_TIME, ['-f', '%M', '-o', rssFile, command, ...args]] : [command, args];
  const stdin = options.stdinFile ? openSync(options.stdinFile, 'r') : 'ignore';
  try {
    const started = process.hrtime.bigint();
    const child = spawn(bin, argv, { cwd: options.cwd, env: options.env, stdio: [stdin, 'pipe', 'pipe'] });
    const poll = options.peakRss && !rssFile ? pollPeakRss(child.pid) : undefined;
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk) => (stdout += chunk));
    child.stderr?.on('data', (chunk) => (stderr += chunk));
    const code = await new Promise((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (exit, signal) => resolve(exit ?? (signal ? 128 : -1)));
    });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const peakRssKb = rssFile ? readRssFile(rssFile) : poll ? poll.stop() : null;
    if (!(options.okCodes ?? [0]).includes(code)) {
      throw new Error(`\`${[command, ...args].join(' ')}\` exited with ${code}\n--- stdout\n${stdout.slice(-2000)}\n--- stderr\n${stderr.slice(-2000)}`);
    }
    return { ms, code, stdout, stderr, peakRssKb };
  } finally {
    if (typeof stdin === 'number') closeSync(stdin);
  }
}

/** @param {string} file */
function readRssFile(file) {
  try {
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    return Number(lines.at(-1));
  } finally {
    rmSync(file, { force: true });
  }
}

/**
 * Fallback without GNU time: polls the kernel's high-water mark (VmHWM) every 5 ms; it only grows, so the
 * last reading before exit is the peak up to that moment.
 * @param {number | undefined} pid
 */
function pollPeakRss(pid) {
  let peak = 0;
  const read = () => {
    try {
      const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (match) peak = Math.max(peak, Number(match[1]));
    } catch {
      // exited
    }
  };
  const timer = setInterval(read, 5);
  read();
  return { stop: () => (clearInterval(timer), peak || null) };
}

/** True when `command` can be run (found in PATH or an absolute path that exists). @param {string} command */
export function which(command) {
  if (command.includes('/')) return existsSync(command) ? command : null;
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (dir && existsSync(join(dir, command))) return join(dir, command);
  }
  return null;
}
