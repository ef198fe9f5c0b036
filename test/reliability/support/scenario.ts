// One fault scenario: a database of its own, a workspace with one service `svc` holding the given migrations,
// and the CLI run on it (to completion, or started to be interrupted).
import { afterAll } from 'vitest';
import { runCli, type CliResult } from '../../support/cli.js';
import { createTestDatabase, databaseUrl, serverUrl, sql, type TestDatabase } from '../../support/db.js';
import { startCli, type RunningCli } from '../../support/processes.js';
import { makeWorkspace, type MigrationFiles, type TempWorkspace } from '../../support/workspace.js';

export interface Scenario {
  readonly db: TestDatabase;
  readonly ws: TempWorkspace;
  /** `migrate-core <args> --service svc`, run to its end. */
  cli(...args: string[]): Promise<CliResult>;
  /** The same, started: to be interrupted. */
  start(...args: string[]): RunningCli;
}

const cleanups: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/**
 * A scenario on the test server (or on `server`, a private one). `config` is merged into the service's
 * migrate.config.json.
 */
export async function scenario(prefix: string, migrations: Record<string, MigrationFiles>, options: { server?: string; config?: Record<string, unknown> } = {}): Promise<Scenario> {
  const server = options.server ?? serverUrl();
  const db = await createTestDatabase(prefix, { server });
  const ws = makeWorkspace({ svc: { config: { database: db.name, ...options.config }, migrations } });
  // A private server may be gone by now (stopped by its own test file): nothing left to drop there.
  cleanups.push(() => db.drop().catch(() => {}), () => ws.cleanup());
  const env = { SVC_DATABASE_URL: databaseUrl(db.name, server) };
  return {
    db,
    ws,
    cli: (...args) => runCli([...args, '--service', 'svc'], { cwd: ws.root, env }),
    start: (...args) => startCli([...args, '--service', 'svc'], { cwd: ws.root, env }),
  };
}

/** `{ value: count }` of table `effects` (column `step`): each execution of an INSERT adds one row. */
export async function effects(db: TestDatabase): Promise<Record<string, number>> {
  const rows = await db.query<Array<{ step: string; n: number }>>('SELECT step, COUNT(*) AS n FROM effects GROUP BY step ORDER BY step');
  return Object.fromEntries(rows.map((row) => [row.step, Number(row.n)]));
}

export interface LedgerRowState {
  readonly id: string;
  readonly state: string;
  readonly statements_done: number;
  readonly pre_index: number | null;
  readonly error: string | null;
}

/** The ledger rows, by seq ([] without a ledger). */
export async function ledgerRows(db: TestDatabase): Promise<LedgerRowState[]> {
  if (!(await db.tables()).includes('_migrate_core_ledger')) return [];
  return db.query<LedgerRowState[]>('SELECT id, state, statements_done, pre_index, error FROM `_migrate_core_ledger` ORDER BY seq');
}

/** Whether the test server is MariaDB (some statements, such as BEGIN NOT ATOMIC, exist only there). */
export async function serverIsMariaDb(): Promise<boolean> {
  const [row] = await sql<Array<{ v: string }>>(serverUrl(), 'SELECT VERSION() AS v');
  return /mariadb/i.test(row?.v ?? '');
}
