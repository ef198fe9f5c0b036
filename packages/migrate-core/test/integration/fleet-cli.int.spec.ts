import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../../test/support/cli.js';
import { connect, serverUrl, sql } from '../../../../test/support/db.js';
import { lockName } from '../../src/lock/mysql-lock.js';
import { allApplied, eachOnce, LEDGER, M1, M2, M3, makeFleet } from './fleet-support.js';


describe('a fleet of 200 databases found by a pattern', () => {
  it('migrates every one in one process, each with its own ledger, and nothing else', async () => {
    const f = await makeFleet('fl200', 200);
    // A database the pattern does not match, on the same server: never touched.
    const outsider = `${f.prefix}x`;
    await sql(serverUrl(), `CREATE DATABASE \`${outsider}\``);
    try {
      const run = await runCli(['migrate', '--service', 'tenants', '--report', 'report.json'], { cwd: f.ws.root, env: f.env });
      expect(run.stderr).not.toContain('error');
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`tenants: migrate on 200 databases ("match": "${f.prefix}_*")`);
      expect(run.stdout).toMatch(/tenants: migrate of 200 databases in [\d.]+ m?s: 200 migrated \(600 migrations\), 0 up to date\./);
      expect(await f.ledgers()).toEqual(allApplied(f.databases, [M1, M2, M3]));
      expect(await f.effects()).toEqual(eachOnce(f.databases, [M1, M2, M3]));
      expect(await sql(serverUrl(), 'SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?', [outsider])).toEqual([{ n: 0 }]);

      const report = JSON.parse(readFileSync(join(f.ws.root, 'report.json'), 'utf8'));
      expect(report).toMatchObject({ service: 'tenants', command: 'migrate', shard: null, outcome: 'done', summary: { total: 200, done: 200, noop: 0, blocked: 0, failed: 0, skipped: 0 } });
      expect(report.databases).toHaveLength(200);
      expect(report.databases[0]).toEqual({ database: f.databases[0], outcome: 'done', migrations: 3, durationMs: expect.any(Number) });

      const again = await runCli(['migrate', '--service', 'tenants', '--json'], { cwd: f.ws.root, env: f.env });
      expect(again.code).toBe(0);
      expect(JSON.parse(again.stdout)).toMatchObject({ outcome: 'noop', summary: { total: 200, noop: 200 } });
      expect(await f.effects()).toEqual(eachOnce(f.databases, [M1, M2, M3]));
    } finally {
      await sql(serverUrl(), `DROP DATABASE IF EXISTS \`${outsider}\``);
    }
  });
});

describe('status of a fleet', () => {
  it('prints { service, databases, summary }, each database as its own status --json, and exits as a status does', async () => {
    // A list fleet whose last member has no database yet.
    const f = await makeFleet('flst', 5, { config: (prefix, databases) => ({ databases: [...databases, `${prefix}_missing`] }) });
    const { ws, env, databases } = f;
    const [a, b, c, d, e] = databases as [string, string, string, string, string];
    const missing = `${f.prefix}_missing`;
    await runCli(['migrate', '--service', 'tenants', '--to', M2], { cwd: ws.root, env });
    await runCli(['migrate', '--service', 'tenants', '--database', b], { cwd: ws.root, env });
    expect((await runCli(['rollback', '--service', 'tenants', '--database', c, '--to', 'base', '--allow-data-loss'], { cwd: ws.root, env })).code).toBe(0);
    // d: M3 fails half-way (its table is gone); e: a ledger that cannot be read; missing: no database.
    await sql(serverUrl(), `DROP TABLE \`${d}\`.items`);
    expect((await runCli(['migrate', '--service', 'tenants', '--database', d], { cwd: ws.root, env })).code).toBe(1);
    await sql(serverUrl(), `ALTER TABLE \`${e}\`.\`${LEDGER}\` DROP COLUMN seq`);

    const status = await runCli(['status', '--service', 'tenants', '--json'], { cwd: ws.root, env });
    expect(status.code).toBe(1);
    const document = JSON.parse(status.stdout);
    expect(Object.keys(document)).toEqual(expect.arrayContaining(['service', 'databases', 'summary']));
    expect(document.service).toBe('tenants');
    expect(document.summary).toEqual({ total: 6, upToDate: 1, pending: 2, dirty: 1, failed: 2, unreachable: 0, withIssues: 1 });
    const byName = Object.fromEntries(document.databases.map((db: { database: string }) => [db.database, db]));
    expect(byName[a]).toMatchObject({ current: M2, pending: [{ id: M3 }], dirty: null });
    expect(byName[b]).toMatchObject({ current: M3, pending: [], dirty: null, issues: [] });
    expect(byName[c]).toMatchObject({ current: null, pending: [{ id: M1 }, { id: M2 }, { id: M3 }] });
    expect(byName[d]).toMatchObject({ current: M2, dirty: { id: M3, state: 'failed', statement: 1 } });
    expect(byName[e].error).toMatchObject({ code: 'ER_BAD_FIELD_ERROR', message: expect.stringContaining(e) });
    expect(byName[missing].error).toEqual({ code: 'NO_DATABASE', severity: 'error', message: `Database \`${missing}\` does not exist.`,
      hint: `Create it with \`npx migrate-core migrate --service tenants --database ${missing} --create-database\`.` });

    // Each database's document is the one status --json prints for it alone.
    for (const db of [a, b, c, d]) {
      const single = await runCli(['status', '--service', 'tenants', '--database', db, '--json'], { cwd: ws.root, env });
      const { service, command, ...alone } = JSON.parse(single.stdout);
      expect({ service, command }).toEqual({ service: 'tenants', command: 'status' });
      expect(byName[db]).toEqual(alone);
    }

    const text = await runCli(['status', '--service', 'tenants'], { cwd: ws.root, env });
    expect(text.stdout).toContain('tenants: 6 databases at mysql://root@');
    expect(text.stdout).toContain(': 1 up to date, 2 pending, 1 dirty, 2 failed, 0 unreachable; 1 with issues.');
    expect(text.stdout).toMatch(new RegExp(`${d}\\s+dirty\\s+${M2}\\s+0\\s+${M3} failed at statement 1 of 2`));
  });
});

describe('status of a fleet while a migration runs', () => {
  it('shows it in progress and exits 0; once its runner is gone, the interrupted migration blocks (exit 3)', async () => {
    const f = await makeFleet('flprog', 2);
    const [busy] = f.databases as [string];
    await runCli(['migrate', '--service', 'tenants', '--to', M2], { cwd: f.ws.root, env: f.env });
    // What a runner in the middle of M2 looks like: its row running, the database's lock held by its connection.
    await sql(serverUrl(), `UPDATE \`${busy}\`.\`${LEDGER}\` SET state = 'running', statements_done = 1 WHERE id = '${M2}'`);
    const runner = await connect();
    try {
      await runner.query('SELECT GET_LOCK(?, 0)', [lockName(busy, LEDGER)]);
      const during = await runCli(['status', '--service', 'tenants', '--json'], { cwd: f.ws.root, env: f.env });
      expect(during.code).toBe(0);
      const document = JSON.parse(during.stdout);
      expect(document.summary).toMatchObject({ total: 2, dirty: 1, pending: 1, withIssues: 0 });
      expect(document.databases[0].issues).toEqual([expect.objectContaining({ code: 'IN_PROGRESS' })]);
    } finally {
      await runner.end();
    }
    const after = await runCli(['status', '--service', 'tenants'], { cwd: f.ws.root, env: f.env });
    expect(after.code).toBe(3);
    expect(after.stdout).toContain('; 1 with issues.');
  });
});

describe('--database on a fleet', () => {
  it('runs the command on that one member only, and refuses a name that is not one', async () => {
    const f = await makeFleet('flone', 3);
    const [first, second] = f.databases as [string, string];
    const one = await runCli(['migrate', '--service', 'tenants', '--database', second], { cwd: f.ws.root, env: f.env });
    expect(one.code).toBe(0);
    expect(one.stdout).toContain(`tenants: 3 migrations applied on \`${second}\``);
    expect(await f.ledgers()).toEqual({ ...allApplied(f.databases, []), [second]: [M1, M2, M3] });

    const stranger = await runCli(['migrate', '--service', 'tenants', '--database', 'other_db'], { cwd: f.ws.root, env: f.env });
    expect(stranger.code).toBe(2);
    expect(stranger.stderr).toContain(`other_db is not a database of fleet tenants: it does not match "match": "${f.prefix}_*".`);
    expect(stranger.stderr).toContain('npx migrate-core migrate --service tenants --database other_db --create-database');

    const hint = await runCli(['migrate', '--service', 'tenants', '--database', first, '--to', '20260601000009_nope'], { cwd: f.ws.root, env: f.env });
    expect(hint.code).toBe(3);
    expect(hint.stdout).toContain(`npx migrate-core status --service tenants --database ${first}`);
    expect(await f.ledgers()).toEqual({ ...allApplied(f.databases, []), [second]: [M1, M2, M3] });
  });

  it('refuses a database the config excludes on purpose (a template), even with --create-database', async () => {
    const f = await makeFleet('flexcl', 3, { config: (prefix, databases) => ({ databases: { match: [`${prefix}_*`, `!${databases[2]}`] } }) });
    const template = f.databases[2]!;
    for (const extra of [[], ['--create-database']]) {
      const refused = await runCli(['migrate', '--service', 'tenants', '--database', template, ...extra], { cwd: f.ws.root, env: f.env });
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain(`${template} is left out of fleet tenants on purpose: "!${template}" in migrate.config.json excludes it.`);
      expect(refused.stderr).not.toContain('--create-database');
    }
    expect((await f.ledgers())[template]).toEqual([]);
  });

  it('brings a new tenant to the latest schema with --create-database', async () => {
    const f = await makeFleet('flnew', 2);
    const fresh = `${f.prefix}_new`;
    try {
      const created = await runCli(['migrate', '--service', 'tenants', '--database', fresh, '--create-database'], { cwd: f.ws.root, env: f.env });
      expect(created.code).toBe(0);
      const status = JSON.parse((await runCli(['status', '--service', 'tenants', '--json'], { cwd: f.ws.root, env: f.env })).stdout);
      expect(status.summary).toMatchObject({ total: 3, upToDate: 1, pending: 2 });
      expect(status.databases.find((db: { database: string }) => db.database === fresh)).toMatchObject({ current: M3, pending: [] });
    } finally {
      await sql(serverUrl(), `DROP DATABASE IF EXISTS \`${fresh}\``);
    }
  });
});
