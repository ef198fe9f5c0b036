import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runNode } from '../../../../test/support/cli.js';
import { createTestDatabase, serverUrl } from '../../../../test/support/db.js';
import { copyRepoService, makeWorkspace } from '../../../../test/support/workspace.js';

const cleanups: Array<() => unknown> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

describe('docs/library.md: the runnable example', () => {
  it('generates a migration from the schema, applies it, reads the status and finds no drift', async () => {
    const db = await createTestDatabase('lib', { create: false });
    const ws = makeWorkspace({});
    cleanups.push(() => ws.cleanup(), () => db.drop());
    copyRepoService(ws, 'first');
    const config = join(ws.serviceDir('first'), 'migrate.config.json');
    writeFileSync(config, JSON.stringify({ ...JSON.parse(readFileSync(config, 'utf8')), database: db.name }));
    const schema = join(ws.serviceDir('first'), 'src', 'schema.ts');
    writeFileSync(schema, readFileSync(schema, 'utf8').replace("name: text('name'),", "name: text('name'),\n  notes: text('notes'),"));

    const result = await runNode([join(ROOT, 'docs', 'examples', 'library.mjs'), ws.root, 'first'], { cwd: ROOT, env: { DATABASE_URL: serverUrl() } });
    expect(result.code, result.stderr).toBe(0);
    const output = JSON.parse(result.stdout);
    expect(output).toMatchObject({ generated: 'written', outcome: 'done', pending: 0, sameStatus: true, inSync: true, differences: [] });
    expect(output.up).toEqual(['ALTER TABLE `test` ADD `notes` text AFTER `name`']);
    expect(output.applied).toEqual(['20261124190000_first_test_created', output.id]);
    expect(output.current).toBe(output.id);
    expect(await db.query("SELECT COLUMN_NAME AS c FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = 'test' ORDER BY ORDINAL_POSITION", [db.name]))
      .toEqual([{ c: 'id' }, { c: 'name' }, { c: 'notes' }]);
  });
});
