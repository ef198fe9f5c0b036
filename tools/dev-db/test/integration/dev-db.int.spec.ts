import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createConnection } from 'mysql2/promise';
import { afterAll, describe, expect, it } from 'vitest';
import { devServerStatus, ensureDevServer, resetDevServer, startEphemeralServer, stopDevServer } from '@repo/dev-db';
import { runningDevServerUrl } from '@repo/dev-db/running';
import { ROOT, runCli } from '../../../../test/support/cli.js';
import { pollUntil } from '../../../../test/support/poll.js';
import { makeWorkspace } from '../../../../test/support/workspace.js';
import { selectOne } from './support.js';

const CACHE = join(ROOT, '.dev-db');

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !readStat(pid).includes(') Z');
  } catch {
    return false;
  }
}

function readStat(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return '';
  }
}

/** Waits until `check` holds, up to 15 s. */
const eventually = (check: () => boolean, what: string) => pollUntil(what, async () => check(), Boolean, { timeoutMs: 15_000 });

describe('throwaway servers', () => {
  it('start on a copy of the template, answer, and leave nothing behind when stopped', async () => {
    const server = await startEphemeralServer({ cacheDir: CACHE });
    expect(await selectOne(server.url)).toBe(1);
    const dir = server.socket.replace(/\/s\.sock$/, '');
    expect(existsSync(dir)).toBe(true);
    await server.stop();
    expect(isAlive(server.pid)).toBe(false);
    expect(existsSync(dir)).toBe(false);
  });

  it('keep their data on disk with the server\'s own durability settings when asked to be durable', async () => {
    const server = await startEphemeralServer({ cacheDir: CACHE, durable: true });
    try {
      expect(server.durable).toBe(true);
      expect(server.datadir.startsWith('/dev/shm')).toBe(false);
      expect(['tmpfs', 'ramfs']).not.toContain(server.filesystem);
      const connection = await createConnection(server.url);
      try {
        const [rows] = await connection.query('SELECT @@innodb_flush_log_at_trx_commit AS flush, @@innodb_doublewrite AS doublewrite, @@datadir AS datadir');
        const [settings] = rows as Array<{ flush: number; doublewrite: number; datadir: string }>;
        expect(settings).toEqual({ flush: 1, doublewrite: 1, datadir: `${server.datadir}/` });
      } finally {
        await connection.end();
      }
    } finally {
      await server.stop();
    }
    expect(existsSync(server.datadir)).toBe(false);
  });

  it('die with their owner, even when it is killed with SIGKILL', async () => {
    const script = join(mkdtempSync(join(tmpdir(), 'owner-')), 'owner.mjs');
    writeFileSync(script, `import { startEphemeralServer } from ${JSON.stringify(pathToFileURL(join(ROOT, 'tools', 'dev-db', 'src', 'index.mjs')).href)};
const server = await startEphemeralServer({ cacheDir: ${JSON.stringify(CACHE)} });
process.stdout.write(JSON.stringify({ pid: server.pid, socket: server.socket }) + '\\n');
setInterval(() => {}, 1000);
`);
    const owner = spawn(process.execPath, [script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    const info = await new Promise<{ pid: number; socket: string }>((resolve, reject) => {
      owner.stdout.on('data', (chunk) => resolve(JSON.parse(String(chunk))));
      owner.on('exit', (code) => reject(new Error(`owner exited with ${code}`)));
    });
    expect(isAlive(info.pid)).toBe(true);
    owner.kill('SIGKILL');
    await eventually(() => !isAlive(info.pid), 'the orphaned server is gone');
    await eventually(() => !existsSync(info.socket.replace(/\/s\.sock$/, '')), 'its data directory is removed');
    rmSync(join(script, '..'), { recursive: true, force: true });
  });
});

describe('the workspace dev server', () => {
  const root = mkdtempSync(join(tmpdir(), 'devdb-ws-'));
  writeFileSync(join(root, 'nx.json'), '{}');
  afterAll(async () => {
    await stopDevServer(root);
    rmSync(root, { recursive: true, force: true });
  });

  it('starts once on demand, even when asked by several processes at once, and is reused', async () => {
    const urls = await Promise.all([ensureDevServer(root), ensureDevServer(root), ensureDevServer(root)]);
    expect(new Set(urls).size).toBe(1);
    expect(await selectOne(urls[0]!)).toBe(1);
    const status = await devServerStatus(root);
    expect(status.running).toBe(true);
    expect(await ensureDevServer(root)).toBe(urls[0]);
  });

  it('keeps its data across stop and start, until reset', async () => {
    const url = await ensureDevServer(root);
    const connection = await createConnection(url);
    await connection.query('CREATE DATABASE kept');
    await connection.end();
    expect(await runningDevServerUrl(root)).toBe(url);
    expect(await stopDevServer(root)).toBe(true);
    expect((await devServerStatus(root)).running).toBe(false);
    expect(await runningDevServerUrl(root)).toBeUndefined();
    const again = await ensureDevServer(root);
    const check = await createConnection(again);
    const [rows] = await check.query("SHOW DATABASES LIKE 'kept'");
    await check.end();
    expect(rows).toHaveLength(1);
    await resetDevServer(root);
    expect(existsSync(join(root, '.dev-db', 'data'))).toBe(false);
  });

  it('leaves no orphan server when its supervisor is killed with SIGKILL', async () => {
    await ensureDevServer(root);
    const status = await devServerStatus(root);
    if (!status.running) throw new Error('expected a running dev server');
    process.kill(status.supervisorPid, 'SIGKILL');
    await eventually(() => !isAlive(status.serverPid), 'the server is gone');
    expect((await devServerStatus(root)).running).toBe(false);
    expect(await selectOne(await ensureDevServer(root))).toBe(1);
  });

  it('tells what to install or set when there is no server binary', async () => {
    const ws = makeWorkspace({ shop: {} });
    try {
      const result = await runCli(['status', '--service', 'shop'], { cwd: ws.root, env: { DEV_DB_SERVER_BIN: '/nonexistent/mariadbd' } });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('No DATABASE_URL or SHOP_DATABASE_URL is set');
      expect(result.stderr).toContain('No MariaDB or MySQL server binary');
      expect(result.stderr).toContain('apt-get install mariadb-server-core');
      expect(existsSync(join(ws.root, '.dev-db', 'server.json'))).toBe(false);
    } finally {
      ws.cleanup();
    }
  });
});
