// Migration files are bytes: invalid UTF-8 is refused with file and line, statements reach the server byte for
// byte, new checksums are v2 (directive lines and layout never count), and ledgers written with the first
// algorithm keep verifying.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checksumOf } from '../../packages/migrate-core/src/checksum.js';
import { ledgerOf } from '../support/ledger.js';
import { scenario } from '../support/scenario.js';

const A = '20260706000001_texts';
const B = '20260706000002_more';

describe('bytes, not text', () => {
  it('refuses a file that is not valid UTF-8, in migrate and in check, naming file, line and bytes; nothing runs', async () => {
    const s = await scenario('utf8', { [A]: { up: 'CREATE TABLE t (v varchar(20));\n', down: 'DROP TABLE t;' } });
    const file = join(s.ws.serviceDir('svc'), 'migrations', A, 'up.sql');
    writeFileSync(file, Buffer.concat([Buffer.from("CREATE TABLE t (v varchar(20));\nINSERT INTO t VALUES ('caf"), Buffer.from([0xe9]), Buffer.from("');\n")]));
    const migrate = await s.cli('migrate');
    expect(migrate.code).toBe(2);
    expect(migrate.stderr).toContain(`services/svc/migrations/${A}/up.sql:2:27: not valid UTF-8 (bytes e9)`);
    expect(migrate.stderr).toContain('Save services/svc/migrations');
    expect(await s.db.tables()).toEqual([]);
    const check = JSON.parse((await s.cli('check', '--json')).stdout) as { problems: Array<{ code: string; message: string }> };
    expect(check.problems).toContainEqual(expect.objectContaining({ code: 'BAD_SQL', message: expect.stringContaining('up.sql:2:27: not valid UTF-8 (bytes e9)') }));
  });

  it('sends statements byte for byte: the CR and CRLF inside literals of a CRLF file are stored as written', async () => {
    const up = "CREATE TABLE t (id int, v varchar(20));\r\nINSERT INTO t VALUES (1, 'a\r\nb');\r\nINSERT INTO t VALUES (2, 'c\rd');\r\n";
    const s = await scenario('crlf', { [A]: { up, down: 'DROP TABLE t;' } });
    const run = await s.cli('migrate');
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(await s.db.query('SELECT id, HEX(v) AS v FROM t ORDER BY id')).toEqual([{ id: 1, v: '610D0A62' }, { id: 2, v: '630D64' }]);
  });
});

describe('checksums', () => {
  const UP = 'CREATE TABLE keep (id int);\nCREATE TABLE old_stuff (id int);\nDROP TABLE old_stuff;\n';
  const ACKNOWLEDGED = UP.replace('DROP TABLE', '-- migrate-core: allow-data-loss\nDROP TABLE');

  it('records sha256v2:, and adding an allow-data-loss line above an applied statement changes nothing', async () => {
    const s = await scenario('sum_v2', { [A]: { up: UP, down: 'DROP TABLE keep;' } });
    expect((await s.cli('migrate')).code).toBe(0);
    const [row] = await s.db.query<Array<{ checksum: string }>>('SELECT checksum FROM _migrate_core_ledger');
    expect(row?.checksum).toMatch(/^sha256v2:[0-9a-f]{64}$/);
    s.ws.writeMigration('svc', A, { up: ACKNOWLEDGED.replace(/\n/g, '\r\n').replace('CREATE TABLE keep', '  CREATE   TABLE keep'), down: 'DROP TABLE keep;' });
    const status = await s.cli('status', '--json');
    expect(status.code, status.stdout).toBe(0);
    expect(JSON.parse(status.stdout).issues).toEqual([]);
    s.ws.writeMigration('svc', A, { up: UP.replace('keep (id int)', 'keep (id bigint)'), down: 'DROP TABLE keep;' });
    const edited = await s.cli('status', '--json');
    expect(edited.code).toBe(3);
    expect(JSON.parse(edited.stdout).issues).toMatchObject([{ code: 'CHECKSUM_MISMATCH', migrationId: A }]);
  });

  it('keeps verifying a ledger row written with the first algorithm (sha256:), acknowledgement lines added or not', async () => {
    const s = await scenario('sum_v1', { [A]: { up: UP, down: 'DROP TABLE keep;' } });
    expect((await s.cli('migrate')).code).toBe(0);
    // As an earlier version recorded it.
    await s.db.query('UPDATE _migrate_core_ledger SET checksum = ?, done_checksum = NULL', [checksumOf(UP)]);
    for (const up of [UP, ACKNOWLEDGED]) {
      s.ws.writeMigration('svc', A, { up, down: 'DROP TABLE keep;' });
      const status = await s.cli('status', '--json');
      expect(status.code, status.stdout).toBe(0);
      expect(JSON.parse(status.stdout).issues).toEqual([]);
      s.ws.writeMigration('svc', B, { up: 'CREATE TABLE later (id int);\n', down: 'DROP TABLE later;' });
    }
    expect((await s.cli('migrate')).code).toBe(0);
    expect((await ledgerOf(s.db)).map((row) => row.state)).toEqual(['applied', 'applied']);
    const [old] = await s.db.query<Array<{ checksum: string }>>('SELECT checksum FROM _migrate_core_ledger WHERE id = ?', [A]);
    expect(old?.checksum).toBe(checksumOf(UP));
    s.ws.writeMigration('svc', A, { up: UP.replace('keep (id int)', 'keep (id bigint)'), down: 'DROP TABLE keep;' });
    expect(JSON.parse((await s.cli('status', '--json')).stdout).issues).toMatchObject([{ code: 'CHECKSUM_MISMATCH', migrationId: A }]);
  });
});
