import { describe, expect, it } from 'vitest';
import { runCli } from '../../../../test/support/cli.js';
import { serverUrl, sql } from '../../../../test/support/db.js';
import { allApplied, eachOnce, LEDGER, M1, M2, M3, makeFleet, type Fleet } from './fleet-support.js';


/** Makes M2 fail on `database`: the table it creates is there already. */
const breakTenant = (database: string) => sql(serverUrl(), `CREATE TABLE \`${database}\`.items (id int)`);
const migrate = (f: Fleet, ...args: string[]) => runCli(['migrate', '--service', 'tenants', ...args], { cwd: f.ws.root, env: f.env });

describe('a failing tenant', () => {
  it('stops the rollout by default: no database starts after it, the running ones finish cleanly', async () => {
    const f = await makeFleet('flfail', 24);
    const broken = f.databases[5]!;
    await breakTenant(broken);
    const run = await migrate(f, '--concurrency', '3');
    expect(run.code).toBe(1);
    const ledgers = await f.ledgers();
    expect(ledgers[broken]).toEqual([M1]);
    // Every other database is either fully migrated or untouched: none was left half-way.
    const others = Object.entries(ledgers).filter(([db]) => db !== broken);
    for (const [db, ids] of others) expect([[], [M1, M2, M3]], db).toContainEqual(ids);
    const migrated = others.filter(([, ids]) => ids.length === 3).length;
    const untouched = others.filter(([, ids]) => ids.length === 0).length;
    // The broken one was the 6th to start: the five before it made it; what started after its failure did not.
    expect(migrated).toBeGreaterThanOrEqual(5);
    expect(untouched).toBeGreaterThan(0);
    expect(run.stdout).toContain(`tenants: migrate of 24 databases in`);
    expect(run.stdout).toContain(`${migrated} migrated (${migrated * 3 + 1} migrations), 0 up to date, 1 failed, ${untouched} not started.`);
    expect(run.stdout).toContain(`✗ ${broken} failed: ${M2}: statement 1 of 2 failed`);
    expect(run.stdout).toContain(`next: Fix the cause`);
    expect(run.stdout).toContain(`\`npx migrate-core migrate --service tenants --database ${broken}\``);
    expect(run.stdout).toContain(`Stopped after ${broken} (fail-fast): ${untouched} databases not started.`);
    expect(run.stdout).toContain('next: fix the cause, then run `npx migrate-core migrate --service tenants` again');
    expect(run.stderr).toContain(`tenants: ✗ ${broken} failed`);

    // The cause fixed, the rerun is the resume: the failed migration goes on at its statement, the rest start.
    await sql(serverUrl(), `DROP TABLE \`${broken}\`.items`);
    expect((await migrate(f)).code).toBe(0);
    expect(await f.ledgers()).toEqual(allApplied(f.databases, [M1, M2, M3]));
    expect(await f.effects()).toEqual(eachOnce(f.databases, [M1, M2, M3]));
  });

  it('with --continue-on-error, every database is tried and every failure collected', async () => {
    const f = await makeFleet('flcont', 12);
    const [, second, , , , sixth] = f.databases as string[];
    await breakTenant(second!);
    await breakTenant(sixth!);
    const run = await migrate(f, '--continue-on-error', '--json', '--concurrency', '3');
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ service: 'tenants', command: 'migrate', outcome: 'failed', stopped: null, summary: { total: 12, done: 10, noop: 0, blocked: 0, failed: 2, skipped: 0 } });
    const failed = report.databases.filter((entry: { outcome: string }) => entry.outcome === 'failed');
    expect(failed.map((entry: { database: string }) => entry.database)).toEqual([second, sixth]);
    expect(failed[0]).toMatchObject({ migrations: 1, error: { code: 'STATEMENT', migrationId: M2, statement: 1, line: 1,
      message: expect.stringContaining("Table 'items' already exists"), hint: expect.stringContaining(`npx migrate-core migrate --service tenants --database ${second}`) } });
    const ledgers = await f.ledgers();
    expect(Object.values(ledgers).filter((ids) => ids.length === 3)).toHaveLength(10);
  });

  it('blocks (exit 3) a database whose applied migration was edited, and the others go on with --continue-on-error', async () => {
    const f = await makeFleet('flblock', 4);
    await migrate(f, '--to', M2);
    await sql(serverUrl(), `UPDATE \`${f.databases[2]}\`.\`${LEDGER}\` SET checksum = 'sha256:0' WHERE id = '${M1}'`);
    const run = await migrate(f, '--continue-on-error');
    expect(run.code).toBe(3);
    expect(run.stdout).toContain('3 migrated (3 migrations), 0 up to date, 1 blocked.');
    expect(run.stdout).toContain(`! ${f.databases[2]} blocked: `);
    expect(run.stdout).toContain(`${M1}/up.sql was edited after it was applied`);
    // The fleet's migrations have no snapshot.json: the edit is recorded in that database's ledger, which the hint names.
    expect(run.stdout).toContain(`\`npx migrate-core resolve --service tenants --database ${f.databases[2]} ${M1} --applied\``);
  });
});

describe('--canary', () => {
  it('runs the first k databases, and the rest only when they pass', async () => {
    const f = await makeFleet('flcan', 10);
    await breakTenant(f.databases[1]!);
    const stopped = await migrate(f, '--canary', '3', '--continue-on-error');
    expect(stopped.code).toBe(1);
    expect(stopped.stdout).toContain('the first 3 as a canary');
    expect(stopped.stdout).toContain(`The canary did not pass (${f.databases[1]} failed): the other 7 databases were not started.`);
    const ledgers = await f.ledgers();
    expect(ledgers).toEqual({ ...allApplied(f.databases, []), [f.databases[0]!]: [M1, M2, M3], [f.databases[1]!]: [M1], [f.databases[2]!]: [M1, M2, M3] });

    await sql(serverUrl(), `DROP TABLE \`${f.databases[1]}\`.items`);
    const passed = await migrate(f, '--canary', '3');
    expect(passed.code).toBe(0);
    expect(passed.stdout).toContain('2 of them have nothing to do (one query each); 8 to migrate.');
    expect(await f.ledgers()).toEqual(allApplied(f.databases, [M1, M2, M3]));
  });
});

describe('a fleet rollback that drops data', () => {
  it('is refused on every database that holds rows, unless --allow-data-loss; nothing is asked', async () => {
    const f = await makeFleet('flloss', 3);
    expect((await migrate(f)).code).toBe(0);
    const rollback = (...args: string[]) => runCli(['rollback', '--service', 'tenants', '--to', 'base', ...args], { cwd: f.ws.root, env: f.env });
    const refused = await rollback('--json', '--continue-on-error');
    expect(refused.code).toBe(3);
    const report = JSON.parse(refused.stdout);
    expect(report.summary).toMatchObject({ total: 3, blocked: 3 });
    expect(report.databases.map((entry: { error: { code: string } }) => entry.error.code)).toEqual(['DATA_LOSS', 'DATA_LOSS', 'DATA_LOSS']);
    expect(await f.ledgers()).toEqual(allApplied(f.databases, [M1, M2, M3]));
    expect((await rollback('--allow-data-loss')).code).toBe(0);
    expect(await f.ledgers()).toEqual(allApplied(f.databases, []));
  });
});
