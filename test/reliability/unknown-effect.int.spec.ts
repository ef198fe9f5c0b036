// Statements of unknown effect (CALL, BEGIN NOT ATOMIC) are never run again on their own after an
// interruption: the migration stops as "outcome unknown" until `resolve` decides. And nothing they do may leave
// the engine's writes in an open transaction.
import { describe, expect, it } from 'vitest';
import { serverIsMariaDb } from '../support/db.js';
import { gateSql, interruptAtGate } from '../support/gates.js';
import { executionsOf, ledgerOf } from '../support/ledger.js';
import { scenario } from '../support/scenario.js';

/** BEGIN NOT ATOMIC exists only on MariaDB. */
const MARIADB = await serverIsMariaDb();

const A = '20260703000001_setup';
const B = '20260703000002_call';

const SETUP = {
  up: `CREATE TABLE effects (step varchar(40));\n` +
    `CREATE PROCEDURE add_effect(IN v varchar(40))\nBEGIN\n  INSERT INTO effects VALUES (v);\n  ${gateSql('gate_call')}\nEND;\n`,
  down: 'DROP PROCEDURE add_effect;\nDROP TABLE effects;',
};

describe('a data-changing CALL cut off while it runs', () => {
  it('stops migrate and status as "outcome unknown" with the resolve path, and runs it again only if told so', async () => {
    const s = await scenario('unknown_call', {
      [A]: SETUP,
      [B]: { up: "CALL add_effect('called');\nINSERT INTO effects VALUES ('after');\n", down: 'SELECT 1;' },
    });
    // Cut while parked inside the procedure, after its INSERT (committed: autocommit is on inside it).
    await interruptAtGate(s, 'gate_call', 'KILL CONNECTION');
    expect(await executionsOf(s.db, 'effects')).toEqual({ called: 1 });

    const status = await s.cli('status');
    expect(status.code).toBe(3);
    expect(status.stdout).toContain(`[OUTCOME_UNKNOWN] ${B}: the outcome of statement 1 of 2 (CALL, services/svc/migrations/${B}/up.sql:1) is unknown`);
    const json = JSON.parse((await s.cli('status', '--json')).stdout);
    expect(json.dirty).toMatchObject({ id: B, statement: 1, outcome: 'unknown' });
    const blocked = await s.cli('migrate');
    expect(blocked.code).toBe(3);
    expect(blocked.stdout).toContain(`npx migrate-core resolve --service svc ${B} --statement-done`);
    expect(blocked.stdout).toContain(`npx migrate-core resolve --service svc ${B} --statement-not-done`);
    expect(await executionsOf(s.db, 'effects')).toEqual({ called: 1 });

    const resolved = await s.cli('resolve', B, '--statement-done');
    expect(resolved.code, resolved.stdout + resolved.stderr).toBe(0);
    const done = await s.cli('migrate');
    expect(done.code, done.stdout).toBe(0);
    expect(await executionsOf(s.db, 'effects')).toEqual({ called: 1, after: 1 });
    expect(await ledgerOf(s.db)).toMatchObject([{ id: A, state: 'applied' }, { id: B, state: 'applied', statements_done: 2 }]);
  });

  // BEGIN NOT ATOMIC is MariaDB's: MySQL runs compound statements only inside stored programs (the CALL above).
  it.runIf(MARIADB)('BEGIN NOT ATOMIC cut off before it changed anything: resolve --statement-not-done runs it again, once', async () => {
    const s = await scenario('unknown_block', {
      [A]: { up: 'CREATE TABLE effects (step varchar(40));\n', down: 'DROP TABLE effects;' },
      [B]: { up: `BEGIN NOT ATOMIC\n  ${gateSql('gate_block_na')}\n  INSERT INTO effects VALUES ('block');\nEND;\n`, down: 'SELECT 1;' },
    });
    await interruptAtGate(s, 'gate_block_na', 'KILL CONNECTION');
    expect((await s.cli('migrate')).code).toBe(3);
    expect(await executionsOf(s.db, 'effects')).toEqual({});
    expect((await s.cli('resolve', B, '--statement-not-done')).code).toBe(0);
    const again = await s.cli('migrate');
    expect(again.code, again.stdout).toBe(0);
    expect(await executionsOf(s.db, 'effects')).toEqual({ block: 1 });
  });
});

describe('a CALL that leaves a transaction open, or autocommit off', () => {
  it.each([
    ['a transaction open', 'BEGIN\n  START TRANSACTION;\n  INSERT INTO effects VALUES (\'open\');\nEND'],
    ['autocommit off', 'BEGIN\n  SET autocommit = 0;\n  INSERT INTO effects VALUES (\'open\');\nEND'],
  ])('leaving %s: rolled back, the migration failed (never applied, never left running), its outcome unknown', async (_what, body) => {
    const s = await scenario('open_trx', {
      [A]: { up: `CREATE TABLE effects (step varchar(40));\nCREATE PROCEDURE leaves_open()\n${body};\n`, down: 'DROP PROCEDURE leaves_open;\nDROP TABLE effects;' },
      [B]: { up: "CALL leaves_open();\nINSERT INTO effects VALUES ('after');\n", down: 'SELECT 1;' },
    });
    const run = await s.cli('migrate');
    expect(run.code, run.stdout).toBe(1);
    expect(run.stdout).toContain(`${B}: statement 1 of 2 (CALL, services/svc/migrations/${B}/up.sql:1) left a transaction open (or autocommit off)`);
    expect(await executionsOf(s.db, 'effects')).toEqual({});
    expect(await ledgerOf(s.db)).toMatchObject([{ id: A, state: 'applied' }, { id: B, state: 'failed', statements_done: 0, pre_index: 1 }]);
    expect((await s.cli('migrate')).code).toBe(3);
  });
});
