import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ROOT, runNode, type CliResult } from '../../../../test/support/cli.js';

/**
 * What a copy of this workspace needs for Nx to build its project graph and run the service targets. The lock
 * file too: `check` lists drizzle as externalDependencies inputs, which Nx resolves through it.
 */
const COPIED = [
  'nx.json', 'package.json', 'package-lock.json', '.env',
  'tools/nx-plugin/package.json', 'tools/nx-plugin/generators.json', 'tools/nx-plugin/src',
  'tools/ci/src', 'tools/ci/templates',
  'packages/migrate-core/package.json', 'tools/dev-db/package.json',
];

/**
 * Nx's own settings for the runs: no daemon (a daemon would outlive the temp folder), no isolated plugin
 * workers (about 1 s less per call), no .env files loaded into tasks, no cloud, no full-screen output.
 */
export const NX_ENV = {
  NX_DAEMON: 'false', NX_ISOLATE_PLUGINS: 'false', NX_LOAD_DOT_ENV_FILES: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false',
} as const;

export interface NxWorkspace {
  readonly root: string;
  /** Runs this workspace's nx (`node node_modules/.bin/nx ...args`) in its root. */
  nx(args: readonly string[], env?: Record<string, string | undefined>): Promise<CliResult>;
  /** Runs git in the root (throws on failure) and returns its stdout. */
  git(...args: string[]): string;
  write(relativePath: string, text: string): void;
  cleanup(): void;
}

/**
 * A copy of this workspace in a temp folder (its Nx config, the plugin, the engine's package.json and the given
 * services), with node_modules symlinked to this repository's, so that nx, the plugin and the CLI all resolve.
 */
export function copyWorkspace(services: readonly string[] = ['first', 'second', 'third']): NxWorkspace {
  const root = mkdtempSync(join(tmpdir(), 'nx-ws-'));
  for (const path of [...COPIED, ...services.map((name) => `services/${name}`)]) {
    cpSync(join(ROOT, path), join(root, path), { recursive: true, filter: (src) => !src.includes('node_modules') });
  }
  symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
  writeFileSync(join(root, '.gitignore'), 'node_modules\n.nx/\n');
  return {
    root,
    nx: (args, env = {}) => runNode([join(root, 'node_modules', '.bin', 'nx'), ...args], { cwd: root, env: { ...NX_ENV, ...env } }),
    git: (...args) => execFileSync('git', args, {
      cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, GIT_AUTHOR_NAME: 'test', GIT_AUTHOR_EMAIL: 'test@example.com', GIT_COMMITTER_NAME: 'test', GIT_COMMITTER_EMAIL: 'test@example.com' },
    }),
    write(relativePath, text) {
      mkdirSync(dirname(join(root, relativePath)), { recursive: true });
      writeFileSync(join(root, relativePath), text);
    },
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** The project names a `nx show projects` run printed, sorted. */
export function projectList(stdout: string): string[] {
  return stdout.split('\n').map((line) => line.trim()).filter((line) => /^[a-z@][\w@/.-]*$/.test(line)).sort();
}

/** The tasks an `nx run-many`/`nx affected` run started (`> nx run <project>:<target>` lines of static output), sorted. */
export function tasksRun(stdout: string): string[] {
  return [...stdout.matchAll(/^> nx run ([\w@/.-]+:[\w-]+)/gm)].map((match) => match[1]!).sort();
}
