// SIGINT and SIGTERM stop a run after the current statement, with 130 or 143, and say where it stopped and what
// to run next; a second signal stops the statement in progress. Signals are sent while the migration is parked
// at a gate.
import { describe, expect, it } from 'vitest';
import { connect } from '../support/db.js';
import { gateSql, userLockGate, waitForLockFree, waitUntilParked, waitUntilRunning, waitUntilStopping } from '../support/gates.js';
import { executionsOf, ledgerOf } from '../support/ledger.js';
import { scenario } from '../support/scenario.js';

const A = '20260704000001_long';
const UP = `CREATE TABLE effects (step varchar(40));\n${gateSql('GATE')}\nINSERT INTO effects VALUES ('three');\nCREATE TABLE four (id int);\n`;

describe('a signal while a migration runs', () => {
  it.each([['SIGINT', 130], ['SIGTERM', 143]] as const)('%s stops it after the current statement, exit %i, saying where and what next', async (signal, code) => {
    const gateName = `gate_${signal.toLowerCase()}`;
    const s = await scenario(`signal_${signal.toLowerCase()}`, { [A]: { up: UP.replace('GATE', gateName), down: 'DROP TABLE four;\nDROP TABLE effects;' } });
    const gate = await userLockGate(s.db, gateName);
    const run = s.start('migrate');
    const id = await waitUntilParked(s.db, gate, run);
    run.child.kill(signal);
    // The stop takes effect once the runner holds its connection's stop lock (see STOP_CHECK_SQL).
    await waitUntilStopping(s.db, id);
    await gate.open();
    const stopped = await run.done;
    expect(stopped.code, stopped.stdout + stopped.stderr).toBe(code);
    expect(stopped.stderr).toContain(`${signal}: stopping after the current statement`);
    expect(stopped.stdout).toContain('svc: stopped on request');
    expect(stopped.stdout).toContain(`${A}: stopped on request before statement 3 of 4 (INSERT, services/svc/migrations/${A}/up.sql:3); every statement before it ran and is recorded.`);
    expect(stopped.stdout).toContain('next: Run `npx migrate-core migrate --service svc` to continue: it resumes at statement 3.');
    expect(await ledgerOf(s.db)).toMatchObject([{ id: A, state: 'failed', statements_done: 2, pre_index: null }]);
    expect(await executionsOf(s.db, 'effects')).toEqual({});

    const resumed = await s.cli('migrate');
    expect(resumed.code, resumed.stdout).toBe(0);
    expect(resumed.stdout).toContain(`${A} up: resuming at statement 3 of 4`);
    expect(await executionsOf(s.db, 'effects')).toEqual({ three: 1 });
    expect(await s.db.tables()).toContain('four');
  });

  it('a second SIGINT interrupts the statement in progress on the server and exits 130 at once; the next run resumes there', async () => {
    const s = await scenario('signal_twice', {
      [A]: { up: `CREATE TABLE t (id int);\n${gateSql('gate_twice')}\nALTER TABLE t ADD COLUMN c int;\nCREATE TABLE effects (step varchar(40));\n`, down: 'DROP TABLE effects;\nDROP TABLE t;' },
    });
    // Parked at the gate, t exists: a transaction that reads it holds its metadata lock, and the ALTER waits for it.
    const gate = await userLockGate(s.db, 'gate_twice');
    const run = s.start('migrate');
    await waitUntilParked(s.db, gate, run);
    const mdl = await connect(s.db.url);
    await mdl.query('START TRANSACTION');
    await mdl.query('SELECT * FROM t');
    await gate.open();
    await waitUntilRunning(s.db, 'ALTER TABLE t ADD COLUMN c', run);
    run.child.kill('SIGINT');
    await run.waitFor('stopping after the current statement', 'stderr');
    run.child.kill('SIGINT');
    const stopped = await run.done;
    await mdl.query('COMMIT');
    await mdl.end();
    expect(stopped.code, stopped.stdout + stopped.stderr).toBe(130);
    expect(stopped.stderr).toContain('SIGINT again: interrupting the statement in progress on the server');
    expect(stopped.stdout).toContain(`${A}: statement 3 of 4 failed`);
    expect(stopped.stdout).toContain('Query execution was interrupted');
    await waitForLockFree(s.db);
    expect(await ledgerOf(s.db)).toMatchObject([{ id: A, state: 'failed', statements_done: 2, pre_index: null }]);
    const resumed = await s.cli('migrate');
    expect(resumed.code, resumed.stdout).toBe(0);
    expect(resumed.stdout).toContain(`${A} up: resuming at statement 3 of 4`);
    expect(await s.db.query('SHOW COLUMNS FROM t')).toMatchObject([{ Field: 'id' }, { Field: 'c' }]);
  });
});
