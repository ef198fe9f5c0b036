import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../../test/support/cli.js';
import { serverUrl, sql } from '../../../../test/support/db.js';
import { pollUntil } from '../../../../test/support/poll.js';
import { startCli } from '../../../../test/support/processes.js';
import { lockName } from '../../src/lock/mysql-lock.js';
import { allApplied, eachOnce, LEDGER, M1, M2, M3, makeFleet, type Fleet } from './fleet-support.js';


type Entry = { database: string; outcome: string };
const readReport = (f: Fleet, file: string) => JSON.parse(readFileSync(join(f.ws.root, file), 'utf8')) as { shard: unknown; summary: Record<string, number>; databases: Entry[] };

/** Databases of the fleet whose migration lock is held right now. */
async function locksHeld(f: Fleet): Promise<number> {
  const names = f.databases.map((db) => lockName(db, LEDGER));
  const [row] = await sql<Array<{ held: number }>>(serverUrl(), `SELECT ${names.map(() => '(IS_USED_LOCK(?) IS NOT NULL)').join(' + ')} AS held`, names);
  return Number(row!.held);
}

describe('runs spread over runners', () => {
  it('three shards run at once, in three processes, cover each database exactly once; their reports merge into one', async () => {
    const f = await makeFleet('flshard', 30);
    const runs = [1, 2, 3].map((i) => startCli(['migrate', '--service', 'tenants', '--shard', `${i}/3`, '--report', `reports/shard-${i}.json`, '--concurrency', '2'],
      { cwd: f.ws.root, env: f.env }));
    const results = await Promise.all(runs.map((run) => run.done));
    for (const result of results) expect(result.code, result.stderr).toBe(0);
    const reports = [1, 2, 3].map((i) => readReport(f, `reports/shard-${i}.json`));
    const covered = reports.flatMap((report) => report.databases.map((entry) => entry.database));
    expect([...covered].sort()).toEqual([...f.databases]);
    expect(new Set(covered).size).toBe(30);
    for (const report of reports) expect(report.databases.every((entry) => entry.outcome === 'done')).toBe(true);
    reports.forEach((report, i) => expect(report.shard).toEqual({ index: i + 1, count: 3 }));
    expect(await f.ledgers()).toEqual(allApplied(f.databases, [M1, M2, M3]));
    expect(await f.effects()).toEqual(eachOnce(f.databases, [M1, M2, M3]));

    const merged = await runCli(['report', '--service', 'tenants', '--merge', 'reports', '--out', 'fleet-report.json'], { cwd: f.ws.root, env: f.env });
    expect(merged.code).toBe(0);
    expect(merged.stdout).toMatch(/tenants: migrate of 30 databases in [\d.]+ m?s: 30 migrated \(90 migrations\), 0 up to date\./);
    const document = JSON.parse(readFileSync(join(f.ws.root, 'fleet-report.json'), 'utf8'));
    expect(document).toMatchObject({ service: 'tenants', command: 'migrate', outcome: 'done', summary: { total: 30, done: 30 } });
    expect(document.shards.map((s: { index: number }) => s.index)).toEqual([1, 2, 3]);

    const partial = await runCli(['report', '--service', 'tenants', '--merge', 'reports/shard-1.json', '--merge', 'reports/shard-2.json', '--json'], { cwd: f.ws.root, env: f.env });
    expect(partial.code).toBe(2);
    expect(JSON.parse(partial.stdout).problems).toEqual(['no report of shard 3/3.']);
  });

  it('a run killed (kill -9) once the ledgers show 8 databases done, then run again, applies every migration exactly once', async () => {
    const f = await makeFleet('flkill', 30, { pause: 0.1 });
    const run = startCli(['migrate', '--service', 'tenants', '--concurrency', '2'], { cwd: f.ws.root, env: f.env });
    const fullyMigrated = async () => Object.values(await f.ledgers()).filter((ids) => ids.length === 3).length;
    await pollUntil('8 databases fully migrated', fullyMigrated, (done) => done >= 8, { timeoutMs: 60_000 });
    run.child.kill('SIGKILL');
    const killed = await run.done;
    expect(killed.signal).toBe('SIGKILL');
    // The server finishes what it had received, under the lock, then frees it.
    await pollUntil('every migration lock released', () => locksHeld(f), (held) => held === 0);
    const left = Object.values(await f.ledgers()).filter((ids) => ids.length < 3).length;
    expect(left, 'the kill came before the end of the run').toBeGreaterThan(0);

    const rerun = await runCli(['migrate', '--service', 'tenants', '--json'], { cwd: f.ws.root, env: f.env });
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(JSON.parse(rerun.stdout).summary.done).toBe(left);
    expect(await f.ledgers()).toEqual(allApplied(f.databases, [M1, M2, M3]));
    expect(await f.effects()).toEqual(eachOnce(f.databases, [M1, M2, M3]));
  });

  it('two fleet runs at once never apply a migration twice', async () => {
    const f = await makeFleet('fltwo', 30, { pause: 0.05 });
    const runs = [0, 1].map(() => startCli(['migrate', '--service', 'tenants', '--concurrency', '4', '--json'], { cwd: f.ws.root, env: f.env }));
    const [a, b] = await Promise.all(runs.map((run) => run.done));
    expect(a!.code, a!.stderr).toBe(0);
    expect(b!.code, b!.stderr).toBe(0);
    const [ra, rb] = [JSON.parse(a!.stdout), JSON.parse(b!.stdout)];
    // Each database was migrated by exactly one of them; the other found nothing to do.
    expect(ra.summary.done + rb.summary.done).toBe(30);
    expect(ra.summary.noop + rb.summary.noop).toBe(30);
    expect(await f.effects()).toEqual(eachOnce(f.databases, [M1, M2, M3]));
    expect(await f.ledgers()).toEqual(allApplied(f.databases, [M1, M2, M3]));
  });
});
