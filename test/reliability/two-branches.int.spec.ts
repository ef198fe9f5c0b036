// Two branches each generate a migration on the same parent, and both are merged. The advice never rolls back a
// deployed migration: `rebase` puts the one no shared environment ran on top, and check, migrate and drift agree.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { createTestDatabase, serverUrl, type TestDatabase } from '../support/db.js';
import { makeWorkspace } from '../support/workspace.js';

const table = (name: string) => `export const ${name} = mysqlTable('${name}', { id: int('id').autoincrement().primaryKey(), label: varchar('label', { length: 40 }) });\n`;
const schema = (...tables: string[]) => `import { int, mysqlTable, varchar } from 'drizzle-orm/mysql-core';\n${tables.map(table).join('')}`;

/** A workspace under git with service `shop` on database `database`; `main` holds the first migration. */
function repository(database: string) {
  const ws = makeWorkspace({ shop: { database, schema: schema('users') } });
  const env = { DATABASE_URL: serverUrl() };
  const git = (...args: string[]) => {
    const result = spawnSync('git', args, { cwd: ws.root, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' } });
    return { code: result.status, out: `${result.stdout}${result.stderr}` };
  };
  const cli = (...args: string[]) => runCli([...args, '--service', 'shop'], { cwd: ws.root, env });
  const ids = () => readdirSync(join(ws.serviceDir('shop'), 'migrations')).sort();
  /** On a new branch from main: a table added to the schema, its migration generated, committed. */
  const branch = async (name: string, ...tables: string[]) => {
    expect(git('checkout', '-q', '-b', name, 'main').code).toBe(0);
    ws.write('services/shop/src/schema.ts', schema('users', ...tables));
    expect((await cli('generate', '--name', `add ${tables.at(-1)}`)).code).toBe(0);
    expect(git('add', '-A').code).toBe(0);
    expect(git('commit', '-q', '-m', `add ${tables.at(-1)}`).code).toBe(0);
  };
  /** Merges `name` into main; the schema file, changed on both sides, gets both tables. */
  const merge = (name: string, ...tables: string[]) => {
    expect(git('checkout', '-q', 'main').code).toBe(0);
    if (git('merge', '-q', '--no-edit', name).code !== 0) {
      ws.write('services/shop/src/schema.ts', schema('users', ...tables));
      expect(git('add', '-A').code).toBe(0);
      expect(git('commit', '-q', '--no-edit').code).toBe(0);
    }
  };
  return { ws, git, cli, ids, branch, merge, async init() {
    ws.write('.gitignore', 'node_modules\n');
    expect(git('init', '-q', '-b', 'main').code).toBe(0);
    expect((await cli('generate', '--name', 'init')).code).toBe(0);
    expect(git('add', '-A').code).toBe(0);
    expect(git('commit', '-q', '-m', 'init').code).toBe(0);
  } };
}

/**
 * A database and a repository where branches a and b each added a table on the same parent, merged in `order`
 * (`b deployed, then a`: b was merged and migrated first, so a is out of order there). Runs `body`, then cleans up.
 */
async function withBranches(prefix: string, order: 'a then b' | 'b deployed, then a', body: (repo: ReturnType<typeof repository>, db: TestDatabase, a: string, b: string) => Promise<void>): Promise<void> {
  const db = await createTestDatabase(prefix);
  const repo = repository(db.name);
  try {
    await repo.init();
    await repo.branch('feature-a', 'a_items');
    await repo.branch('feature-b', 'b_items');
    if (order === 'a then b') {
      repo.merge('feature-a', 'a_items');
      repo.merge('feature-b', 'a_items', 'b_items');
    } else {
      repo.merge('feature-b', 'b_items');
      expect((await repo.cli('migrate')).code).toBe(0);
      repo.merge('feature-a', 'a_items', 'b_items');
    }
    const [, a, b] = repo.ids();
    await body(repo, db, a!, b!);
  } finally {
    await db.drop();
    repo.ws.cleanup();
  }
}

const problems = (stdout: string) => (JSON.parse(stdout) as { problems: Array<{ code: string; migrationId?: string; hint: string }> }).problems;

describe('two branches that each generated a migration on the same parent, merged', () => {
  it('check names the conflict and advises rebase; rebase fixes it; check passes; migrate applies both; drift is in sync', () => withBranches('branches', 'a then b', async (repo, db, a, b) => {
    const conflicted = await repo.cli('check', '--json');
    expect(conflicted.code).toBe(3);
    const conflict = problems(conflicted.stdout).find((p) => p.code === 'CONFLICT')!;
    expect(conflict.migrationId).toBe(b);
    expect(conflict.hint).toContain(`npx migrate-core rebase --service shop ${a}`);
    expect(conflict.hint).toContain(`npx migrate-core rebase --service shop ${b}`);
    expect(conflict.hint).not.toMatch(/rollback|roll it back/);

    // Neither has run anywhere: b, the later one, goes on top of a.
    const rebased = await repo.cli('rebase', b);
    expect(rebased.code, rebased.stdout + rebased.stderr).toBe(0);
    const [, first, moved] = repo.ids();
    expect(first).toBe(a);
    expect(moved).not.toBe(b);
    expect(moved!.endsWith('_add_b_items')).toBe(true);
    expect((await repo.cli('check')).code).toBe(0);
    const migrate = await repo.cli('migrate');
    expect(migrate.code, migrate.stdout).toBe(0);
    expect(await db.tables()).toEqual(['_migrate_core_ledger', 'a_items', 'b_items', 'users']);
    const drift = await repo.cli('drift');
    expect(drift.code, drift.stdout + drift.stderr).toBe(0);
    expect((await repo.cli('generate', '--name', 'nothing')).stdout).toContain('no schema changes: nothing written');
  }), 180_000);

  it('when one of them already ran in a shared environment: rebase refuses to move it, moves the other, and that database catches up in order', () => withBranches('deployed', 'b deployed, then a', async (repo, db, a, b) => {
    const outOfOrder = await repo.cli('status', '--json');
    expect(JSON.parse(outOfOrder.stdout).issues).toContainEqual(expect.objectContaining({ code: 'OUT_OF_ORDER', migrationId: a, hint: expect.stringContaining(`npx migrate-core rebase --service shop ${a}`) }));

    const refused = await repo.cli('rebase', b);
    expect(refused.code).toBe(3);
    expect(refused.stdout).toContain(`${b} has run on \`${db.name}\``);
    expect(refused.stdout).toContain(`npx migrate-core rebase --service shop ${b} --keep-id`);
    const rebased = await repo.cli('rebase', a);
    expect(rebased.code, rebased.stdout + rebased.stderr).toBe(0);
    expect((await repo.cli('check')).code).toBe(0);
    const migrate = await repo.cli('migrate');
    expect(migrate.code, migrate.stdout).toBe(0);
    expect(migrate.stdout).not.toContain('OUT_OF_ORDER');
    expect((await repo.cli('drift')).code).toBe(0);
  }), 180_000);

  it('when both already ran somewhere: rebase --keep-id relinks the later one, the earlier is applied out of order, and check, drift and generate agree', () => withBranches('both_ran', 'b deployed, then a', async (repo, db, a, b) => {
    // a ran in another environment too (it keeps its id there): b keeps its id, its snapshot now follows a.
    const relinked = await repo.cli('rebase', b, '--keep-id');
    expect(relinked.code, relinked.stdout + relinked.stderr).toBe(0);
    expect(relinked.stdout).toContain(`${b} now follows ${a}`);
    expect(repo.ids()).toEqual(expect.arrayContaining([a, b]));
    expect((await repo.cli('check')).code).toBe(0);
    const blocked = await repo.cli('migrate');
    expect(blocked.code).toBe(3);
    expect(blocked.stdout).toContain('OUT_OF_ORDER');
    const applied = await repo.cli('migrate', '--allow-out-of-order');
    expect(applied.code, applied.stdout).toBe(0);
    expect(await db.tables()).toEqual(['_migrate_core_ledger', 'a_items', 'b_items', 'users']);
    expect((await repo.cli('drift')).code).toBe(0);
    expect((await repo.cli('generate', '--name', 'nothing')).stdout).toContain('no schema changes: nothing written');
  }), 180_000);
});
