import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDatabaseUrl } from '../../src/config/database-url.js';
import { settingsOf } from '../../src/config/load.js';
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
