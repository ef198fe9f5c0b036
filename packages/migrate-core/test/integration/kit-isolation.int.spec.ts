import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkService } from '../../src/check/check.js';
import { loadService } from '../../src/config/load.js';
import { MigrateError } from '../../src/errors.js';
import { generateMigration } from '../../src/generate/generate.js';
import { ROOT } from '../../../../test/support/cli.js';
import { makeWorkspace, type TempWorkspace } from '../../../../test/support/workspace.js';

// generate and check run drizzle-kit and the service's schema in a worker thread of their own: several at once
// in one process each get their own module graph, and the caller's process and console are never touched.
const ALPHA = `import { int, mysqlTable, text } from 'drizzle-orm/mysql-core';
export const alphaItems = mysqlTable('alpha_items', { id: int('id').autoincrement().primaryKey(), label: text('label') });
`;
// An own mysqlSchema table: drizzle-kit only sees it through a copy without the schema name.
const BETA = `import { int, mysqlSchema, varchar } from 'drizzle-orm/mysql-core';
const own = mysqlSchema('beta_db');
export const betaOrders = own.table('beta_orders', { id: int('id').autoincrement().primaryKey(), code: varchar('code', { length: 20 }).notNull() });
`;
const ALPHA_UP = 'CREATE TABLE `alpha_items` (\n\t`id` int AUTO_INCREMENT NOT NULL,\n\t`label` text,\n\tCONSTRAINT `alpha_items_id` PRIMARY KEY(`id`)\n)';
const BETA_UP = 'CREATE TABLE `beta_orders` (\n\t`id` int AUTO_INCREMENT NOT NULL,\n\t`code` varchar(20) NOT NULL,\n\tCONSTRAINT `beta_orders_id` PRIMARY KEY(`id`)\n)';

const cleanups: Array<() => void> = [];
afterAll(() => {
  for (const cleanup of cleanups) cleanup();
});

function workspace(services: Record<string, { database: string; schema: string }>): TempWorkspace {
  const ws = makeWorkspace(services);
  cleanups.push(() => ws.cleanup());
  return ws;
}

/** The globals drizzle-kit would need patched if it ran in this thread. */
const globals = () => ({ exit: process.exit, log: console.log, error: console.error, isTTY: process.stdout.isTTY });

/** Samples the globals while the test runs; `changes()` lists any sample that differed from the start. */
function watchGlobals() {
  const start = globals();
  const changed: string[] = [];
  const sample = () => {
    const now = globals();
    for (const key of Object.keys(start) as (keyof typeof start)[]) if (now[key] !== start[key]) changed.push(key);
  };
  const timer = setInterval(sample, 1);
  return { changes: () => { clearInterval(timer); sample(); return changed; } };
}

let watcher: ReturnType<typeof watchGlobals>;
beforeEach(() => { watcher = watchGlobals(); });
afterEach(() => { expect(watcher.changes()).toEqual([]); });

const folders = (ws: TempWorkspace, service: string) => readdirSync(join(ws.serviceDir(service), 'migrations'));
const upOf = (ws: TempWorkspace, service: string, id: string) => readFileSync(join(ws.serviceDir(service), 'migrations', id, 'up.sql'), 'utf8');

describe('drizzle-kit in a worker: many generates and checks in one process', () => {
  it('runs two generates at once, each writing exactly its own migration; then two checks at once', async () => {
    const ws = workspace({ alpha: { database: 'alpha_db', schema: ALPHA }, beta: { database: 'beta_db', schema: BETA } });
    const [alpha, beta] = await Promise.all([loadService(ws.root, 'alpha'), loadService(ws.root, 'beta')]);
    const [a, b] = await Promise.all([
      generateMigration({ service: alpha, name: 'alpha items' }),
      generateMigration({ service: beta, name: 'beta orders' }),
    ]);
    expect([a.outcome, b.outcome]).toEqual(['written', 'written']);
    expect(a.up).toEqual([ALPHA_UP]);
    expect(b.up).toEqual([BETA_UP]);
    expect(folders(ws, 'alpha')).toEqual([a.id]);
    expect(folders(ws, 'beta')).toEqual([b.id]);
    expect(upOf(ws, 'alpha', a.id!)).toContain(ALPHA_UP);
    expect(upOf(ws, 'alpha', a.id!)).not.toContain('beta');
    expect(upOf(ws, 'beta', b.id!)).toContain(BETA_UP);
    expect(upOf(ws, 'beta', b.id!)).not.toContain('alpha');

    // alpha's schema changes on disk: a second load in this process sees the new file, beta's stays in sync.
    ws.write('services/alpha/src/schema.ts', ALPHA.replace("label: text('label')", "label: text('label'), note: text('note')"));
    const [checkedAlpha, checkedBeta] = await Promise.all([checkService(alpha), checkService(beta)]);
    expect(checkedAlpha.problems.map((p) => p.code)).toEqual(['SCHEMA_CHANGED']);
    expect(checkedAlpha.problems[0]!.message).toContain('ALTER TABLE `alpha_items` ADD `note` text AFTER `label`');
    expect(checkedBeta).toMatchObject({ ok: true, problems: [] });
  });

  it('turns drizzle-kit exiting on duplicate constraint names into a GENERATE error; the process goes on', async () => {
    const duplicate = `import { int, mysqlTable } from 'drizzle-orm/mysql-core';
export const t = mysqlTable('t', { id: int('id').primaryKey(), a: int('a').unique('same_name'), b: int('b').unique('same_name') });
`;
    const ws = workspace({ dup: { database: 'dup', schema: duplicate }, alpha: { database: 'alpha_db', schema: ALPHA } });
    const error = await generateMigration({ service: await loadService(ws.root, 'dup'), name: 'dup' }).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(MigrateError);
    expect((error as MigrateError).code).toBe('GENERATE');
    expect((error as MigrateError).message).toMatch(/^drizzle-kit could not build a snapshot of the schema: .*duplicated unique constraint names in t table/s);
    expect(folders(ws, 'dup')).toEqual([]);
    // The same process generates the next service as usual.
    expect((await generateMigration({ service: await loadService(ws.root, 'alpha'), name: 'alpha' })).up).toEqual([ALPHA_UP]);
  });

  it('turns a schema module that calls process.exit into a GENERATE error; the process goes on', async () => {
    const ws = workspace({ quits: { database: 'quits', schema: "console.log('leaving now');\nprocess.exit(7);\n" } });
    const error = await checkService(await loadService(ws.root, 'quits')).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(MigrateError);
    expect((error as MigrateError).code).toBe('GENERATE');
    expect((error as MigrateError).message).toBe('Could not load the schema of service quits: the worker doing it exited (code 7), saying: leaving now');
  });

  it('leaves nothing running: a process that ran two generates and two checks at once ends by itself', async () => {
    const ws = workspace({ alpha: { database: 'alpha_db', schema: ALPHA }, beta: { database: 'beta_db', schema: BETA } });
    const library = pathToFileURL(join(ROOT, 'packages', 'migrate-core', 'dist', 'index.js')).href;
    const script = `import { checkService, generateMigration, loadService } from ${JSON.stringify(library)};
const root = ${JSON.stringify(ws.root)};
const services = await Promise.all(['alpha', 'beta'].map((name) => loadService(root, name)));
const generated = await Promise.all(services.map((service) => generateMigration({ service, name: 'first' })));
const checked = await Promise.all(services.map((service) => checkService(service)));
process.stdout.write(JSON.stringify({ generated: generated.map((g) => g.outcome), checked: checked.map((c) => c.ok) }));
`;
    ws.write('run.mjs', script);
    // No process.exit in the script: it ends only when no worker, timer or handle is left.
    const { stdout } = await promisify(execFile)(process.execPath, [join(ws.root, 'run.mjs')], { cwd: ws.root, timeout: 45_000 });
    expect(JSON.parse(stdout)).toEqual({ generated: ['written', 'written'], checked: [true, true] });
  });
});
