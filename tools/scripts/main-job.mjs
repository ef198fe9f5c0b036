#!/usr/bin/env node
// `npm start`: migrate every service, then show every service's status: `migrate-core migrate --all`, then
// `migrate-core status --all`, both in this one Node process (no Nx: it would add seconds). With no database URL set
// at all (no DATABASE_URL, no <SERVICE>_DATABASE_URL) and CI not set, it runs on the embedded dev database, started
// here first so that its start-up is reported once: the same rule as migrate-core's.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const set = (/** @type {string | undefined} */ value) => (value?.trim() ?? '') !== '';
const usesUrl = Object.entries(process.env).some(([name, value]) =>
  (name === 'DATABASE_URL' || (name.endsWith('_DATABASE_URL') && name !== 'TEST_DATABASE_URL')) && set(value));
const ci = set(process.env.CI) && !['false', '0'].includes(String(process.env.CI).trim().toLowerCase());

async function loadCli() {
  try {
    return await import('@repo/migrate-core/cli');
  } catch (error) {
    if (/** @type {NodeJS.ErrnoException} */ (error).code !== 'ERR_MODULE_NOT_FOUND') throw error;
    process.stderr.write('migrate-core is not built yet: run `npm run build` (npm ci does it through prepare).\n');
    return undefined;
  }
}

async function main() {
  if (!usesUrl && ci) {
    process.stderr.write(`No database URL is set, and CI is set (CI=${process.env.CI}): the embedded dev database is never used in CI.\n` +
      "  next: export DATABASE_URL='mysql://user:password@host:3306' (or one <SERVICE>_DATABASE_URL per service), then npm start\n");
    return 2;
  }
  const cli = await loadCli();
  if (cli === undefined) return 2;
  if (!usesUrl) {
    const { ensureDevServer } = await import('@repo/dev-db');
    const url = await ensureDevServer(root, { log: (line) => process.stderr.write(`${line}\n`) });
    process.stdout.write(`Using the embedded dev database at ${url} (set DATABASE_URL to use another server).\n\n`);
  }
  const controller = new AbortController();
  process.on('SIGINT', () => controller.abort());
  const io = { stdout: process.stdout, stderr: process.stderr, isTTY: Boolean(process.stdout.isTTY && process.stderr.isTTY) };
  const migrated = await cli.main(['migrate', '--all'], process.env, io, root, controller.signal);
  process.stdout.write('\n');
  const status = await cli.main(['status', '--all'], process.env, io, root, controller.signal);
  if (!usesUrl) process.stdout.write('\nThe dev database keeps running for the next commands; stop it with: npm run db:stop\n');
  return migrated !== 0 ? migrated : status;
}

main().then((code) => { process.exitCode = code; }, (error) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
});
