import { appendFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { copyWorkspace } from '../../../../tools/nx-plugin/test/support/nx-workspace.js';

// generate and check as users run them: through Nx, in a copy of this workspace.
const ws = copyWorkspace(['first', 'second', 'third']);
afterAll(() => ws.cleanup());

describe('generate and check through Nx', () => {
  it('the seed services are in sync with their first migration: generate writes nothing, check passes and is cached', async () => {
    const generate = await ws.nx(['run', 'first:generate', '--name', 'First test created']);
    expect(generate.code, generate.stdout + generate.stderr).toBe(0);
    expect(generate.stdout).toContain('first: no schema changes: nothing written.');
    for (const service of ['first', 'second', 'third']) {
      const check = await ws.nx(['run', `${service}:check`, '--output-style=static']);
      expect(check.code, check.stdout + check.stderr).toBe(0);
      expect(check.stdout).toContain(`${service}: check ok: 1 migration, schema in sync, proven up, down and up again on MariaDB`);
    }
    const cached = await ws.nx(['run', 'first:check', '--output-style=static']);
    expect(cached.code).toBe(0);
    expect(cached.stdout).toMatch(/local cache|from the cache/);
  });

  it('passes a quoted --name with spaces through to the slug', async () => {
    appendFileSync(join(ws.root, 'services', 'first', 'src', 'schema.ts'), "\nexport const notes = mysqlTable('notes', { id: int('id').autoincrement().primaryKey(), body: text('body') });\n");
    const check = await ws.nx(['run', 'first:check', '--output-style=static']);
    expect(check.code).not.toBe(0);
    expect(check.stdout).toContain('[SCHEMA_CHANGED]');
    // Static output prints the command Nx ran (stream output, the workspace default, prints only its output).
    const generate = await ws.nx(['run', 'first:generate', '--name', 'Add notes table', '--output-style=static']);
    expect(generate.code, generate.stdout + generate.stderr).toBe(0);
    expect(generate.stdout).toContain('migrate-core generate --service first --name "Add notes table"');
    const ids = readdirSync(join(ws.root, 'services', 'first', 'migrations')).sort();
    expect(ids).toHaveLength(2);
    expect(ids[1]).toMatch(/^\d{14}_add_notes_table$/);
    expect((await ws.nx(['run', 'first:check', '--output-style=static'])).code).toBe(0);
  });
});
