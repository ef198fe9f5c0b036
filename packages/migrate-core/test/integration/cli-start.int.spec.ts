// How the bin starts the CLI: the CommonJS bundle compiled from the V8 code cache the build wrote, and the same
// CLI, compiled from source, when V8 rejects that cache.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, runNode } from '../../../../test/support/cli.js';

const LOAD_CLI = join(ROOT, 'packages', 'migrate-core', 'bin', 'load-cli.js');

/** Loads the CLI as the bin does, in a fresh process with `nodeFlags`, and reports how. */
async function loadReport(nodeFlags: readonly string[] = []): Promise<{ codeCache: string; main: string }> {
  const script = 'const loaded = require(process.argv[1]).loadCli(); process.stdout.write(JSON.stringify({ codeCache: loaded.codeCache, main: typeof loaded.cli.main }));';
  const result = await runNode([...nodeFlags, '-e', script, LOAD_CLI]);
  expect(result.stderr).toBe('');
  return JSON.parse(result.stdout) as { codeCache: string; main: string };
}

describe('the bin', () => {
  it('runs the bundle compiled from the code cache the build wrote', async () => {
    expect(await loadReport()).toEqual({ codeCache: 'accepted', main: 'function' });
  });

  it('compiles the bundle from source when V8 rejects the cache (other V8 flags), and the CLI still runs', async () => {
    expect(await loadReport(['--max-old-space-size=512'])).toEqual({ codeCache: 'rejected', main: 'function' });
    const result = await runCli(['--version'], { env: { NODE_OPTIONS: '--max-old-space-size=512' } });
    expect(result).toEqual({ code: 0, stdout: 'migrate-core 0.1.0\n', stderr: '' });
  });
});
