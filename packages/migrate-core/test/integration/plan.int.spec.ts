import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../../test/support/cli.js';
import { createTestDatabase, runMysqlClient, serverUrl, type TestDatabase } from '../../../../test/support/db.js';
import { makeWorkspace } from '../../../../test/support/workspace.js';

const A = '20260501000000_create_notes';
const B = '20260502000000_seed_notes';
const migrations = {
  [A]: { up: 'CREATE TABLE notes (id int PRIMARY KEY, body text);\nCREATE INDEX notes_body ON notes (body(20));', down: 'DROP TABLE notes;' },
  [B]: { up: "INSERT INTO notes VALUES (1, 'it''s; here');\nALTER TABLE notes ADD tag varchar(20) DEFAULT 'x';", down: 'ALTER TABLE notes DROP COLUMN tag;\nDELETE FROM notes WHERE id = 1;' },
};

const dbs: TestDatabase[] = [];
const workspaces: Array<{ cleanup(): void }> = [];
afterAll(async () => {
  for (const db of dbs) await db.drop();
  for (const ws of workspaces) ws.cleanup();
});

/** The structure and data of a database, minus the ledger's times and the user that ran it. */
async function state(db: TestDatabase): Promise<string> {
  const fingerprint = await db.fingerprint();
  return fingerprint.replace(/"(started_at|finished_at|duration_ms|applied_by)":("[^"]*"|\d+|null)/g, '"$1":_');
}

async function pair() {
  const [byHand, byEngine] = [await createTestDatabase('plan_hand'), await createTestDatabase('plan_engine')];
  dbs.push(byHand, byEngine);
  const wsFor = (db: TestDatabase) => {
    const ws = makeWorkspace({ notes: { database: db.name, migrations } });
    workspaces.push(ws);
    return ws;
  };
  return { byHand, byEngine, hand: wsFor(byHand), engine: wsFor(byEngine) };
}

describe('plan', () => {
  const env = () => ({ DATABASE_URL: serverUrl() });

  it('prints SQL that, run by hand, leaves the database exactly as migrate does, ledger included', async () => {
    const { byHand, byEngine, hand, engine } = await pair();
    const planned = await runCli(['plan', '--service', 'notes', '--sql'], { cwd: hand.root, env: env() });
    expect(planned.code).toBe(0);
    expect(planned.stdout).toContain("INSERT INTO notes VALUES (1, 'it''s; here');");
    // A data statement commits with its progress; every ledger write names its database.
    expect(planned.stdout).toMatch(new RegExp(`START TRANSACTION;\\nINSERT INTO notes[^\\n]*\\nUPDATE \`${byHand.name}\`\\.\`_migrate_core_ledger\` SET \`statements_done\` = 1[^\\n]*\\nCOMMIT;`));
    await byHand.query(planned.stdout);
    expect((await runCli(['migrate', '--service', 'notes'], { cwd: engine.root, env: env() })).code).toBe(0);
    expect(await state(byHand)).toBe(await state(byEngine));
    const status = JSON.parse((await runCli(['status', '--service', 'notes', '--json'], { cwd: hand.root, env: env() })).stdout);
    expect(status).toMatchObject({ current: B, pending: [], issues: [] });
  });

  it('plans a rollback with the same options, and offline from any point', async () => {
    const { byHand, byEngine, hand, engine } = await pair();
    for (const ws of [hand, engine]) expect((await runCli(['migrate', '--service', 'notes'], { cwd: ws.root, env: env() })).code).toBe(0);
    const planned = await runCli(['plan', '--service', 'notes', '--sql', '--rollback', '--steps=1'], { cwd: hand.root, env: env() });
    expect(planned.stdout).toContain(`DELETE FROM \`${byHand.name}\`.\`_migrate_core_ledger\` WHERE \`id\` = '${B}';`);
    expect(planned.stdout).not.toContain(A);
    await byHand.query(planned.stdout);
    await runCli(['rollback', '--service', 'notes', '--steps=1', '--allow-data-loss'], { cwd: engine.root, env: env() });
    expect(await state(byHand)).toBe(await state(byEngine));

    const offline = await runCli(['plan', '--service', 'notes', '--sql', '--offline', '--from', A], { cwd: hand.root, env: { DATABASE_URL: 'mysql://root@127.0.0.1:1' } });
    expect(offline.code).toBe(0);
    expect(offline.stdout).toContain(`-- [1/1] ${B} up (2 statements)`);
    expect(offline.stdout).not.toContain(`-- [1/1] ${A}`);
  });

  it('summarises without --sql, and is blocked like migrate would be', async () => {
    const { hand } = await pair();
    const summary = await runCli(['plan', '--service', 'notes'], { cwd: hand.root, env: env() });
    expect(summary.stdout).toContain(`+ ${A} up (2 statements)`);
    expect(summary.stdout).toContain('Run with --sql');
    const unknown = await runCli(['plan', '--service', 'notes', '--to', '20990101000000_nope'], { cwd: hand.root, env: env() });
    expect(unknown.code).toBe(3);
    const usage = await runCli(['plan', '--service', 'notes', '--offline'], { cwd: hand.root, env: env() });
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--from');
  });

  it('puts a stored program between DELIMITER lines, so that the mysql client runs the script as migrate does', async () => {
    const routines = {
      '20260601000000_routines': {
        up: ['CREATE TABLE hits (n int);', 'DELIMITER $$', 'CREATE PROCEDURE add_hits() BEGIN INSERT INTO hits VALUES (1); INSERT INTO hits VALUES (2); END$$',
          'CREATE TRIGGER hits_plus BEFORE INSERT ON hits FOR EACH ROW BEGIN SET NEW.n = NEW.n + 10; END$$', 'DELIMITER ;', 'CALL add_hits();'].join('\n'),
        down: 'DROP TRIGGER hits_plus;\nDROP PROCEDURE add_hits;\nDROP TABLE hits;',
      },
    };
    const [byHand, byEngine] = [await createTestDatabase('plan_hand'), await createTestDatabase('plan_engine')];
    dbs.push(byHand, byEngine);
    const [hand, engine] = [byHand, byEngine].map((db) => makeWorkspace({ notes: { database: db.name, migrations: routines } }));
    workspaces.push(hand!, engine!);
    const planned = await runCli(['plan', '--service', 'notes', '--sql'], { cwd: hand!.root, env: env() });
    expect(planned.code).toBe(0);
    expect(planned.stdout).toMatch(/\nDELIMITER (\S+)\nCREATE PROCEDURE add_hits\(\) BEGIN INSERT INTO hits VALUES \(1\); INSERT INTO hits VALUES \(2\); END\1\nDELIMITER ;\n/);
    const ran = runMysqlClient(planned.stdout);
    expect(ran, ran.stderr).toMatchObject({ status: 0, stderr: '' });
    expect((await runCli(['migrate', '--service', 'notes'], { cwd: engine!.root, env: env() })).code).toBe(0);
    expect(await state(byHand)).toBe(await state(byEngine));
    expect(await byHand.query('SELECT n FROM hits ORDER BY n')).toEqual([{ n: 11 }, { n: 12 }]);
  });
});
