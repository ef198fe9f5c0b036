import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { parseDatabaseUrl } from '../../src/config/database-url.js';
import { settingsOf, type Env } from '../../src/config/load.js';
import { openSession, type Session } from '../../src/db/session.js';
import type { Migrator } from '../../src/engine/migrator.js';
import { createMysqlMigrator, type MysqlMigratorOptions } from '../../src/engine/mysql-migrator.js';
import { createFolderSource } from '../../src/repository/source.js';
import { createTestDatabase, serverUrl, type TestDatabase } from '../../../../test/support/db.js';

/** A migrations folder on disk that tests fill with `add(id, up, down)`. */
export interface TempMigrations {
  readonly dir: string;
  add(id: string, up: string, down?: string): void;
  cleanup(): void;
}

export function tempMigrations(): TempMigrations {
  const dir = mkdtempSync(join(tmpdir(), 'migrations-'));
  return {
    dir,
    add(id, up, down) {
      mkdirSync(join(dir, id), { recursive: true });
      writeFileSync(join(dir, id, 'up.sql'), up);
      if (down !== undefined) writeFileSync(join(dir, id, 'down.sql'), down);
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A session on `database` of the test server. */
export async function sessionFor(database: string): Promise<Session> {
  const parsed = parseDatabaseUrl('TEST_DATABASE_URL', serverUrl());
  if (!parsed.ok) throw new Error(parsed.problem);
  return openSession(settingsOf(parsed.url, database, 'test server'));
}

/** Opens a session, builds a migrator on the folder, runs `body`, closes the session. */
export async function withTestMigrator<T>(database: string, folder: string, body: (migrator: Migrator, session: Session) => Promise<T>,
  options: Partial<MysqlMigratorOptions> = {}): Promise<T> {
  const session = await sessionFor(database);
  try {
    return await body(createMysqlMigrator({ session, source: createFolderSource(folder), ...options }), session);
  } finally {
    await session.close();
  }
}

/** A test database and an empty migrations folder; `cleanups` gets what removes both. */
export async function folderAndDatabase(prefix: string, cleanups: Array<() => unknown>): Promise<{ folder: TempMigrations; db: TestDatabase }> {
  const folder = tempMigrations();
  const db = await createTestDatabase(prefix);
  cleanups.push(() => db.drop(), () => folder.cleanup());
  return { folder, db };
}

/** What a run of the CLI in this process printed, its exit status, and what it asked at the "terminal". */
export interface MainRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly asked: readonly string[];
}

/**
 * The CLI in this process (the sources, not the built bundle), in the workspace at `root`, with `env` and colours
 * off; with `answer`, at a terminal that answers every question so.
 */
export async function runMain(root: string, args: readonly string[], env: Env, answer?: string): Promise<MainRun> {
  let stdout = '';
  let stderr = '';
  const asked: string[] = [];
  const io = {
    stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) },
    ...(answer === undefined ? {} : { ask: async (question: string) => (asked.push(question), answer) }),
  };
  const code = await main(args, { NO_COLOR: '1', ...env }, io, root);
  return { code, stdout, stderr, asked };
}
