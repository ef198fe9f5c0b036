// One fault scenario: a database of its own, a workspace with one service (default `svc`) holding the given
// migrations, and the CLI run on it (to completion, or started to be interrupted). Everything it made is removed
// when the test ends: processes still running are killed, then the workspace and the database go.
import { onTestFinished } from 'vitest';
import { runCli, type CliResult } from './cli.js';
import { createTestDatabase, databaseUrl, serverUrl, type TestDatabase } from './db.js';
import { startCli, stopCli, type RunningCli } from './processes.js';
import { makeWorkspace, type MigrationFiles, type TempWorkspace } from './workspace.js';

export interface Scenario {
  readonly db: TestDatabase;
  readonly ws: TempWorkspace;
  /** `migrate-core <args> --service <service>`, run to its end. */
  cli(...args: string[]): Promise<CliResult>;
  /** The same, started: to be interrupted. */
  start(...args: string[]): RunningCli;
}

export interface ScenarioOptions {
  /** A private server's URL (default: the test server). */
  readonly server?: string;
  /** Merged into the service's migrate.config.json. */
  readonly config?: Record<string, unknown>;
  /** @default 'svc' */
  readonly service?: string;
  /** Statements run on the database before anything else (an existing database the migrations change). */
  readonly setup?: string;
}

/** The migrations, or a function of the database's name that gives them (when they name it, e.g. in lock names). */
type Migrations = Record<string, MigrationFiles> | ((database: string) => Record<string, MigrationFiles>);

/** A scenario; call it inside a test, which removes what it made when it ends. */
export async function scenario(prefix: string, migrations: Migrations, options: ScenarioOptions = {}): Promise<Scenario> {
  const server = options.server ?? serverUrl();
  const service = options.service ?? 'svc';
  const db = await createTestDatabase(prefix, { server });
  // A private server may be gone by now (stopped by its own test file): nothing left to drop there.
  onTestFinished(() => db.drop().catch(() => {}));
  if (options.setup !== undefined) await db.query(options.setup);
  const files = typeof migrations === 'function' ? migrations(db.name) : migrations;
  const ws = makeWorkspace({ [service]: { config: { database: db.name, ...options.config }, migrations: files } });
  onTestFinished(() => ws.cleanup());
  const env = { [`${service.toUpperCase().replace(/-/g, '_')}_DATABASE_URL`]: databaseUrl(db.name, server) };
  return {
    db,
    ws,
    cli: (...args) => runCli([...args, '--service', service], { cwd: ws.root, env }),
    start: (...args) => {
      const started = startCli([...args, '--service', service], { cwd: ws.root, env });
      onTestFinished(() => stopCli(started));
      return started;
    },
  };
}
