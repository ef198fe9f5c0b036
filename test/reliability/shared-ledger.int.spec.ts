// Migrations sent together share their ledger writes (packages/migrate-core/src/engine/shared-ledger.ts): every
// row in one transaction before the first statement, every completion in one after the last. Interrupted in
// the middle, on a real server, each migration still runs exactly once. Each interruption is triggered while a
// statement waits for a metadata lock the test holds, never by timing.
import { describe, expect, it } from 'vitest';
import { holdTable, killConnection, waitForLockFree, waitUntilRunning } from '../support/gates.js';
import { LEDGER, ledgerOf } from '../support/ledger.js';
import { scenario } from '../support/scenario.js';

const ids = [1, 2, 3, 4, 5].map((n) => `2026090100000${n}_m${n}`);
/** Five migrations; the third alters `t`, which the test can hold. */
const migrations = Object.fromEntries(ids.map((id, i) => [id, {
  up: i === 2 ? 'ALTER TABLE t ADD COLUMN c int DEFAULT 7;\n' : `CREATE TABLE t${i + 1} (id int);\n`,
  down: i === 2 ? 'ALTER TABLE t DROP COLUMN c;\n' : `DROP TABLE t${i + 1};\n`,
}]));

/** Starts `migrate` while a transaction that read `t` holds its metadata lock; returns once the ALTER waits for it. */
async function startHeld(prefix: string) {
  const s = await scenario(prefix, migrations);
  await s.db.query('CREATE TABLE t (id int)');
  const held = await holdTable(s.db, 't');
  const victim = s.start('migrate');
  const id = await waitUntilRunning(s.db, 'ALTER TABLE t ADD COLUMN c', victim);
  return { s, victim, id, release: held.release };
}

const columnsOfT = async (s: Awaited<ReturnType<typeof scenario>>) => (await s.db.query<Array<{ Field: string }>>('SHOW COLUMNS FROM t')).map((column) => column.Field);

describe('migrations that share their ledger writes, interrupted on a real server', () => {
  it('rows of the whole round trip are written first; cut in the middle, the next run proves the two that ran and runs the rest once', async () => {
    const { s, victim, id, release } = await startHeld('shared_cut');
    // While the third migration waits, every row of the round trip is there, in progress.
    expect((await ledgerOf(s.db)).map((row) => [row.id, row.state, row.statements_done])).toEqual(ids.map((migration) => [migration, 'running', 0]));
    await killConnection(s.db, id);
    await release();
    expect((await victim.done).code).toBe(1);
    await waitForLockFree(s.db);
    expect(await s.db.tables()).toEqual(expect.arrayContaining(['t1', 't2']));
    expect(await s.db.tables()).not.toContain('t4');

    const status = await s.cli('status', '--json');
    expect(JSON.parse(status.stdout).dirty).toMatchObject({ id: ids[0], state: 'running' });
    const next = await s.cli('migrate');
    expect(next.code, next.stdout + next.stderr).toBe(0);
    expect(next.stderr.match(/had taken effect before the interruption/g)).toHaveLength(2);
    expect(await columnsOfT(s)).toEqual(['id', 'c']);
    expect(await s.db.tables()).toEqual(expect.arrayContaining(['t1', 't2', 't4', 't5']));
    expect((await ledgerOf(s.db)).map((row) => [row.id, row.state, row.statements_done, row.pre_index])).toEqual(ids.map((migration) => [migration, 'applied', 1, null]));
  });

  it('killed (kill -9) in the middle: the server finishes the round trip, completions included, and the next run has nothing to do', async () => {
    const { s, victim, release } = await startHeld('shared_kill');
    victim.child.kill('SIGKILL');
    await victim.done;
    await release();
    await waitForLockFree(s.db);
    expect((await ledgerOf(s.db)).map((row) => [row.id, row.state])).toEqual(ids.map((migration) => [migration, 'applied']));
    const rows = await s.db.query<Array<{ started_at: Date; finished_at: Date; duration_ms: number }>>(`SELECT started_at, finished_at, duration_ms FROM \`${LEDGER}\` ORDER BY seq`);
    // Each row is timed from its own migration's start: each starts where the one before it finished.
    for (const [i, row] of rows.entries()) {
      expect(row.duration_ms).toBe(row.finished_at.getTime() - row.started_at.getTime());
      if (i > 0) expect(row.started_at.getTime()).toBe(rows[i - 1]!.finished_at.getTime());
    }
    const next = await s.cli('migrate');
    expect(next.code, next.stdout + next.stderr).toBe(0);
    expect(next.stdout).toContain('nothing to migrate');
    expect(await columnsOfT(s)).toEqual(['id', 'c']);
  });

  it('a statement that fails: those before it recorded applied, it failed, no row left for those after it; the next run resumes there', async () => {
    const s = await scenario('shared_fail', { ...migrations, [ids[2]!]: { up: 'ALTER TABLE missing ADD COLUMN c int;\n', down: 'SELECT 1;\n' } });
    const first = await s.cli('migrate');
    expect(first.code).toBe(1);
    expect(first.stdout).toContain('ER_NO_SUCH_TABLE (1146)');
    expect((await ledgerOf(s.db)).map((row) => [row.id, row.state])).toEqual([[ids[0], 'applied'], [ids[1], 'applied'], [ids[2], 'failed']]);
    const durations = await s.db.query<Array<{ duration_ms: number | null }>>(`SELECT duration_ms FROM \`${LEDGER}\` WHERE state = 'applied'`);
    expect(durations.every((row) => row.duration_ms !== null && row.duration_ms >= 0)).toBe(true);
    expect(await s.db.tables()).not.toContain('t4');
    await s.db.query('CREATE TABLE missing (id int)');
    const next = await s.cli('migrate');
    expect(next.code, next.stdout + next.stderr).toBe(0);
    expect((await ledgerOf(s.db)).map((row) => [row.id, row.state])).toEqual(ids.map((migration) => [migration, 'applied']));
  });
});
