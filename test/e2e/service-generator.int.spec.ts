import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { createTestDatabase, serverUrl } from '../support/db.js';
import { copyWorkspace } from '../../tools/nx-plugin/test/support/nx-workspace.js';

// A new service, from `nx g` to a migrated database, in a copy of the workspace and without `npm install`.
const ws = copyWorkspace(['first']);
afterAll(() => ws.cleanup());

describe('nx g @repo/nx-plugin:service', () => {
  it('refuses a bad name with the schema pattern (short form `nx g service`)', async () => {
    const result = await ws.nx(['g', 'service', 'Bad_Name', '--dry-run']);
    expect(result.code).not.toBe(0);
    expect(result.stdout + result.stderr).toContain("'Bad_Name' should match the pattern '^[a-z][a-z0-9-]*$'");
    expect(existsSync(join(ws.root, 'services', 'Bad_Name'))).toBe(false);
  });

  it('scaffolds fourth, which then runs generate and migrate end to end with nothing else edited', async () => {
    const db = await createTestDatabase('fourth');
    // The server of the test run; the database is the service's (named at generation to stay unique here).
    const env = { DATABASE_URL: serverUrl() };
    try {
      const generated = await ws.nx(['g', '@repo/nx-plugin:service', 'fourth', `--database=${db.name}`, '--table=tasks']);
      expect(generated.code, generated.stdout + generated.stderr).toBe(0);
      expect(generated.stdout).toContain('npx nx run fourth:generate --name "create tasks"');
      const dir = join(ws.root, 'services', 'fourth');
      expect(readdirSync(dir).sort()).toEqual(['README.md', 'migrate.config.json', 'migrations', 'package.json', 'src']);
      expect(JSON.parse(readFileSync(join(dir, 'migrate.config.json'), 'utf8')).database).toBe(db.name);
      expect(parse(readFileSync(join(ws.root, '.github/workflows/migrate-fourth.yml'), 'utf8')).name).toBe('migrate-fourth');

      const first = await ws.nx(['run', 'fourth:generate', '--name', 'create tasks', '--output-style=static'], env);
      expect(first.code, first.stdout + first.stderr).toBe(0);
      const ids = readdirSync(join(dir, 'migrations')).filter((name) => name !== '.gitkeep');
      expect(ids).toHaveLength(1);
      expect(ids[0]).toMatch(/^\d{14}_create_tasks$/);
      const up = readFileSync(join(dir, 'migrations', ids[0]!, 'up.sql'), 'utf8');
      expect(up).toContain('CREATE TABLE `tasks`');
      expect(up).toMatch(/`created_at` timestamp NOT NULL DEFAULT \(now\(\)\)/);
      expect(readFileSync(join(dir, 'migrations', ids[0]!, 'down.sql'), 'utf8')).toContain('DROP TABLE `tasks`');

      const migrated = await ws.nx(['run', 'fourth:migrate', '--output-style=static'], env);
      expect(migrated.code, migrated.stdout + migrated.stderr).toBe(0);
      expect(await db.tables()).toEqual(['_migrate_core_ledger', 'tasks']);
      for (const command of ['check', 'drift']) {
        const clean = await runCli([command, '--service', 'fourth'], { cwd: ws.root, env });
        expect(clean.code, `${command}: ${clean.stdout}${clean.stderr}`).toBe(0);
      }

      const status = await runCli(['status', '--service', 'fourth', '--json'], { cwd: ws.root, env });
      expect(status.code, status.stderr).toBe(0);
      expect(JSON.parse(status.stdout)).toMatchObject({ service: 'fourth', database: db.name, current: ids[0], pending: [] });
    } finally {
      await db.drop();
    }
  });
});
