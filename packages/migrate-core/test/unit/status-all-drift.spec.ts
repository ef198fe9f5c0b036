import { describe, expect, it } from 'vitest';
import { renderStatusAll } from '../../src/cli/all/tables.js';
import type { ServiceEntry } from '../../src/cli/all/service-run.js';
import { ExitCode } from '../../src/cli/exit-codes.js';
import { PLAIN } from '../../src/cli/style.js';

const status = { service: 'shop', command: 'status', database: 'shop', ledgerTable: '_migrate_core_ledger', current: 'a', applied: [], pending: [], dirty: null, issues: [], lockedBy: null };
const shop = (drift: Record<string, unknown>, exitCode: ExitCode): ServiceEntry =>
  ({ service: 'shop', exitCode, document: status, drift, server: 'mysql://root@db:3306/shop', lines: [], context: undefined });

const member = (database: string, outcome: string, message?: string) =>
  ({ database, outcome, migrations: 0, durationMs: 1, ...(message === undefined ? {} : { error: { code: outcome === 'failed' ? 'INTROSPECT' : 'DRIFT', severity: 'error', message } }) });
const tenants = (members: ReturnType<typeof member>[]): ServiceEntry => {
  const count = (outcome: string) => members.filter((m) => m.outcome === outcome).length;
  const fleetStatus = { service: 'tenants', command: 'status', shard: null, databases: [], summary: { total: members.length, upToDate: members.length, pending: 0, dirty: 0, failed: 0, unreachable: 0, withIssues: 0 } };
  const drift = {
    service: 'tenants', command: 'drift', shard: null, outcome: 'noop', stopped: null, startedAt: '', durationMs: 1, concurrency: 4, databases: members,
    summary: { total: members.length, done: 0, noop: count('noop'), blocked: count('blocked'), failed: count('failed'), skipped: count('skipped') },
  };
  return { service: 'tenants', exitCode: ExitCode.ok, document: fleetStatus, drift, server: 'mysql://root@db:3306 ("match": "t_*")', lines: [], context: undefined };
};

const summaryOf = (entries: ServiceEntry[]) => renderStatusAll(entries, PLAIN, true).find((line) => /^\d+ services?:/.test(line));

describe('status --all --drift as text', () => {
  it('counts a service whose drift could not be read as one that could not report', () => {
    const unread = shop({ service: 'shop', command: 'drift', ok: false, error: { code: 'CONNECTION', severity: 'error', message: 'refused' } }, ExitCode.usage);
    expect(summaryOf([unread])).toBe('1 service: 0 up to date, 0 with pending migrations, 0 dirty, 1 could not report; drift: 0 in sync, 0 drifted.');
    expect(renderStatusAll([unread], PLAIN, true)).toContain('shop: drift: refused');
  });

  it('summarises a fleet\'s drift by its databases, and lists the ones that drifted or failed', () => {
    const lines = renderStatusAll([tenants([member('t_1', 'noop'), member('t_2', 'blocked', '1 difference, first: x'), member('t_3', 'failed', 'cannot read\nmore')])], PLAIN, true);
    expect(lines.find((line) => line.startsWith('tenants '))).toMatch(/\s1 in sync, 1 drifted, 1 failed$/);
    expect(lines).toContain('1 service: 0 up to date, 0 with pending migrations, 0 dirty, 1 could not report; drift: 0 in sync, 0 drifted.');
    expect(lines).toEqual(expect.arrayContaining(['tenants/t_2: drift: 1 difference, first: x', 'tenants/t_3: drift: cannot read']));

    const inSync = renderStatusAll([tenants([member('t_1', 'noop'), member('t_2', 'noop')])], PLAIN, true);
    expect(inSync.find((line) => line.startsWith('tenants '))).toMatch(/\sin sync$/);
    expect(inSync).toContain('1 service: 1 up to date, 0 with pending migrations, 0 dirty, 0 could not report; drift: 1 in sync, 0 drifted.');
  });
});
