import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyWorkspace, projectList, tasksRun } from '../../tools/nx-plugin/test/support/nx-workspace.js';

// A real git history in a copy of the workspace: which services does a commit affect?
const ws = copyWorkspace(['first', 'second', 'third']);
const SERVICES = ['first', 'second', 'third'];

function commit(message: string, change: () => void): void {
  change();
  ws.git('add', '-A');
  ws.git('commit', '-q', '-m', message);
}

beforeAll(() => {
  ws.git('init', '-q', '-b', 'main');
  ws.git('add', '-A');
  ws.git('commit', '-q', '-m', 'base');
});
afterAll(() => ws.cleanup());

describe('nx affected over a real git history', () => {
  it('a commit that changes only second\'s schema affects second alone, and `affected -t check` runs second:check alone', async () => {
    commit('second: add email', () => {
      appendFileSync(join(ws.root, 'services/second/src/schema.ts'), "\nexport const email = mysqlTable('email', { id: int('id').autoincrement().primaryKey() });\n");
    });
    expect(ws.git('diff', '--name-only', 'HEAD~1', 'HEAD').trim()).toBe('services/second/src/schema.ts');

    const shown = await ws.nx(['show', 'projects', '--affected', '--base=HEAD~1', '--head=HEAD']);
    expect(shown.code, shown.stderr).toBe(0);
    expect(projectList(shown.stdout)).toEqual(['second']);

    // Only the selection is asserted: the check's own verdict (this schema change has no migration yet) is the
    // engine's business and is tested there.
    const run = await ws.nx(['affected', '-t', 'check', '--base=HEAD~1', '--head=HEAD', '--output-style=static']);
    expect(tasksRun(run.stdout), run.stdout + run.stderr).toEqual(['second:check']);
    expect(run.stdout).toMatch(/Running target check for project second/);
  });

  it('a commit to packages/migrate-core affects the engine and every service', async () => {
    commit('engine: new module', () => ws.write('packages/migrate-core/src/new-module.ts', 'export const x = 1;\n'));
    const shown = await ws.nx(['show', 'projects', '--affected', '--base=HEAD~1', '--head=HEAD']);
    expect(shown.code, shown.stderr).toBe(0);
    expect(projectList(shown.stdout)).toEqual(['first', 'migrate-core', 'second', 'third']);
  });

  it('a commit to the Nx plugin that infers the targets affects every service', async () => {
    commit('plugin: describe targets', () => appendFileSync(join(ws.root, 'tools/nx-plugin/src/targets.mjs'), '\n// describe\n'));
    const shown = await ws.nx(['show', 'projects', '--affected', '--base=HEAD~1', '--head=HEAD']);
    expect(shown.code, shown.stderr).toBe(0);
    expect(projectList(shown.stdout)).toEqual(['first', 'nx-plugin', 'second', 'third']);
  });

  it('a commit to nx.json affects every project', async () => {
    commit('nx: parallel 2', () => {
      const nxJson = JSON.parse(readFileSync(join(ws.root, 'nx.json'), 'utf8'));
      writeFileSync(join(ws.root, 'nx.json'), `${JSON.stringify({ ...nxJson, parallel: 2 }, null, 2)}\n`);
    });
    const shown = await ws.nx(['show', 'projects', '--affected', '--base=HEAD~1', '--head=HEAD']);
    expect(shown.code, shown.stderr).toBe(0);
    expect(projectList(shown.stdout)).toEqual(expect.arrayContaining([...SERVICES, 'migrate-core', 'nx-plugin']));
  });

  it("when second's schema imports first's, a change to first's schema affects second too", async () => {
    commit('second: query first', () => appendFileSync(join(ws.root, 'services/second/src/schema.ts'),
      "\nimport { test as firstTest } from '../../first/src/schema.ts';\nexport { firstTest };\n"));
    commit('first: add audit', () => appendFileSync(join(ws.root, 'services/first/src/schema.ts'),
      "\nexport const audit = mysqlTable('audit', { id: int('id').autoincrement().primaryKey() });\n"));
    const shown = await ws.nx(['show', 'projects', '--affected', '--base=HEAD~1', '--head=HEAD']);
    expect(shown.code, shown.stderr).toBe(0);
    expect(projectList(shown.stdout)).toEqual(['first', 'second']);
    const importing = await ws.nx(['show', 'projects', '--affected', '--base=HEAD~2', '--head=HEAD~1']);
    expect(projectList(importing.stdout)).toEqual(['second']);
  });
});
