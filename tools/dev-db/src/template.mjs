// A data directory initialised once per server version, then copied for every new server (~30 ms instead of
// the ~0.5 s mariadb-install-db takes).
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Must match between the template and every server started on a copy of it (10.11 resizes otherwise). */
export const REDO_LOG_SIZE = '16M';
const STALE_TMP_MS = 10 * 60 * 1000;

/**
 * @param {import('./binary.mjs').ServerBinary} binary
 * @param {string} dir
 */
async function initialise(binary, dir) {
  const asRoot = process.getuid?.() === 0;
  if (binary.flavor === 'mariadb') {
    // A private temporary folder: bootstraps running at once in the shared /tmp were seen to collide on the
    // names of their temporary tables ("Unknown table 'mysql.tmp_proxies_priv'").
    const scratch = `${dir}-scratch`;
    mkdirSync(scratch, { recursive: true });
    try {
      await run(binary.installDb ?? 'mariadb-install-db', [
        '--no-defaults', `--datadir=${dir}`, '--auth-root-authentication-method=normal', '--skip-test-db',
        '--skip-name-resolve', `--innodb-log-file-size=${REDO_LOG_SIZE}`, `--tmpdir=${scratch}`, ...(asRoot ? ['--user=root'] : []),
      ], { maxBuffer: 16 * 1024 * 1024 });
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
    return;
  }
  await run(binary.path, ['--no-defaults', '--initialize-insecure', `--datadir=${dir}`,
    ...(asRoot ? ['--user=root'] : [])], { maxBuffer: 16 * 1024 * 1024 });
}

/** @param {string} cacheDir */
function removeStaleTemporaries(cacheDir) {
  for (const name of readdirSync(cacheDir)) {
    if (!name.includes('.tmp-')) continue;
    const path = join(cacheDir, name);
    if (Date.now() - statSync(path).mtimeMs > STALE_TMP_MS) rmSync(path, { recursive: true, force: true });
  }
}

/**
 * Returns the template data directory for this server version, creating it when missing. Safe when several
 * processes ask at once: each builds into its own temporary folder and one rename wins.
 * @param {import('./binary.mjs').ServerBinary} binary
 * @param {string} cacheDir
 * @returns {Promise<string>}
 */
export async function ensureTemplate(binary, cacheDir) {
  const template = join(cacheDir, `template-${binary.flavor}-${binary.version}-lf${REDO_LOG_SIZE}`);
  if (existsSync(join(template, 'mysql'))) return template;
  mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
  removeStaleTemporaries(cacheDir);
  const tmp = `${template}.tmp-${process.pid}-${Date.now()}`;
  try {
    await initialise(binary, tmp);
  } catch (error) {
    rmSync(tmp, { recursive: true, force: true });
    const detail = /** @type {{ stderr?: string }} */ (error).stderr?.trim() || String(error);
    throw new Error(`Could not initialise a data directory with ${binary.installDb ?? binary.path}:\n${detail}`);
  }
  try {
    renameSync(tmp, template);
  } catch {
    // Another process won the race; its template is as good as ours.
    rmSync(tmp, { recursive: true, force: true });
  }
  return template;
}

/**
 * Copies the template into a new data directory.
 * @param {string} template
 * @param {string} datadir
 */
export function copyTemplate(template, datadir) {
  cpSync(template, datadir, { recursive: true });
}
