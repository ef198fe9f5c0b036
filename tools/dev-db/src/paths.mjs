// Where the workspace's own dev server keeps its state.
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * @param {string} root workspace root
 */
export function devDbPaths(root) {
  const stateDir = join(root, '.dev-db');
  // A Unix socket path must stay under ~100 bytes, so it lives in the temp dir, named after the workspace.
  const id = createHash('sha256').update(root).digest('hex').slice(0, 12);
  return {
    stateDir,
    datadir: join(stateDir, 'data'),
    stateFile: join(stateDir, 'server.json'),
    // The TCP port, kept across restarts so that an exported URL stays valid.
    portFile: join(stateDir, 'port'),
    logFile: join(stateDir, 'supervisor.log'),
    lockDir: join(stateDir, 'start.lock'),
    socket: join(tmpdir(), `dev-db-${id}.sock`),
  };
}
