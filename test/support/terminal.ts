import { spawn } from 'node:child_process';
import { CLI, cleanEnv, type CliResult } from './cli.js';

const shellWord = (word: string) => `'${word.replace(/'/g, "'\\''")}'`;

/**
 * Runs the built CLI with a terminal on stdin and stdout (util-linux `script` gives it a pseudo-terminal), types
 * `input`, and collects what the terminal showed (stdout and stderr together, with the typed echo).
 */
export function runCliInTerminal(args: readonly string[], input: string, options: { cwd: string; env?: Record<string, string | undefined> }): Promise<CliResult> {
  const command = [process.execPath, CLI, ...args].map(shellWord).join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', command, '/dev/null'], { cwd: options.cwd, env: cleanEnv(options.env), stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stdout += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout: stdout.replace(/\r\n/g, '\n'), stderr: '' }));
    child.stdin.end(input);
  });
}
