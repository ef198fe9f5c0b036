// The statement model in the executor, end to end on a real server: routines without DELIMITER, refused
// session statements, the migration's own transaction blocks, session variables restored and replayed.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gateSql, interruptAtGate } from '../support/gates.js';
import { executionsOf, ledgerOf } from '../support/ledger.js';
import { scenario } from '../support/scenario.js';

const A = '20260702000001_first';
const B = '20260702000002_second';
const C = '20260702000003_third';

const SCHEMA = `import { mysqlTable, varchar } from 'drizzle-orm/mysql-core';
export const effects = mysqlTable('effects', { step: varchar('step', { length: 40 }) });
`;

describe('a procedure and a trigger written with BEGIN ... END and no DELIMITER', () => {
  const ROUTINES = [
    'CREATE PROCEDURE add_effect(IN v varchar(40))\nBEGIN\n  INSERT INTO effects VALUES (v);\n  INSERT INTO effects VALUES (CONCAT(v, \'-twice\'));\nEND;',
    'CREATE TRIGGER effects_upper BEFORE INSERT ON effects FOR EACH ROW\nBEGIN\n  IF NEW.step LIKE \'t%\' THEN\n    SET NEW.step = UPPER(NEW.step);\n  END IF;\nEND;',
    "CALL add_effect('during');",
    "INSERT INTO effects VALUES ('plain');",
  ].join('\n\n');

  it('are created intact, CALL works, the ledger is untouched by later statements, and check passes', async () => {
    const s = await scenario('routines', {});
    s.ws.write('services/svc/src/schema.ts', SCHEMA);
    expect((await s.cli('generate', '--name', 'init')).code).toBe(0);
    expect((await s.cli('generate', '--custom', '--name', 'routines')).code).toBe(0);
    const dir = join(s.ws.serviceDir('svc'), 'migrations');
    const custom = readdirSync(dir).sort().at(-1)!;
    s.ws.write(`services/svc/migrations/${custom}/up.sql`, `${ROUTINES}\n`);
    s.ws.write(`services/svc/migrations/${custom}/down.sql`, 'DROP TRIGGER effects_upper;\nDROP PROCEDURE add_effect;\n');
    const check = await s.cli('check');
    expect(check.code, check.stdout).toBe(0);

    const migrate = await s.cli('migrate');
    expect(migrate.code, migrate.stdout + migrate.stderr).toBe(0);
    const ledger = await ledgerOf(s.db);
    expect(ledger.map((row) => [row.state, row.statements_done])).toEqual([['applied', 1], ['applied', 4]]);
    const [routine] = await s.db.query<Array<{ body: string }>>("SELECT ROUTINE_DEFINITION AS body FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ? AND ROUTINE_NAME = 'add_effect'", [s.db.name]);
    expect(routine?.body).toBe("BEGIN\n  INSERT INTO effects VALUES (v);\n  INSERT INTO effects VALUES (CONCAT(v, '-twice'));\nEND");
    expect(await executionsOf(s.db, 'effects')).toEqual({ 'during': 1, 'during-twice': 1, 'plain': 1 });

    // The routines hold nothing of the engine: calling them later leaves the ledger as it is.
    await s.db.query("CALL add_effect('later'); INSERT INTO effects VALUES ('typed')");
    expect(await ledgerOf(s.db)).toEqual(ledger);
    expect(await executionsOf(s.db, 'effects')).toMatchObject({ 'later': 1, 'later-twice': 1, 'TYPED': 1 });
    const [trigger] = await s.db.query<Array<{ body: string }>>('SELECT ACTION_STATEMENT AS body FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ?', [s.db.name]);
    expect(trigger?.body).not.toContain('_migrate_core_ledger');
  });
});

describe('statements that would change the engine\'s session', () => {
  it.each([
    ['USE other_db;', 'USE', 'a migration runs in its service\'s own database'],
    ['SET autocommit = 0;', 'SET autocommit', 'the engine commits each statement with its progress itself'],
    ['LOCK TABLES effects WRITE;', 'LOCK TABLES', 'LOCK TABLES commits the engine\'s transaction'],
  ])('%s is refused by check and by migrate, with file, line and a hint, before anything runs', async (statement, keyword, hint) => {
    const s = await scenario('refused', {
      [A]: { up: "CREATE TABLE effects (step varchar(40));\n", down: 'DROP TABLE effects;' },
      [B]: { up: `INSERT INTO effects VALUES ('before');\n${statement}\nINSERT INTO effects VALUES ('after');\n`, down: 'SELECT 1;' },
    });
    const migrate = await s.cli('migrate');
    expect(migrate.code, migrate.stdout).toBe(3);
    expect(migrate.stdout).toContain(`[REFUSED_STATEMENT] services/svc/migrations/${B}/up.sql:2: statement 2 (${keyword}) would change the engine's own session; nothing of this file runs`);
    expect(migrate.stdout).toContain(hint);
    expect(await ledgerOf(s.db)).toEqual([]);
    expect(await s.db.tables()).toEqual(['_migrate_core_ledger']);
    const check = JSON.parse((await s.cli('check', '--json')).stdout) as { problems: Array<{ code: string; file: string; message: string }> };
    expect(check.problems).toContainEqual(expect.objectContaining({ code: 'REFUSED_STATEMENT', file: `services/svc/migrations/${B}/up.sql` }));
  });

  it('names its database in every ledger write it sends (plan --sql prints exactly those), so nothing can move them', async () => {
    const s = await scenario('own_ledger', { [A]: { up: "CREATE TABLE effects (step varchar(40));\n", down: 'DROP TABLE effects;' } });
    const plan = await s.cli('plan', '--sql');
    const writes = plan.stdout.split('\n').filter((line) => line.includes('`_migrate_core_ledger`'));
    expect(writes.length).toBeGreaterThanOrEqual(3);
    for (const write of writes) expect(write).toContain(`\`${s.db.name}\`.\`_migrate_core_ledger\``);
  });
});

describe('the migration\'s own START TRANSACTION ... COMMIT', () => {
  const BLOCK = "START TRANSACTION;\nUPDATE acc SET bal = bal - 10 WHERE id = 1;\nUPDATE acc SET bal = bal + 10 WHERE id = 2;\nCOMMIT;\n";

  it('runs as one unit: when its second UPDATE fails the first is rolled back, and after the fix it runs once', async () => {
    const s = await scenario('block', {
      [A]: { up: BLOCK.replace('SET bal = bal + 10', 'SET nope = 1'), down: 'SELECT 1;' },
    });
    await s.db.query('CREATE TABLE acc (id int PRIMARY KEY, bal int); INSERT INTO acc VALUES (1, 100), (2, 0)');
    const failed = await s.cli('migrate');
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain(`${A}: statement 3 of 4 failed (services/svc/migrations/${A}/up.sql:3)`);
    expect(failed.stdout).toContain('the transaction from line 1 was rolled back');
    expect(await s.db.query('SELECT id, bal FROM acc ORDER BY id')).toEqual([{ id: 1, bal: 100 }, { id: 2, bal: 0 }]);
    expect(await ledgerOf(s.db)).toMatchObject([{ id: A, state: 'failed', statements_done: 0 }]);
    s.ws.writeMigration('svc', A, { up: BLOCK, down: 'SELECT 1;' });
    expect((await s.cli('migrate')).code).toBe(0);
    expect(await s.db.query('SELECT id, bal FROM acc ORDER BY id')).toEqual([{ id: 1, bal: 90 }, { id: 2, bal: 10 }]);
  });

  it('cut at a gate inside it: nothing of it stays, and the next run runs it once', async () => {
    const s = await scenario('block_cut', {
      [A]: { up: BLOCK.replace('COMMIT;', `${gateSql('gate_block')}\nCOMMIT;`), down: 'SELECT 1;' },
    });
    await s.db.query('CREATE TABLE acc (id int PRIMARY KEY, bal int); INSERT INTO acc VALUES (1, 100), (2, 0)');
    await interruptAtGate(s, 'gate_block', 'KILL CONNECTION');
    expect(await s.db.query('SELECT id, bal FROM acc ORDER BY id')).toEqual([{ id: 1, bal: 100 }, { id: 2, bal: 0 }]);
    const next = await s.cli('migrate');
    expect(next.code, next.stdout).toBe(0);
    expect(await s.db.query('SELECT id, bal FROM acc ORDER BY id')).toEqual([{ id: 1, bal: 90 }, { id: 2, bal: 10 }]);
  });
});

describe('session variables a migration sets', () => {
  it('are set back after it: FOREIGN_KEY_CHECKS = 0 in one migration does not carry over to the next', async () => {
    const s = await scenario('fkc', {
      [A]: { up: 'SET FOREIGN_KEY_CHECKS = 0;\nCREATE TABLE child (id int, p int, CONSTRAINT child_p FOREIGN KEY (p) REFERENCES parent (id));\n', down: 'DROP TABLE child;' },
      [B]: { up: 'CREATE TABLE parent (id int PRIMARY KEY);\nINSERT INTO child VALUES (1, 99);\n', down: 'DROP TABLE parent;' },
    });
    const run = await s.cli('migrate');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`${B}: statement 2 of 2 failed`);
    expect(run.stdout).toContain('ER_NO_REFERENCED_ROW_2 (1452)');
  });

  it('are set again when a migration resumes on a new connection', async () => {
    const s = await scenario('fkc_resume', {
      [A]: { up: 'CREATE TABLE parent (id int PRIMARY KEY);\nCREATE TABLE child (id int, p int, CONSTRAINT child_p FOREIGN KEY (p) REFERENCES parent (id));\n', down: 'SELECT 1;' },
      [C]: { up: 'SET FOREIGN_KEY_CHECKS = 0;\nINSERT INTO missing VALUES (1);\nINSERT INTO child VALUES (2, 98);\n', down: 'SELECT 1;' },
    });
    expect((await s.cli('migrate')).code).toBe(1);
    await s.db.query('CREATE TABLE missing (id int)');
    const resumed = await s.cli('migrate');
    expect(resumed.code, resumed.stdout).toBe(0);
    expect(resumed.stdout).toContain(`${C} up: resuming at statement 2 of 3`);
    expect(await s.db.query('SELECT id, p FROM child')).toEqual([{ id: 2, p: 98 }]);
  });
});
