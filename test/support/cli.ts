import { spawn } from 'node:child_process';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');
export const CLI = join(ROOT, 'packages', 'migrate-core', 'bin', 'migrate-core.js');

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Environment without any database URL of the caller's shell and without CI (as on a developer's machine; a test
 * of CI's behaviour sets it), plus `extra`. Colours off: under CI=true Nx colours its output, which assertions on
 * text should not depend on.
 */
export function cleanEnv(extra: Record<string, string | undefined> = {}): Record<string, string> {
  // check's throwaway shadow servers start from the template this repository's test server was made from.
  const env: Record<string, string> = { NO_COLOR: '1', FORCE_COLOR: '0', DEV_DB_CACHE_DIR: join(ROOT, '.dev-db') };
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !key.endsWith('DATABASE_URL') && !key.startsWith('VITEST') && key !== 'NODE_OPTIONS' && key !== 'CI') env[key] = value;
  }
  for (const [key, value] of Object.entries(extra)) if (value !== undefined) env[key] = value;
  return env;
}

/** Runs the built CLI (`node bin/migrate-core.js ...args`) in `cwd` and collects its output and exit code. */
export function runCli(args: readonly string[], options: { cwd?: string; env?: Record<string, string | undefined> } = {}): Promise<CliResult> {
  return runNode([CLI, ...args], options);
}

export function runNode(args: readonly string[], options: { cwd?: string; env?: Record<string, string | undefined> } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: options.cwd ?? ROOT, env: cleanEnv(options.env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    // Nx writes CRLF line ends under CI=true; tests read lines.
    const lf = (text: string) => text.replace(/\r\n/g, '\n');
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : -1), stdout: lf(stdout), stderr: lf(stderr) }));
  });
}
