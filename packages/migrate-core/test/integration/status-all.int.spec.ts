import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../../test/support/cli.js';
import { serverUrl } from '../../../../test/support/db.js';
import {
  addPendingBilling, BILLING_PENDING, HOSTILE_MESSAGE, LEDGER_FAILS, SHOP_ID, statusAllWorkspace, type StatusAllWorkspace,
} from './status-all.fixture.js';

describe('migrate --all and status --all: every service in one process, each on its own configuration', () => {
  let fixture: StatusAllWorkspace;
  let env: Record<string, string>;
  const cli = (args: string[], extra: Record<string, string> = {}) => runCli(args, { cwd: fixture.ws.root, env: { ...env, ...extra } });

  beforeAll(async () => {
    fixture = await statusAllWorkspace('all');
    env = { DATABASE_URL: serverUrl() };
  });
  afterAll(async () => {
    await fixture.cleanup();
  });

  it('migrate --all runs every service; a failing one and a misconfigured one do not stop the others; the worst exit status wins', async () => {
    const result = await cli(['migrate', '--all', '--create-database']);
    expect(result.code, result.stdout + result.stderr).toBe(1);
    expect(result.stdout).toMatch(/service\s+database\s+server\s+outcome\s+migrations\s+time/);
    expect(result.stdout).toMatch(/^shop\s+\S+\s+mysql:\/\/root@127\.0\.0\.1:\d+\/\S+\s+migrated\s+1\/1/m);
    expect(result.stdout).toMatch(/^billing\s+.*\s+migrated\s+1\/1/m);
    expect(result.stdout).toMatch(/^ledger\s+.*\s+failed\s+1\/2/m);
    expect(result.stdout).toMatch(/^broken\s+-\s+-\s+error \(CONFIG\)/m);
    expect(result.stdout).toContain(`ledger: failed on \`${fixture.databases.ledger.name}\``);
    expect(result.stdout).toContain('broken: error: services/broken/migrate.config.json: database:');
    expect(result.stdout).toContain('`npx migrate-core migrate --service ledger` again');
    expect(await fixture.databases.shop.tables()).toEqual(['_migrate_core_ledger', 'customers', 'order_items', 'orders', 'products']);

    const json = await cli(['migrate', '--all', '--json']);
    expect(json.code).toBe(1);
    const services = JSON.parse(json.stdout).services as Array<Record<string, unknown>>;
    expect(services.map((entry) => [entry.service, entry.command, entry.outcome ?? entry.ok])).toEqual([
      ['billing', 'migrate', 'noop'], ['broken', 'migrate', false], ['ledger', 'migrate', 'failed'], ['shop', 'migrate', 'noop'],
    ]);
  });

  it('status --all --json holds each service\'s status --json document exactly; the table shows each one; exit 2 beats 3', async () => {
    addPendingBilling(fixture.ws);
    const all = await cli(['status', '--all', '--json']);
    expect(all.code).toBe(2);
    const { services } = JSON.parse(all.stdout) as { services: Array<Record<string, unknown>> };
    expect(services.map((entry) => entry.service)).toEqual(['billing', 'broken', 'ledger', 'shop']);
    for (const entry of services) {
      const alone = await cli(['status', '--service', String(entry.service), '--json']);
      expect(entry).toEqual(JSON.parse(alone.stdout));
    }
    expect(services[0]).toMatchObject({ pending: [{ id: BILLING_PENDING }], dirty: null });
    expect(services[1]).toMatchObject({ ok: false, error: { code: 'CONFIG' } });
    expect(services[2]).toMatchObject({ dirty: { id: LEDGER_FAILS, statement: 2, state: 'failed' } });
    expect((services[2]!.dirty as { error: string }).error).toContain(HOSTILE_MESSAGE);
    expect(services[3]).toMatchObject({ current: SHOP_ID, pending: [], dirty: null, issues: [] });

    const text = await cli(['status', '--all']);
    expect(text.code).toBe(2);
    expect(text.stdout).toMatch(/service\s+database\s+server\s+current\s+pending\s+dirty\s+last applied/);
    expect(text.stdout).toMatch(new RegExp(`^billing\\s+${fixture.databases.billing.name}\\s+mysql://root@127\\.0\\.0\\.1:\\d+/\\S+\\s+20260401000000_invoices\\s+1\\s+-\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ`, 'm'));
    expect(text.stdout).toMatch(new RegExp(`^ledger\\s+.*\\s+${LEDGER_FAILS} \\(failed at statement 2/2\\)`, 'm'));
    expect(text.stdout).toContain('4 services: 1 up to date, 1 with pending migrations, 1 dirty, 1 could not report.');
    expect(text.stdout).toContain('[DIRTY]');
  });

  it('status --all --drift adds each database\'s drift; a service without a URL under CI is an error row, not a stop', async () => {
    const drift = await cli(['status', '--all', '--drift', '--json']);
    const shop = (JSON.parse(drift.stdout).services as Array<Record<string, any>>).find((entry) => entry.service === 'shop')!;
    expect(shop.drift).toMatchObject({ service: 'shop', command: 'drift', against: SHOP_ID });
    const text = await cli(['status', '--all', '--drift']);
    expect(text.stdout).toMatch(/last applied\s+drift/);

    const ci = await runCli(['status', '--all'], { cwd: fixture.ws.root, env: { CI: 'true', SHOP_DATABASE_URL: `${serverUrl()}/${fixture.databases.shop.name}` } });
    expect(ci.code).toBe(2);
    expect(ci.stdout).toMatch(/^shop\s+\S+\s+mysql:\/\/root@127\.0\.0\.1:\d+\/\S+\s+20260401000000_shop_tables\s+0/m);
    expect(ci.stdout).toMatch(new RegExp(`^billing\\s+${fixture.databases.billing.name}\\s+-\\s+error \\(CONFIG\\)`, 'm'));
    expect(ci.stdout).toContain('billing: error: No database is configured for service billing: set BILLING_DATABASE_URL');
  });

  it('refuses --all with --service, and --html or --drift without --all', async () => {
    for (const args of [['status', '--all', '--service', 'shop'], ['status', '--service', 'shop', '--html', 'x.html'], ['migrate', '--all', '--to', SHOP_ID]]) {
      const result = await cli(args);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/--service or --all|--html needs --all|--all or --to/);
    }
  });
});
