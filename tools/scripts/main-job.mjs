#!/usr/bin/env node
// `npm start`: migrate every service, then show every service's status. With no database URL set at all (no
// DATABASE_URL, no <SERVICE>_DATABASE_URL) and CI not set, it runs on the embedded dev database, started here first
// so its start-up is reported once rather than by each service: the same rule as migrate-core's.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDevServer } from '@repo/dev-db';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const nx = join(root, 'node_modules', '.bin', 'nx');
const set = (/** @type {string | undefined} */ value) => (value?.trim() ?? '') !== '';
const usesUrl = Object.entries(process.env).some(([name, value]) =>
  (name === 'DATABASE_URL' || (name.endsWith('_DATABASE_URL') && name !== 'TEST_DATABASE_URL')) && set(value));
const ci = set(process.env.CI) && !['false', '0'].includes(String(process.env.CI).trim().toLowerCase());

/** @param {string} target */
function nxRun(target) {
  const result = spawnSync(nx, ['run-many', '-t', target, '--output-style=static'], {
    cwd: root, stdio: 'inherit', env: { ...process.env, NX_DAEMON: process.env.NX_DAEMON ?? 'false', NX_TUI: 'false' },
  });
  return result.status ?? 1;
}

async function main() {
  if (!usesUrl && ci) {
    process.stderr.write(`No database URL is set, and CI is set (CI=${process.env.CI}): the embedded dev database is never used in CI.\n` +
      "  next: export DATABASE_URL='mysql://user:password@host:3306' (or one <SERVICE>_DATABASE_URL per service), then npm start\n");
    return 2;
  }
  if (!usesUrl) {
    const url = await ensureDevServer(root, { log: (line) => process.stderr.write(`${line}\n`) });
    process.stdout.write(`Using the embedded dev database at ${url} (set DATABASE_URL to use another server).\n`);
  }
  const migrated = nxRun('migrate');
  const status = nxRun('status');
  if (!usesUrl) process.stdout.write('\nThe dev database keeps running for the next commands; stop it with: npm run db:stop\n');
  return migrated !== 0 ? migrated : status;
}

main().then((code) => { process.exitCode = code; }, (error) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
});
