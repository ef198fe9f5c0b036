// The long-lived owner of the workspace's dev server. Started detached by ensureDevServer(); runs until
// `npm run db:stop` sends it SIGTERM. Its server is under the watchdog of spawn-server.mjs, so killing this
// process, even with SIGKILL, stops the server too.
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { findServerBinary } from './binary.mjs';
import { devDbPaths } from './paths.mjs';
import { PortTakenError, startServer } from './spawn-server.mjs';
import { copyTemplate, ensureTemplate } from './template.mjs';

const root = process.argv[2];
if (!root) throw new Error('usage: supervisor.mjs <workspace root>');
const paths = devDbPaths(root);

/** @param {string} line */
function log(line) {
  appendFileSync(paths.logFile, `${new Date().toISOString()} ${line}\n`);
}

/** The port of the previous start, if any. */
function savedPort() {
  try {
    const port = Number(readFileSync(paths.portFile, 'utf8').trim());
    return Number.isInteger(port) && port > 0 && port < 65536 ? port : undefined;
  } catch {
    return undefined;
  }
}

async function main() {
  mkdirSync(paths.stateDir, { recursive: true });
  const binary = findServerBinary();
  if (!existsSync(paths.datadir)) {
    const template = await ensureTemplate(binary, paths.stateDir);
    copyTemplate(template, paths.datadir);
    log(`created ${paths.datadir} from ${template}`);
  }
  rmSync(paths.socket, { force: true });
  const options = { binary, datadir: paths.datadir, socket: paths.socket, graceSeconds: 20 };
  const saved = savedPort();
  let server;
  let movedFrom;
  if (saved !== undefined) {
    try {
      server = await startServer({ ...options, port: saved });
    } catch (error) {
      if (!(error instanceof PortTakenError)) throw error;
      movedFrom = saved;
      log(`port ${saved} is taken by another program; choosing another`);
    }
  }
  server ??= await startServer(options);
  writeFileSync(paths.portFile, `${server.port}\n`);
  writeFileSync(paths.stateFile, JSON.stringify({
    supervisorPid: process.pid, serverPid: server.pid, port: server.port, socket: server.socket,
    datadir: paths.datadir, flavor: binary.flavor, version: binary.version, startedAt: new Date().toISOString(),
    ...(movedFrom === undefined ? {} : { movedFrom }),
  }, null, 2));
  log(`${binary.flavor} ${binary.version} ready on 127.0.0.1:${server.port} (pid ${server.pid})`);

  let stopping = false;
  const stop = async (/** @type {string} */ why) => {
    if (stopping) return;
    stopping = true;
    log(`stopping (${why})`);
    await server.stop();
    rmSync(paths.stateFile, { force: true });
    log('stopped');
    process.exit(0);
  };
  for (const signal of /** @type {const} */ (['SIGTERM', 'SIGINT', 'SIGHUP'])) process.on(signal, () => void stop(signal));
  setInterval(() => {
    try {
      process.kill(server.pid, 0);
    } catch {
      log('the server exited on its own; see data/error.log');
      rmSync(paths.stateFile, { force: true });
      process.exit(1);
    }
  }, 2000);
}

main().catch((error) => {
  log(`ERROR ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
