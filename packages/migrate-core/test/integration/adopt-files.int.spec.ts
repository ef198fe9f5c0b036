import { readdirSync, readFileSync, rmSync, statSync, unlinkSync, watch, writeFileSync, type FSWatcher } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { adoptDatabase } from '../../src/adopt/adopt.js';
import { loadService } from '../../src/config/load.js';
import { MigrateError } from '../../src/errors.js';
import { ROOT } from '../../../../test/support/cli.js';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/db.js';
import { makeWorkspace, type TempWorkspace } from '../../../../test/support/workspace.js';
import { LEGACY_TABLES, scaffoldSchema } from './adopt.fixture.js';
import { sessionFor } from './support.js';

// Adoption loads the schema it generated from memory: the service folder gets the files adopt reports, and
// nothing else, not even for a moment, also when it fails halfway.
const SCAFFOLD = await scaffoldSchema();

const cleanups: Array<() => unknown> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** Every file under `dir`, relative to it, sorted. */
function tree(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((path) => statSync(join(dir, path)).isFile()).sort();
}

/**
 * Records every name created, renamed or removed directly in the given folders. `seen()` first writes and
 * removes a marker in each folder and waits for its event: events come in order, so all earlier ones are in.
 */
function watchFolders(dirs: readonly string[]) {
  const seen = new Map<string, string[]>(dirs.map((dir) => [dir, []]));
  const watchers: FSWatcher[] = dirs.map((dir) => watch(dir, (_event, name) => { if (name) seen.get(dir)!.push(String(name)); }));
  return {
    async seen(root: string): Promise<string[]> {
      const marker = '.watch-marker';
      for (const dir of dirs) {
        writeFileSync(join(dir, marker), '');
        unlinkSync(join(dir, marker));
        while (!seen.get(dir)!.includes(marker)) await new Promise((resolve) => setImmediate(resolve));
      }
      for (const watcher of watchers) watcher.close();
      return [...new Set(dirs.flatMap((dir) => seen.get(dir)!.filter((name) => name !== marker).map((name) => relative(root, join(dir, name)))))].sort();
    },
  };
}

async function legacyDatabase(): Promise<TestDatabase> {
  const db = await createTestDatabase('adopt_files');
  cleanups.push(() => db.drop());
  for (const statement of LEGACY_TABLES) await db.query(statement);
  return db;
}

async function adopt(ws: TempWorkspace, service: string, database: string) {
  const session = await sessionFor(database);
  try {
    return await adoptDatabase({ service: await loadService(ws.root, service), session, name: 'baseline' });
  } finally {
    await session.close();
  }
}

describe('generate --from-database writes only what it reports', () => {
  it('adds the schema and the baseline migration to the service folder, and touches nothing else', async () => {
    const db = await legacyDatabase();
    const ws = makeWorkspace({ shop: { database: db.name, schema: SCAFFOLD } });
    cleanups.push(() => ws.cleanup());
    const dir = ws.serviceDir('shop');
    const before = tree(dir);
    const watcher = watchFolders([dir, join(dir, 'src'), join(dir, 'migrations')]);
    const report = await adopt(ws, 'shop', db.name);
    const id = report.migration;
    // The legacy tables have options drizzle cannot declare (a latin1 table): the objects home holds them.
    const objectFiles = report.files.filter((file) => file.includes('/src/objects/')).map((file) => relative(dir, join(ws.root, file)));
    expect(objectFiles).toEqual(['src/objects/tables.json']);
    expect(await watcher.seen(dir)).toEqual(['migrations/' + id, 'src/objects', 'src/schema.ts']);
    expect(tree(dir)).toEqual([...before, ...objectFiles, `migrations/${id}/down.sql`, `migrations/${id}/snapshot.json`, `migrations/${id}/up.sql`].sort());
    expect(report.files).toEqual(['src/schema.ts', 'src/objects/tables.json', 'up.sql', 'down.sql', 'snapshot.json'].map((file) =>
      file.startsWith('src') ? `services/shop/${file}` : `services/shop/migrations/${id}/${file}`));
  });

  it('leaves the service folder as it was when loading the generated schema fails', async () => {
    const db = await legacyDatabase();
    const ws = makeWorkspace({ shop: { database: db.name, schema: SCAFFOLD } });
    cleanups.push(() => ws.cleanup());
    // Without the workspace's node_modules, drizzle-orm cannot be found from the service folder: the generated
    // schema fails to load after the database was read and the code generated, before anything is written.
    rmSync(join(ws.root, 'node_modules'));
    const dir = ws.serviceDir('shop');
    const before = tree(dir);
    const watcher = watchFolders([dir, join(dir, 'src'), join(dir, 'migrations')]);
    const error = await adopt(ws, 'shop', db.name).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(MigrateError);
    expect((error as MigrateError).code).toBe('SOURCE');
    const generated = `the schema generated from database \`${db.name}\``;
    expect((error as MigrateError).message).toBe(`Cannot load ${generated}: Cannot find package 'drizzle-orm' imported from ${generated}`);
    expect(await watcher.seen(dir)).toEqual([]);
    expect(tree(dir)).toEqual(before);
  });
});
