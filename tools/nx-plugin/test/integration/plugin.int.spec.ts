import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../../test/support/cli.js';
import { createTestDatabase } from '../../../../test/support/db.js';
import { copyWorkspace } from '../support/nx-workspace.js';

const ALL = ['check', 'drift', 'generate', 'migrate', 'plan', 'rollback', 'stamp', 'status'];
const ws = copyWorkspace(['first']);
afterAll(() => ws.cleanup());

describe('the plugin through real Nx', () => {
  it('gives a folder added under services/ (migrate.config.json + package.json) every target, nothing else edited', async () => {
    ws.write('services/added/package.json', `${JSON.stringify({ name: '@repo/added', private: true, dependencies: { '@repo/migrate-core': '*' }, nx: { name: 'added' } })}\n`);
    ws.write('services/added/migrate.config.json', '{}\n');

    const shown = await ws.nx(['show', 'project', 'added', '--json']);
    expect(shown.code, shown.stderr).toBe(0);
    const project = JSON.parse(shown.stdout);
    expect(project.root).toBe('services/added');
    expect(Object.keys(project.targets).sort()).toEqual(ALL);
    for (const name of ALL) {
      expect(project.targets[name]).toMatchObject({ executor: 'nx:run-commands', options: { command: `migrate-core ${name} --service added` }, cache: name === 'check' });
    }
    expect(project.targets.check.inputs).toEqual([
      '{projectRoot}/migrate.config.json', '{projectRoot}/src/**/*', '{projectRoot}/migrations/**/*', '{projectRoot}/package.json',
      '^production', { externalDependencies: ['drizzle-kit', 'drizzle-orm'] }, { env: 'SHADOW_DATABASE_URL' },
    ]);
    expect(project.targets.check.outputs).toEqual([]);
    expect(project.targets.migrate.inputs).toBeUndefined();
  });

  describe('options reach the CLI', () => {
    const migration = (table: string) => ({ up: `CREATE TABLE \`${table}\` (\`id\` int NOT NULL);\n`, down: `DROP TABLE \`${table}\`;\n` });
    for (const [id, table] of [['20261201000000_add_a', 'a'], ['20261202000000_add_b', 'b']] as const) {
      ws.write(`services/first/migrations/${id}/up.sql`, migration(table).up);
      ws.write(`services/first/migrations/${id}/down.sql`, migration(table).down);
    }

    it('nx run first:rollback --steps=2 runs `--steps=2`: exactly two migrations rolled back; nx rollback first --to base the rest', async () => {
      const db = await createTestDatabase('nxargs');
      // Always a URL: without one the CLI would start the embedded dev server inside the temp workspace.
      const env = { FIRST_DATABASE_URL: db.url };
      try {
        const migrated = await runCli(['migrate', '--service', 'first'], { cwd: ws.root, env });
        expect(migrated.code, migrated.stderr).toBe(0);
        expect(await db.tables()).toEqual(['_migrate_core_ledger', 'a', 'b', 'test']);

        const rolled = await ws.nx(['run', 'first:rollback', '--steps=2', '--output-style=static'], env);
        expect(rolled.code, rolled.stdout + rolled.stderr).toBe(0);
        expect(rolled.stdout).toContain('> migrate-core rollback --service first --steps=2');
        expect(await db.tables()).toEqual(['_migrate_core_ledger', 'test']);

        // Infix form, option value after a space: Nx forwards it too.
        const base = await ws.nx(['rollback', 'first', '--to', 'base', '--output-style=static'], env);
        expect(base.code, base.stdout + base.stderr).toBe(0);
        expect(base.stdout).toMatch(/> migrate-core rollback --service first --to[ =]base/);
        expect(await db.tables()).toEqual(['_migrate_core_ledger']);
        expect(await db.query('SELECT COUNT(*) AS n FROM _migrate_core_ledger')).toEqual([{ n: 0 }]);
      } finally {
        await db.drop();
      }
    });
  });
});
