import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureDevServer, stopDevServer } from '@repo/dev-db';
import { cleanEnv, ROOT } from '../../../../test/support/cli.js';
import { copyRepoWorkspace } from '../../../../test/support/workspace.js';
import { selectOne } from './support.js';

const portOf = (url: string) => Number(new URL(url).port);

/** Holds a TCP port on 127.0.0.1, as another program would. */
function occupy(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

describe('the dev database keeps its port across restarts', () => {
  const root = mkdtempSync(join(tmpdir(), 'devdb-port-'));
  writeFileSync(join(root, 'nx.json'), '{}');
  const savedPort = () => Number(readFileSync(join(root, '.dev-db', 'port'), 'utf8'));
  afterAll(async () => {
    await stopDevServer(root);
    rmSync(root, { recursive: true, force: true });
  });

  it('reuses the port it chose first, after a stop', async () => {
    const first = await ensureDevServer(root);
    expect(savedPort()).toBe(portOf(first));
    await stopDevServer(root);
    const again = await ensureDevServer(root);
    expect(again).toBe(first);
    expect(await selectOne(again)).toBe(1);
  });

  it('moves to another port when another program holds it, says so, and keeps the new one', async () => {
    const before = portOf(await ensureDevServer(root));
    await stopDevServer(root);
    const blocker = await occupy(before);
    const lines: string[] = [];
    let moved: string;
    try {
      moved = await ensureDevServer(root, { log: (line) => lines.push(line) });
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
    const now = portOf(moved);
    expect(now).not.toBe(before);
    expect(await selectOne(moved)).toBe(1);
    expect(lines.join('\n')).toContain(`port ${before}, where the dev database ran before, is taken by another program: it now runs on port ${now}.`);
    expect(lines.join('\n')).toContain('export DATABASE_URL="$(npm run -s db:url)"');
    expect(savedPort()).toBe(now);
    await stopDevServer(root);
    expect(portOf(await ensureDevServer(root))).toBe(now);
  });
});

describe('npm run db:url', () => {
  const ws = copyRepoWorkspace();
  cpSync(join(ROOT, 'tools', 'dev-db'), join(ws.root, 'tools', 'dev-db'), { recursive: true, filter: (src) => !src.includes('node_modules') && !src.includes('/test') });
  afterAll(async () => {
    await stopDevServer(ws.root);
    ws.cleanup();
  });
  const dbUrl = () => {
    const result = spawnSync('npm', ['run', '-s', 'db:url'], { cwd: ws.root, env: cleanEnv(), encoding: 'utf8', timeout: 60_000 });
    expect(result.status, result.stderr).toBe(0);
    return { url: result.stdout.trim(), log: result.stderr };
  };

  it("prints the dev database's URL, starting it when needed, and the same URL after a restart", async () => {
    const started = dbUrl();
    expect(started.url).toMatch(/^mysql:\/\/root@127\.0\.0\.1:\d+$/);
    expect(started.log).toContain('starting the embedded dev database');
    expect(await selectOne(started.url)).toBe(1);
    expect(dbUrl()).toEqual({ url: started.url, log: '' });
    await stopDevServer(ws.root);
    expect(dbUrl().url).toBe(started.url);
  });
});
