// Finds a MariaDB or MySQL server binary on this machine and reads its flavor and version.
import { execFileSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

const SERVER_NAMES = ['mariadbd', 'mysqld'];
// A normal user's PATH on Debian has no /usr/sbin, where the server lives: look there explicitly.
const EXTRA_DIRS = ['/usr/sbin', '/usr/local/sbin', '/usr/local/bin', '/opt/homebrew/bin', '/opt/homebrew/sbin',
  '/usr/local/mysql/bin'];

export class MissingServerError extends Error {
  constructor() {
    super(
      'No MariaDB or MySQL server binary (mariadbd/mysqld) was found for the embedded default database.\n' +
        '  Install one:  apt-get install mariadb-server-core mariadb-client-core   (Debian/Ubuntu)\n' +
        '                brew install mariadb                                      (macOS)\n' +
        '  or point at a server you already have:  export DATABASE_URL=mysql://user:password@host:3306\n' +
        '  or set DEV_DB_SERVER_BIN to the path of mariadbd/mysqld.',
    );
    this.name = 'MissingServerError';
    this.code = 'DEV_DB_NO_SERVER';
  }
}

/** @param {string} file */
function isExecutable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * @param {NodeJS.ProcessEnv} env
 * @returns {string | undefined}
 */
function locate(env) {
  if (env.DEV_DB_SERVER_BIN) return isExecutable(env.DEV_DB_SERVER_BIN) ? env.DEV_DB_SERVER_BIN : undefined;
  const dirs = [...(env.PATH ?? '').split(delimiter).filter(Boolean), ...EXTRA_DIRS];
  for (const name of SERVER_NAMES) {
    for (const dir of dirs) {
      const file = join(dir, name);
      if (isExecutable(file)) return file;
    }
  }
  return undefined;
}

/**
 * @typedef {{ path: string, flavor: 'mariadb' | 'mysql', version: string, installDb?: string }} ServerBinary
 */

/**
 * Finds the server binary and its version, or throws MissingServerError.
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {ServerBinary}
 */
export function findServerBinary(env = process.env) {
  const path = locate(env);
  if (!path) throw new MissingServerError();
  const text = execFileSync(path, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const version = /Ver\s+([0-9]+\.[0-9]+\.[0-9]+)/.exec(text)?.[1] ?? 'unknown';
  const flavor = /mariadb/i.test(text) ? 'mariadb' : 'mysql';
  if (flavor === 'mysql') return { path, flavor, version };
  const installDb = findInstallDb(path, env);
  return { path, flavor, version, installDb };
}

/**
 * @param {string} serverPath
 * @param {NodeJS.ProcessEnv} env
 */
function findInstallDb(serverPath, env) {
  const dirs = [...(env.PATH ?? '').split(delimiter).filter(Boolean), '/usr/bin', '/usr/local/bin',
    join(serverPath, '..'), join(serverPath, '..', '..', 'bin'), join(serverPath, '..', '..', 'scripts')];
  for (const name of ['mariadb-install-db', 'mysql_install_db']) {
    for (const dir of dirs) {
      const file = join(dir, name);
      if (isExecutable(file)) return file;
    }
  }
  throw new Error(
    `Found ${serverPath} but not mariadb-install-db, which creates its data directory.\n` +
      '  Install it:  apt-get install mariadb-client-core mariadb-server-core   (Debian/Ubuntu)\n' +
      '  or set DATABASE_URL to use a server you already have.',
  );
}
