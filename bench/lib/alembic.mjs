// Finds Debian's Alembic (python3-alembic + python3-pymysql), installing it when we may; else says why not.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const PYTHON = '/usr/bin/python3';
const PACKAGES = ['python3-alembic', 'python3-pymysql'];
const PROBE = 'import alembic, sqlalchemy, pymysql; print(alembic.__version__, sqlalchemy.__version__, pymysql.__version__)';

function probe() {
  if (!existsSync(PYTHON)) return undefined;
  const result = spawnSync(PYTHON, ['-c', PROBE], { encoding: 'utf8' });
  if (result.status !== 0) return undefined;
  const [alembic, sqlalchemy, pymysql] = result.stdout.trim().split(' ');
  return { python: PYTHON, version: `alembic ${alembic}, SQLAlchemy ${sqlalchemy}, PyMySQL ${pymysql}` };
}

/**
 * @param {{ install: boolean, log: (line: string) => void }} options
 * @returns {{ python: string, version: string } | { skip: string }}
 */
export function ensureAlembic({ install, log }) {
  const found = probe();
  if (found) return found;
  const manual = `apt-get install ${PACKAGES.join(' ')}`;
  if (!install) return { skip: `Alembic is not installed and --no-install was given (${manual}).` };
  if (process.getuid?.() !== 0) return { skip: `Alembic is not installed and we are not root (${manual}).` };
  if (!existsSync('/usr/bin/apt-get')) return { skip: `Alembic is not installed and there is no apt-get here (Debian/Ubuntu: ${manual}).` };
  log(`installing ${PACKAGES.join(' ')} with apt-get (once) ...`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update', '-qq'], ['install', '-y', '-qq', '--no-install-recommends', ...PACKAGES]]) {
    const result = spawnSync('apt-get', args, { env, encoding: 'utf8' });
    if (result.status !== 0) return { skip: `apt-get ${args[0]} failed (${(result.stderr || result.stdout).trim().split('\n').at(-1)}).` };
  }
  return probe() ?? { skip: `${PACKAGES.join(' ')} installed, but \`${PYTHON} -c "import alembic, pymysql"\` still fails.` };
}
