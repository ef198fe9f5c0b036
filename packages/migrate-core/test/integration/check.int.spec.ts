import { mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../../test/support/cli.js';
import { makeWorkspace, type TempWorkspace } from '../../../../test/support/workspace.js';

const schemaWith = (...columns: string[]) => `import { int, mysqlTable, text } from 'drizzle-orm/mysql-core';
export const test = mysqlTable('test', {
  id: int('id').autoincrement().primaryKey(),
  name: text('name'),${columns.map((c) => `\n  ${c}: text('${c}'),`).join('')}
});
`;

const workspaces: TempWorkspace[] = [];
afterAll(() => {
  for (const ws of workspaces) ws.cleanup();
});

function workspace() {
  const ws = makeWorkspace({ first: { database: 'first', schema: schemaWith() } });
  workspaces.push(ws);
  const migrations = join(ws.serviceDir('first'), 'migrations');
  return {
    ws,
    migrations,
    ids: () => readdirSync(migrations).sort(),
    gen: (...args: string[]) => runCli(['generate', '--service', 'first', ...args], { cwd: ws.root }),
    check: async () => {
      const result = await runCli(['check', '--service', 'first', '--json'], { cwd: ws.root });
      return { code: result.code, ...(JSON.parse(result.stdout) as { ok: boolean; problems: Array<{ code: string; migrationId?: string; file?: string; message: string; hint: string }> }) };
    },
  };
}

describe('check', () => {
  it('passes with one line, then fails with exit 3 on schema changes not yet generated, each problem with its fix', async () => {
    const { ws, gen } = workspace();
    expect((await gen('--name', 'init')).code).toBe(0);
    const ok = await runCli(['check', '--service', 'first'], { cwd: ws.root });
    expect(ok.code).toBe(0);
    // No SHADOW_DATABASE_URL: the proof ran on a throwaway server of its own.
    expect(ok.stdout.trim()).toMatch(/^first: check ok: 1 migration, schema in sync, proven up, down and up again on MariaDB \d+\.\d+\.\d+ \(a throwaway server\) \(\d+ ms\)\.$/);

    ws.write('services/first/src/schema.ts', schemaWith('email'));
    const changed = await runCli(['check', '--service', 'first'], { cwd: ws.root });
    expect(changed.code).toBe(3);
    expect(changed.stdout).toContain('[SCHEMA_CHANGED] services/first/src/schema.ts has changes not yet in a migration');
    expect(changed.stdout).toContain('ALTER TABLE `test` ADD `email` text AFTER `name`');
    expect(changed.stdout).toContain('fix: Generate a migration for it: `npx migrate-core generate --service first --name "<what changed>"`');

    ws.write('services/first/src/schema.ts', schemaWith().replace("name: text('name')", "title: text('title')"));
    const json = await runCli(['check', '--service', 'first', '--json'], { cwd: ws.root });
    expect(json.code).toBe(3);
    const document = JSON.parse(json.stdout);
    expect(document).toMatchObject({ service: 'first', command: 'check', ok: false, problems: [{ code: 'SCHEMA_CHANGED', file: 'services/first/src/schema.ts' }] });
    expect(document.problems[0].message).toContain('removed and added at once');
    expect(document.problems[0].hint).toContain('--rename');
  });

  it('reports a missing down.sql, a corrupt snapshot, a hand edit (until accepted) and unacknowledged data loss (until acknowledged)', async () => {
    const { ws, gen, ids, check, migrations } = workspace();
    expect((await gen('--name', 'init')).code).toBe(0);
    ws.write('services/first/src/schema.ts', schemaWith('email'));
    expect((await gen('--name', 'add email')).code).toBe(0);
    ws.write('services/first/src/schema.ts', schemaWith());
    expect((await gen('--name', 'drop email')).code).toBe(0);
    const [init, add, drop] = ids();
    const at = (id: string, file: string) => join(migrations, id!, file);

    const loss = await check();
    expect(loss.problems.map((p) => [p.code, p.migrationId])).toEqual([['DATA_LOSS', drop]]);
    expect(loss.problems[0]!.message).toContain(`services/first/migrations/${drop}/up.sql:`);
    const up = readFileSync(at(drop!, 'up.sql'), 'utf8');
    writeFileSync(at(drop!, 'up.sql'), up.replace('ALTER TABLE `test` DROP COLUMN', '-- migrate-core: allow-data-loss\nALTER TABLE `test` DROP COLUMN'));
    expect(await check()).toMatchObject({ code: 0, ok: true, problems: [] });

    const down = readFileSync(at(add!, 'down.sql'), 'utf8');
    const initSnapshot = readFileSync(at(init!, 'snapshot.json'), 'utf8');
    rmSync(at(add!, 'down.sql'));
    writeFileSync(at(init!, 'snapshot.json'), '{"tables": [');
    writeFileSync(at(add!, 'up.sql'), `${readFileSync(at(add!, 'up.sql'), 'utf8')}\nUPDATE test SET email = name;\n`);
    const broken = await check();
    expect(broken.code).toBe(3);
    expect(broken.problems.map((p) => [p.code, p.migrationId])).toEqual([['CORRUPT_SNAPSHOT', init], ['NO_DOWN', add], ['EDITED', add]]);
    expect(broken.problems[1]!.hint).toContain(`--accept-edits ${add}`);
    expect(broken.problems[2]!.file).toBe(`services/first/migrations/${add}/up.sql`);

    writeFileSync(at(add!, 'down.sql'), down);
    writeFileSync(at(init!, 'snapshot.json'), initSnapshot);
    expect((await check()).problems.map((p) => p.code)).toEqual(['EDITED']);
    const accepted = await gen('--accept-edits', add!);
    expect(accepted.code).toBe(0);
    expect(accepted.stdout).toContain(`accepted the edits to up.sql of ${add}`);
    expect((await check()).ok).toBe(true);
  });

  it('finds migrations from two merged branches, names both, advises rebase (never a rollback), and passes after it', async () => {
    const { ws, gen, ids, check, migrations } = workspace();
    expect((await gen('--name', 'init')).code).toBe(0);
    ws.write('services/first/src/schema.ts', schemaWith('email'));
    expect((await gen('--name', 'add email')).code).toBe(0);
    const [, email] = ids();
    const aside = mkdtempSync(join(tmpdir(), 'branch-'));
    renameSync(join(migrations, email!), join(aside, email!));
    ws.write('services/first/src/schema.ts', schemaWith('phone'));
    expect((await gen('--name', 'add phone')).code).toBe(0);
    renameSync(join(aside, email!), join(migrations, email!));
    rmSync(aside, { recursive: true });
    ws.write('services/first/src/schema.ts', schemaWith('email', 'phone'));
    const [, first, second] = ids();

    const merged = await check();
    expect(merged.code).toBe(3);
    const conflict = merged.problems.find((p) => p.code === 'CONFLICT')!;
    expect(conflict.message).toContain(`${second} and ${first} were both generated on top of ${ids()[0]}`);
    expect(conflict.hint).toContain(`If ${first} has not run in any shared environment, run \`npx migrate-core rebase --service first ${first}\``);
    expect(conflict.hint).toContain(`\`npx migrate-core rebase --service first ${second} --keep-id\``);
    expect(conflict.hint).not.toMatch(/roll it back|rollback --/);
    expect((await gen('--name', 'more')).stderr).toContain('were both generated on top of');

    const rebased = await runCli(['rebase', '--service', 'first', first!], { cwd: ws.root, env: { DATABASE_URL: 'mysql://root@127.0.0.1:1' } });
    // The database cannot be reached here: rebase refuses to guess whether it ran the migration.
    expect(rebased.code).toBe(2);
    expect(rebased.stderr).toContain('Cannot connect to the database server');
    expect((await runCli(['rebase', '--service', 'first', second!, '--keep-id'], { cwd: ws.root })).code).toBe(0);
    expect(await check()).toMatchObject({ ok: true, problems: [] });
  });

  it('reports SQL MariaDB rejects, such as serial AUTO_INCREMENT, and the shadow server refuses it too', async () => {
    const { gen, check, ids, migrations } = workspace();
    expect((await gen('--name', 'init')).code).toBe(0);
    const path = join(migrations, ids()[0]!, 'up.sql');
    writeFileSync(path, readFileSync(path, 'utf8').replace('`id` int AUTO_INCREMENT', '`id` serial AUTO_INCREMENT'));
    const result = await check();
    expect(result.problems.map((p) => p.code)).toEqual(['EDITED', 'MARIADB_INVALID', 'SHADOW_UP']);
    expect(result.problems[1]!.message).toContain('serial AUTO_INCREMENT');
    expect(result.problems[2]!.message).toContain(`statement 1 of 1 failed (services/first/migrations/${ids()[0]}/up.sql:3)`);
  });
});
