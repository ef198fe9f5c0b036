#!/usr/bin/env node
// Refuse to serve while migrations are pending, like Rails' check_all_pending!: exits 0 when every database of the
// service (or the one named) has all its migrations applied, 1 naming what is pending, dirty or unreadable where.
//
//   node tools/ci/examples/readiness-check.mjs tenants               # every database of the fleet
//   node tools/ci/examples/readiness-check.mjs tenants tenant_acme   # one tenant's process checks its own
//
// Kubernetes: readinessProbe: { exec: { command: [node, tools/ci/examples/readiness-check.mjs, tenants] } }.
// Or in the service itself, before it listens (the same library call):
//   await assertNoPendingMigrations({ root: process.cwd(), service: 'tenants', env: process.env });
// It reads the database URL as migrate-core does (TENANTS_DATABASE_URL or DATABASE_URL), one query per database.
import { assertNoPendingMigrations, PendingMigrationsError } from '@repo/migrate-core';

const [service, database] = process.argv.slice(2);
if (service === undefined) {
  process.stderr.write('usage: readiness-check.mjs <service> [<database>]\n');
  process.exit(2);
}
try {
  const status = await assertNoPendingMigrations({ root: process.cwd(), service, env: process.env, ...(database === undefined ? {} : { database }) });
  process.stdout.write(`${service}: ready, ${status.summary.total} database${status.summary.total === 1 ? '' : 's'} up to date\n`);
} catch (error) {
  process.stderr.write(`${error instanceof PendingMigrationsError ? 'not ready: ' : ''}${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
