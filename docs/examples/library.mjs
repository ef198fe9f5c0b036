// Using @repo/migrate-core as a library: generate a migration from a service's Drizzle schema, apply it, read the
// status and check for drift. Run from the workspace root: DATABASE_URL=mysql://user:pass@host:3306 node docs/examples/library.mjs [root] [service]
import {
  createFolderSource, createMysqlMigrator, detectDrift, generateMigration, loadService, openRepository, openSession, parseDatabaseUrl,
  settingsOf, statusOf,
} from '@repo/migrate-core';

const root = process.argv[2] ?? process.cwd();
const name = process.argv[3] ?? 'first';

// The service's configuration: services/<name>/migrate.config.json (offline: no database yet).
const service = await loadService(root, name);

// 1. generate: diff src/schema.ts against the last snapshot; writes up.sql, down.sql and snapshot.json (no database).
const generated = await generateMigration({ service, name: 'add notes' });

// 2. One session per database: the migration lock belongs to it, and every statement runs on it.
const parsed = parseDatabaseUrl('DATABASE_URL', process.env.DATABASE_URL ?? '');
if (!parsed.ok) throw new Error(parsed.problem); // the problem never contains the password
const session = await openSession(settingsOf(parsed.url, service.database, 'DATABASE_URL'), { createDatabase: true });
try {
  const source = createFolderSource(service.migrationsDir, { root });
  const migrator = createMysqlMigrator({ session, source, ledgerTable: service.config.ledgerTable });

  // 3. migrate: lock, read the ledger, verify checksums and order, apply what is pending, unlock. Never throws for a
  //    failed statement: the report says what failed, where, and what to run next.
  const run = await migrator.migrate();

  // 4. status: the same document `status --json` prints. statusOf builds it from ledger rows and files (pure).
  const status = await migrator.status();
  const rebuilt = statusOf(service.database, migrator.ledger.table, await migrator.ledger.list(), await source.list(), null);

  // 5. drift: the live tables against the snapshot of the newest applied migration.
  const drift = await detectDrift({ session, repository: openRepository(service.migrationsDir, { root }), ledgerTable: service.config.ledgerTable });

  console.log(JSON.stringify({
    generated: generated.outcome, id: generated.id ?? null, up: generated.up,
    outcome: run.outcome, applied: run.steps.map((step) => step.id),
    current: status.current, pending: status.pending.length, sameStatus: rebuilt.current === status.current,
    inSync: drift.inSync, differences: drift.differences.map((difference) => difference.message),
  }, null, 2));
} finally {
  await session.close();
}
