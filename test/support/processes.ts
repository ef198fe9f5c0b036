import { spawn, type ChildProcess } from 'node:child_process';
import { CLI, cleanEnv, type CliResult } from './cli.js';
import { pollUntil } from './poll.js';

export interface RunningCli {
  readonly child: ChildProcess;
  /** Output so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves once `text` appears on `stream` (default stdout); fails when the process ends first, or at the deadline. */
  waitFor(text: string, stream?: 'stdout' | 'stderr'): Promise<void>;
  /** Undefined while the process runs; once it has exited, how it ended and what it printed. */
  exitReport(): string | undefined;
  /** Resolves when the process has exited; a killed process reports 128 + signal number, e.g. 137 for SIGKILL. */
  readonly done: Promise<CliResult & { signal: NodeJS.Signals | null }>;
}

const SIGNAL_NUMBERS: Partial<Record<NodeJS.Signals, number>> = { SIGKILL: 9, SIGTERM: 15, SIGINT: 2 };

/** Starts the built CLI without waiting for it, so that tests can race, stop or kill it. */
export function startCli(args: readonly string[], options: { cwd: string; env?: Record<string, string | undefined> }): RunningCli {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: options.cwd, env: cleanEnv(options.env), stdio: ['ignore', 'pipe', 'pipe'] });
  const output = { stdout: '', stderr: '' };
  let exit: string | undefined;
  child.stdout!.on('data', (chunk) => (output.stdout += chunk));
  child.stderr!.on('data', (chunk) => (output.stderr += chunk));
  const done = new Promise<CliResult & { signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      exit = `the process exited (code ${code}, signal ${signal})\n${output.stdout}\n${output.stderr}`;
      resolve({ code: code ?? 128 + (signal ? SIGNAL_NUMBERS[signal] ?? 0 : 0), signal, stdout: output.stdout, stderr: output.stderr });
    });
  });
  return {
    child,
    stdout: () => output.stdout,
    stderr: () => output.stderr,
    done,
    exitReport: () => exit,
    waitFor: async (text, stream = 'stdout') => {
      await pollUntil(`"${text}" on ${stream}`, async () => output[stream], (printed) => printed.includes(text), { giveUpIf: () => exit });
    },
  };
}

/** Kills `cli` with SIGKILL unless it has already exited (for cleanup after a failed test). */
export async function stopCli(cli: RunningCli | undefined): Promise<void> {
  if (cli === undefined) return;
  if (cli.exitReport() === undefined) cli.child.kill('SIGKILL');
  await cli.done.catch(() => {});
}
