import { spawn, type ChildProcess } from 'node:child_process';
import { CLI, cleanEnv, type CliResult } from './cli.js';

export interface RunningCli {
  readonly child: ChildProcess;
  /** Output so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves once `text` appears on stdout (or rejects when the process ends first). */
  waitFor(text: string): Promise<void>;
  /** Resolves when the process has exited; a killed process reports 128 + signal number, e.g. 137 for SIGKILL. */
  readonly done: Promise<CliResult & { signal: NodeJS.Signals | null }>;
}

const SIGNAL_NUMBERS: Partial<Record<NodeJS.Signals, number>> = { SIGKILL: 9, SIGTERM: 15, SIGINT: 2 };

/** Starts the built CLI without waiting for it, so that tests can race or kill it. */
export function startCli(args: readonly string[], options: { cwd: string; env?: Record<string, string | undefined> }): RunningCli {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: options.cwd, env: cleanEnv(options.env), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const waiters: Array<{ text: string; resolve: () => void; reject: (error: Error) => void }> = [];
  child.stdout!.on('data', (chunk) => {
    stdout += chunk;
    for (const waiter of [...waiters]) {
      if (stdout.includes(waiter.text)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  });
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const done = new Promise<CliResult & { signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      for (const waiter of waiters.splice(0)) waiter.reject(new Error(`the process ended (code ${code}, signal ${signal}) before printing "${waiter.text}"\n${stdout}\n${stderr}`));
      resolve({ code: code ?? 128 + (signal ? SIGNAL_NUMBERS[signal] ?? 0 : 0), signal, stdout, stderr });
    });
  });
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    done,
    waitFor: (text) => (stdout.includes(text) ? Promise.resolve() : new Promise((resolve, reject) => waiters.push({ text, resolve, reject }))),
  };
}

/** Resolves after `ms` milliseconds. */
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
