// Smaller faults, each refused or reported clearly instead of passing silently.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEphemeralServer, type EphemeralServer } from '@repo/dev-db';
import { ROOT, runCli } from '../support/cli.js';
import { connect, databaseUrl, serverUrl } from '../support/db.js';
import { makeWorkspace } from '../support/workspace.js';
import { createUser } from './support/users.js';
import { gateSql, userLockGate, waitForLockFree, waitUntilParked, waitUntilRunning } from '../support/gates.js';
import { ledgerOf } from '../support/ledger.js';
import { scenario } from '../support/scenario.js';

const A = '20260708000001_first';
const B = '20260708000002_second';
const TABLE = { up: 'CREATE TABLE t (id int);\n', down: 'DROP TABLE t;' };

describe('the migrations folder', () => {
  it('applies a migration folder that is a symbolic link, and refuses a flat .sql file instead of skipping it', async () => {
    const s = await scenario('links', { [A]: TABLE });
    const elsewhere = join(s.ws.root, 'shared', B);
    mkdirSync(elsewhere, { recursive: true });
    writeFileSync(join(elsewhere, 'up.sql'), 'CREATE TABLE linked (id int);\n');
    writeFileSync(join(elsewhere, 'down.sql'), 'DROP TABLE linked;\n');
    symlinkSync(elsewhere, join(s.ws.serviceDir('svc'), 'migrations', B), 'dir');
    const run = await s.cli('migrate');
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(await s.db.tables()).toEqual(['_migrate_core_ledger', 'linked', 't']);

    s.ws.write('services/svc/migrations/20260708000003_flat.sql', 'CREATE TABLE flat (id int);\n');
    const flat = await s.cli('migrate');
    expect(flat.code).toBe(2);
    expect(flat.stderr).toContain('services/svc/migrations/20260708000003_flat.sql is a file, but each migration is a folder');
    const check = await s.cli('check', '--json');
    expect(JSON.parse(check.stdout).problems).toContainEqual(expect.objectContaining({ code: 'BAD_FOLDER', file: 'services/svc/migrations/20260708000003_flat.sql' }));
  });

  it('reports a mistyped migrations folder instead of "nothing to migrate"', async () => {
    const s = await scenario('typo', { [A]: TABLE }, { config: { migrations: 'migratoins' } });
    const run = await s.cli('migrate');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('The migrations folder services/svc/migratoins does not exist.');
    expect(run.stderr).toContain('Check `migrations` in the service\'s migrate.config.json');
  });

  it('refuses an id longer than the ledger\'s id column holds, instead of cutting it', async () => {
    const long = `20260708000004_${'x'.repeat(180)}`;
    const s = await scenario('long_id', { [A]: TABLE, [long]: { up: 'CREATE TABLE t2 (id int);\n', down: 'DROP TABLE t2;' } });
    const run = await s.cli('migrate');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${long} is longer than 191 characters`);
    expect(await s.db.tables()).toEqual([]);
  });
});

describe('the options and the database', () => {
  it('refuses a --lock-timeout larger than GET_LOCK honours (exit 2), instead of timing out at once (exit 4)', async () => {
    const s = await scenario('huge_timeout', { [A]: TABLE });
    const run = await s.cli('migrate', '--lock-timeout', '99999999999');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--lock-timeout must be at most 31536000');
  });

  it.each(['mysql', 'information_schema', 'performance_schema', 'sys'])('refuses database "%s" (a server schema), from the config or from the URL', async (name) => {
    const [named, fine] = [makeWorkspace({ svc: { database: name, migrations: { [A]: TABLE } } }), makeWorkspace({ svc: { database: 'fine', migrations: { [A]: TABLE } } })];
    try {
      const config = await runCli(['migrate', '--service', 'svc'], { cwd: named.root, env: { DATABASE_URL: serverUrl() } });
      expect(config.code).toBe(2);
      expect(config.stderr).toContain('services/svc/migrate.config.json: database: is one of the server\'s own schemas');
      const url = await runCli(['migrate', '--service', 'svc'], { cwd: fine.root, env: { SVC_DATABASE_URL: databaseUrl(name) } });
      expect(url.code).toBe(2);
      expect(url.stderr).toContain(`\`${name}\` is one of the server's own schemas`);
      expect(await runCli(['status', '--service', 'svc'], { cwd: fine.root, env: { SVC_DATABASE_URL: databaseUrl(name) } })).toMatchObject({ code: 2 });
    } finally {
      named.cleanup();
      fine.cleanup();
    }
  });

  it('escapes _ in the GRANT it suggests, so that it grants this database only', async () => {
    const s = await scenario('grant_x', { [A]: TABLE });
    const user = await createUser('rel_ro', 'ro-Pw-77', []);
    try {
      await (await connect()).query(`GRANT SELECT ON \`${s.db.name}\`.* TO '${user.name}'@'%'`);
      const run = await runCli(['migrate', '--service', 'svc'], { cwd: s.ws.root, env: { SVC_DATABASE_URL: user.url(s.db.name) } });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`GRANT ALL ON \`${s.db.name.replace(/_/g, '\\_')}\`.* TO '${user.name}'@'%';`);
    } finally {
      await user.drop();
    }
  });
});

describe('errors that name the migration\'s statement, not the engine\'s', () => {
  it('quotes the statement\'s own text and the file\'s line in a syntax error, never the ledger write sent after it', async () => {
    const s = await scenario('syntax', { [A]: { up: 'CREATE TABLE t (id int);\nSELECT\n  1 +;\n', down: 'DROP TABLE t;' } });
    const run = await s.cli('migrate');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`${A}: statement 2 of 2 failed (services/svc/migrations/${A}/up.sql:2): ER_PARSE_ERROR (1064)`);
    expect(run.stdout).toContain(`at the end of the statement at services/svc/migrations/${A}/up.sql:3`);
    expect(run.stdout).not.toContain('_migrate_core_ledger');
  });

  it('a ledger write that fails after a DDL statement is reported as such; the statement is not blamed, and the next run goes on', async () => {
    const s = await scenario('ledger_write', {
      [A]: { up: `SET SESSION innodb_lock_wait_timeout = 1;\nCREATE TABLE t (id int);\n${gateSql('gate_write')}\nALTER TABLE t ADD COLUMN c int;\nCREATE TABLE after_it (id int);\n`, down: 'DROP TABLE t;' },
    });
    const gate = await userLockGate(s.db, 'gate_write');
    const run = s.start('migrate');
    await waitUntilParked(s.db, gate, run);
    // Hold the ALTER (metadata lock on t), then the ledger row, then let the ALTER finish: its progress write
    // waits for the row, and gives up after a second (the migration's own innodb_lock_wait_timeout).
    const [mdl, row] = [await connect(s.db.url), await connect(s.db.url)];
    try {
      await mdl.query('START TRANSACTION');
      await mdl.query('SELECT * FROM t');
      await gate.open();
      await waitUntilRunning(s.db, 'ALTER TABLE t ADD COLUMN c', run);
      await row.query('START TRANSACTION');
      await row.query('SELECT * FROM _migrate_core_ledger WHERE id = ? FOR UPDATE', [A]);
      await mdl.query('COMMIT');
      const result = await run.done;
      expect(result.code, result.stdout + result.stderr).toBe(1);
      expect(result.stdout).toContain(`${A}: statement 4 of 5 (ALTER TABLE, services/svc/migrations/${A}/up.sql:4) ran, but the engine's ledger write after it failed: ER_LOCK_WAIT_TIMEOUT (1205)`);
      expect(result.stdout).toContain('The ledger still shows it in progress; the next run proves whether it took effect.');
      expect(result.stdout).not.toContain('statement 4 of 5 failed');
    } finally {
      await row.query('ROLLBACK');
      await Promise.all([mdl.end(), row.end()]);
    }
    await waitForLockFree(s.db);
    const next = await s.cli('migrate');
    expect(next.code, next.stdout + next.stderr).toBe(0);
    expect(next.stderr).toContain('statement 4 (ALTER TABLE');
    expect(await s.db.query('SHOW COLUMNS FROM t')).toMatchObject([{ Field: 'id' }, { Field: 'c' }]);
    expect(await s.db.tables()).toEqual(['_migrate_core_ledger', 'after_it', 't']);
  });
});

describe('a server with a small max_allowed_packet', () => {
  let server: EphemeralServer;
  beforeAll(async () => {
    server = await startEphemeralServer({ cacheDir: join(ROOT, '.dev-db'), extraArgs: ['--max-allowed-packet=262144'] });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('gets round trips under its limit when each statement fits, and a clear error naming the statement when one does not', async () => {
    const blob = 'x'.repeat(100_000);
    const inserts = Array.from({ length: 5 }, (_, i) => `INSERT INTO blobs VALUES (${i + 1}, '${blob}');`).join('\n');
    const s = await scenario('packet', {
      [A]: { up: `CREATE TABLE blobs (id int PRIMARY KEY, body MEDIUMTEXT);\n${inserts}\n`, down: 'DROP TABLE blobs;' },
    }, { server: server.url });
    const run = await s.cli('migrate');
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(await s.db.query('SELECT COUNT(*) AS n, SUM(LENGTH(body)) AS size FROM blobs')).toEqual([{ n: 5, size: '500000' }]);

    s.ws.writeMigration('svc', B, { up: `CREATE TABLE big (body MEDIUMTEXT);\nINSERT INTO big VALUES ('${'y'.repeat(300_000)}');\n`, down: 'DROP TABLE big;' });
    const big = await s.cli('migrate');
    expect(big.code).toBe(1);
    expect(big.stdout).toContain(`${B}: statement 2 of 2 (INSERT, services/svc/migrations/${B}/up.sql:2) is 300`);
    expect(big.stdout).toContain('more than the server accepts in one packet (max_allowed_packet allows');
    expect(big.stdout).toContain('nothing of this migration ran');
    expect((await ledgerOf(s.db)).map((row) => row.id)).toEqual([A]);
  });
});

