import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../../test/support/cli.js';
import { createTestDatabase, serverUrl } from '../../../../test/support/db.js';
import { makeWorkspace } from '../../../../test/support/workspace.js';

// --report <file>: the --json document written to a file, for callers (Nx) that surround stdout with their own lines.
const db = await createTestDatabase('cli_report');
const ws = makeWorkspace({ shop: { database: db.name } });
ws.writeMigration('shop', '20260401000000_create_items', { up: 'CREATE TABLE items (id int AUTO_INCREMENT PRIMARY KEY);', down: 'DROP TABLE items;' });
const env = { DATABASE_URL: serverUrl() };
afterAll(async () => {
  ws.cleanup();
  await db.drop();
});

const readJson = (path: string) => JSON.parse(readFileSync(join(ws.root, path), 'utf8'));

describe('--report <file>', () => {
  it('writes the document --json prints, in a folder it creates, with {service} replaced; stdout keeps the text', async () => {
    const migrated = await runCli(['migrate', '--service', 'shop', '--report', 'reports/{service}-migrate.json'], { cwd: ws.root, env });
    expect(migrated.code, migrated.stderr).toBe(0);
    expect(migrated.stdout).toContain('1 migration applied');
    expect(readJson('reports/shop-migrate.json')).toMatchObject({ service: 'shop', command: 'migrate', outcome: 'done', steps: [{ id: '20260401000000_create_items' }] });

    const status = await runCli(['status', '--service', 'shop', '--json', '--report=reports/status.json'], { cwd: ws.root, env });
    expect(status.code).toBe(0);
    expect(readJson('reports/status.json')).toEqual(JSON.parse(status.stdout));
  });

  it('writes the error document when the command fails, without the password', async () => {
    const wrong = { DATABASE_URL: serverUrl().replace('mysql://root@', 'mysql://root:not-the-Password-42@') };
    const failed = await runCli(['status', '--service', 'shop', '--report', 'reports/failed.json'], { cwd: ws.root, env: wrong });
    expect(failed.code, failed.stderr).toBe(2);
    const text = readFileSync(join(ws.root, 'reports/failed.json'), 'utf8');
    expect(text).not.toContain('not-the-Password-42');
    expect(JSON.parse(text)).toMatchObject({ service: 'shop', command: 'status', ok: false, error: { code: expect.any(String), message: expect.any(String) } });
  });

  it('refuses a report path it cannot write before doing anything (exit 2)', async () => {
    writeFileSync(join(ws.root, 'a-file'), '');
    const result = await runCli(['rollback', '--service', 'shop', '--report', 'a-file/report.json'], { cwd: ws.root, env });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--report a-file\/report\.json: cannot write to .*a-file/);
    expect(await db.tables()).toContain('items');
    expect(existsSync(join(ws.root, 'a-file', 'report.json'))).toBe(false);
  });
});
