import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../../test/support/cli.js';
import { makeWorkspace, type TempWorkspace } from '../../../../test/support/workspace.js';

// generate spells SQL for the family the service targets ("target" in migrate.config.json, default mariadb).
const SCHEMA = `import { sql } from 'drizzle-orm';
import { index, int, json, mysqlTable, varchar } from 'drizzle-orm/mysql-core';
export const users = mysqlTable('users', {
  id: int('id').autoincrement().primaryKey(),
  email: varchar('email', { length: 100 }).notNull(),
  prefs: json('prefs').default({ theme: 'dark' }),
}, (t) => [index('users_email_lower').on(sql\`lower(\${t.email})\`)]);
`;

const workspaces: TempWorkspace[] = [];
afterAll(() => workspaces.forEach((ws) => ws.cleanup()));

function workspace(target?: string): TempWorkspace {
  const ws = makeWorkspace({ first: { config: { database: 'first', ...(target ? { target } : {}) }, schema: SCHEMA } });
  workspaces.push(ws);
  return ws;
}

describe('generate for the target family', () => {
  it('mariadb (the default): refuses an expression index, naming it and the way out, and writes nothing', async () => {
    const ws = workspace();
    const result = await runCli(['generate', '--service', 'first', '--name', 'users'], { cwd: ws.root });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('services/first/src/schema.ts asks for what MariaDB cannot do ("target": "mariadb" in services/first/migrate.config.json)');
    expect(result.stderr).toContain('index `users_email_lower` indexes the expression lower(`email`): MariaDB has no expression indexes');
    expect(result.stderr).toContain('set "target": "mysql" in services/first/migrate.config.json');
    expect(readdirSync(join(ws.serviceDir('first'), 'migrations'))).toEqual([]);
  });

  it("mysql: a functional key part in its own parentheses and the JSON default as an expression", async () => {
    const ws = workspace('mysql');
    expect((await runCli(['generate', '--service', 'first', '--name', 'users'], { cwd: ws.root })).code).toBe(0);
    const [id] = readdirSync(join(ws.serviceDir('first'), 'migrations'));
    const up = readFileSync(join(ws.serviceDir('first'), 'migrations', id!, 'up.sql'), 'utf8');
    expect(up).toContain("`prefs` json DEFAULT ('{\"theme\":\"dark\"}')");
    expect(up).toContain('CREATE INDEX `users_email_lower` ON `users` ((lower(`email`)));');
    expect(existsSync(join(ws.serviceDir('first'), 'migrations', id!, 'snapshot.json'))).toBe(true);
  });
});
