// After an interruption a statement counts as done only when the engine proves it. Each interruption is
// triggered at a gate or at a lock the test holds, never by timing.
import { describe, expect, it } from 'vitest';
import { connect } from '../support/db.js';
import { gateSql, holdTable, interruptAtGate, killConnection, userLockGate, waitForLockFree, waitUntilParked, waitUntilRunning } from '../support/gates.js';
import { executionsOf, ledgerOf } from '../support/ledger.js';
import { scenario } from '../support/scenario.js';

const A = '20260701000001_first';

describe('a runner killed (kill -9) while the server still works through its migration', () => {
  it('reports the later statement that fails for real (1146) and never marks the migration applied', async () => {
    const s = await scenario('proof_1146', {
      [A]: { up: `CREATE TABLE made (id int);\n${gateSql('gate_1146')}\nALTER TABLE missing ADD COLUMN c int;\nCREATE TABLE after_it (id int);\n`, down: 'DROP TABLE made;' },
    });
    // The server finishes what it received: the gate's DO, then the ALTER fails and stops the round trip.
    await interruptAtGate(s, 'gate_1146', 'SIGKILL');
    expect(await ledgerOf(s.db)).toMatchObject([{ id: A, state: 'running', statements_done: 2, pre_index: 3 }]);

    const status = await s.cli('status', '--json');
    expect(JSON.parse(status.stdout).dirty).toMatchObject({ id: A, statement: 3, state: 'running' });
    const next = await s.cli('migrate');
    expect(next.code, next.stdout + next.stderr).toBe(1);
    expect(next.stdout).toContain("ER_NO_SUCH_TABLE (1146): Table");
    expect(next.stdout).toContain(`${A}: statement 3 of 4 failed`);
    expect(next.stdout + next.stderr).not.toContain('already taken effect');
    expect(await ledgerOf(s.db)).toMatchObject([{ id: A, state: 'failed', statements_done: 2 }]);
    expect(await s.db.tables()).not.toContain('after_it');
  });

  it('reports a CREATE TABLE refused because another table of that name exists (1050), and never marks it applied', async () => {
    const s = await scenario('proof_1050', {
      [A]: { up: `${gateSql('gate_1050')}\nCREATE TABLE taken (id int, wanted int);\nCREATE TABLE after_it (id int);\n`, down: 'DROP TABLE taken;' },
    });
    await s.db.query('CREATE TABLE taken (other varchar(10))');
    await interruptAtGate(s, 'gate_1050', 'SIGKILL');
    const next = await s.cli('migrate');
    expect(next.code, next.stdout + next.stderr).toBe(1);
    expect(next.stdout).toContain("ER_TABLE_EXISTS_ERROR (1050): Table 'taken' already exists");
    expect(await ledgerOf(s.db)).toMatchObject([{ id: A, state: 'failed', statements_done: 1 }]);
    expect(await s.db.query('SHOW COLUMNS FROM taken')).toMatchObject([{ Field: 'other' }]);
  });
});

describe('a DDL statement whose connection is cut while it waits', () => {
  it('did not take effect: the next run proves that from its table and runs it, once', async () => {
    const s = await scenario('proof_cut_ddl', {
      [A]: { up: "ALTER TABLE t ADD COLUMN c int DEFAULT 7;\nINSERT INTO effects VALUES ('after');\n", down: 'ALTER TABLE t DROP COLUMN c;' },
    });
    await s.db.query('CREATE TABLE t (id int); CREATE TABLE effects (step varchar(20))');
    // A transaction that read t holds its metadata lock: the ALTER waits for it.
    const mdl = await holdTable(s.db, 't');
    const victim = s.start('migrate');
    const id = await waitUntilRunning(s.db, 'ALTER TABLE t ADD COLUMN c', victim);
    await killConnection(s.db, id);
    await mdl.release();
    expect((await victim.done).code).toBe(1);
    await waitForLockFree(s.db);
    expect(await ledgerOf(s.db)).toMatchObject([{ id: A, state: 'running', statements_done: 0, pre_index: 1 }]);
    const next = await s.cli('migrate');
    expect(next.code, next.stdout + next.stderr).toBe(0);
    expect(next.stderr).not.toContain('had taken effect');
    expect(await s.db.query('SHOW COLUMNS FROM t')).toMatchObject([{ Field: 'id' }, { Field: 'c', Default: '7' }]);
    expect(await executionsOf(s.db, 'effects')).toEqual({ after: 1 });
  });
});

describe('a DDL statement whose progress write cannot be made', () => {
  it('ran but was cut off before its progress: the next run proves it done from its table and does not run it again', async () => {
    const s = await scenario('proof_done', {
      [A]: { up: `${gateSql('gate_done')}\nALTER TABLE t ADD COLUMN c int;\nINSERT INTO effects VALUES ('after');\n`, down: 'ALTER TABLE t DROP COLUMN c;' },
    });
    await s.db.query("CREATE TABLE t (id int); CREATE TABLE effects (step varchar(20)); INSERT INTO t VALUES (1)");
    const gate = await userLockGate(s.db, 'gate_done');
    const victim = s.start('migrate');
    const id = await waitUntilParked(s.db, gate, victim);
    // Hold the ALTER (a transaction that read t holds its metadata lock), then release the gate: the DO and its
    // progress commit, and the ALTER waits.
    const mdl = await connect(s.db.url);
    await mdl.query('START TRANSACTION');
    await mdl.query('SELECT * FROM t');
    await gate.open();
    await waitUntilRunning(s.db, 'ALTER TABLE t ADD COLUMN c', victim);
    // Lock the ledger row, then let the ALTER finish: its progress write waits for the row.
    const row = await connect(s.db.url);
    await row.query('START TRANSACTION');
    await row.query('SELECT * FROM `_migrate_core_ledger` FOR UPDATE');
    await mdl.query('COMMIT');
    await waitUntilRunning(s.db, 'UPDATE `' + s.db.name + '`.`_migrate_core_ledger` SET `statements_done` = 2', victim);
    await killConnection(s.db, id);
    await row.query('ROLLBACK');
    await Promise.all([mdl.end(), row.end()]);
    const cut = await victim.done;
    expect(cut.code).toBe(1);
    expect(cut.stdout).toContain(`${A}: the connection to the server was lost after statement 2 of 3 (ALTER TABLE, services/svc/migrations/${A}/up.sql:2), while recording it in the ledger`);
    expect(cut.stdout).toContain('The server may still be running the statements it had received');
    expect(cut.stdout).toContain('npx migrate-core status --service svc');
    await waitForLockFree(s.db);
    expect(await ledgerOf(s.db)).toMatchObject([{ id: A, state: 'running', statements_done: 1, pre_index: 2 }]);

    const next = await s.cli('migrate');
    expect(next.code, next.stdout + next.stderr).toBe(0);
    expect(next.stderr).toMatch(/statement 2 \(ALTER TABLE, .*up\.sql:2\) had taken effect before the interruption: `t` changed, and the server runs ALTER TABLE whole or not at all; recorded as done/);
    expect(await s.db.query('SHOW COLUMNS FROM t')).toMatchObject([{ Field: 'id' }, { Field: 'c' }]);
    expect(await executionsOf(s.db, 'effects')).toEqual({ after: 1 });
    expect(await ledgerOf(s.db)).toMatchObject([{ id: A, state: 'applied', statements_done: 3, pre_index: null }]);
  });
});

