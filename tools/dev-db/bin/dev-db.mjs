#!/usr/bin/env node
// npm run db:start | db:stop | db:status | db:reset | db:url
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { devServerStatus, ensureDevServer, resetDevServer, stopDevServer } from '../src/index.mjs';

/** @param {string} from */
function workspaceRoot(from) {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'nx.json'))) return dir;
    if (dirname(dir) === dir) return resolve(from);
  }
}

const USAGE = `usage: dev-db <start|stop|status|reset|url>
  start   start the workspace's private database server (kept running across commands)
  stop    stop it; the data stays in .dev-db/data
  status  say whether it runs, and where
  reset   stop it and delete its data
  url     print its URL (starting it when needed), e.g. for DATABASE_URL`;

/** @param {string | undefined} command */
async function main(command) {
  const root = workspaceRoot(process.env.INIT_CWD ?? process.cwd());
  const log = (/** @type {string} */ line) => process.stderr.write(`${line}\n`);
  switch (command) {
    case 'start': {
      const url = await ensureDevServer(root, { log });
      process.stdout.write(`dev database running at ${url}\n`);
      return 0;
    }
    case 'url':
      process.stdout.write(`${await ensureDevServer(root, { log })}\n`);
      return 0;
    case 'stop':
      process.stdout.write((await stopDevServer(root)) ? 'dev database stopped\n' : 'dev database was not running\n');
      return 0;
    case 'reset':
      await resetDevServer(root);
      process.stdout.write('dev database stopped and its data deleted\n');
      return 0;
    case 'status': {
      const status = await devServerStatus(root);
      process.stdout.write(status.running
        ? `dev database running at ${status.url} (${status.flavor} ${status.version}, pid ${status.serverPid}, data ${status.datadir})\n`
        : 'dev database not running (it starts on demand; npm run db:start starts it now)\n');
      return 0;
    }
    case '--help':
    case '-h':
    case 'help':
      process.stdout.write(`${USAGE}\n`);
      return 0;
    default:
      process.stderr.write(`${USAGE}\n`);
      return 2;
  }
}

main(process.argv[2]).then((code) => { process.exitCode = code; }, (error) => {
  process.stderr.write(`dev-db: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
