import { describe, expect, it } from 'vitest';
import { mergeReports } from '../../src/fleet/merge.js';
import { isMemberByConfig, matcherOf } from '../../src/fleet/members.js';
import { ConfigError } from '../../src/errors.js';

const entry = (database: string, outcome = 'done', migrations = 1) => ({ database, outcome, migrations, durationMs: 10 });
const report = (index: number, count: number, databases: unknown[], extra: Record<string, unknown> = {}) => ({
  service: 'tenants', command: 'migrate', shard: { index, count }, outcome: 'done', startedAt: `2026-01-01T00:00:0${index}.000Z`, durationMs: 1000, databases, ...extra,
});

describe('merging the reports of shards', () => {
  it('gives one report of every database, the summary recomputed', () => {
    const { document, problems } = mergeReports([
      { file: 'r1.json', report: report(1, 3, [entry('a'), entry('b', 'noop', 0)]) },
      { file: 'r2.json', report: report(2, 3, [entry('c', 'failed', 0)]) },
      { file: 'r3.json', report: report(3, 3, [entry('d', 'blocked', 0), entry('e')]) },
    ]);
    expect(problems).toEqual([]);
    expect(document).toMatchObject({
      service: 'tenants', command: 'migrate', shard: null, outcome: 'failed',
      summary: { total: 5, done: 2, noop: 1, blocked: 1, failed: 1, skipped: 0 },
      startedAt: '2026-01-01T00:00:01.000Z', durationMs: 3000,
    });
    expect((document.databases as Array<{ database: string }>).map((d) => d.database)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(document.shards).toEqual([{ index: 1, count: 3, file: 'r1.json' }, { index: 2, count: 3, file: 'r2.json' }, { index: 3, count: 3, file: 'r3.json' }]);
  });

  it('names what does not fit: a missing or doubled shard, a database twice, another service, not a report', () => {
    const { problems } = mergeReports([
      { file: 'r1.json', report: report(1, 3, [entry('a')]) },
      { file: 'r1-again.json', report: report(1, 3, [entry('a')]) },
      { file: 'other.json', report: { ...report(2, 3, [entry('z')]), service: 'billing' } },
      { file: 'junk.json', report: { hello: 1 } },
    ]);
    expect(problems).toEqual([
      'junk.json is not a fleet report (written by --report <file>, or --json of a fleet command).',
      'other.json is a report of `migrate` on billing, r1.json of `migrate` on tenants.',
      'shard 1/3 is reported twice: r1.json, r1-again.json.',
      'no report of shard 3/3.',
      'database a is in r1.json and in r1-again.json.',
    ]);
  });

  it('merges status reports with the status summary', () => {
    const status = (database: string, pending: number) => ({ database, ledgerTable: 'l', current: null, applied: [], pending: Array(pending).fill({ id: 'x' }), dirty: null, issues: [], lockedBy: null });
    const { document, problems } = mergeReports([
      { file: 's1', report: { service: 't', command: 'status', shard: { index: 1, count: 2 }, databases: [status('a', 0), status('b', 2)] } },
      { file: 's2', report: { service: 't', command: 'status', shard: { index: 2, count: 2 }, databases: [status('c', 1)] } },
    ]);
    expect(problems).toEqual([]);
    expect(document.summary).toEqual({ total: 3, upToDate: 1, pending: 2, dirty: 0, failed: 0, unreachable: 0, withIssues: 0 });
  });
});

describe('"match" globs', () => {
  it('match database names; "!" excludes; system schemas and unquotable names never match', () => {
    const keep = matcherOf(['tenant_*', '!tenant_template']);
    expect(['tenant_acme', 'tenant_template', 'tenantx', 'Tenant_a', 'tenant_a-b', 'mysql'].filter(keep)).toEqual(['tenant_acme']);
    expect(['mysql', 'sys', 'information_schema', 'performance_schema', 'app'].filter(matcherOf('*'))).toEqual(['app']);
    expect(matcherOf('t_??')('t_ab')).toBe(true);
    expect(matcherOf('t_{eu,us}_*')('t_us_1')).toBe(true);
  });

  it('need a glob that includes something', () => {
    expect(() => matcherOf(['!tenant_template'])).toThrow(ConfigError);
  });

  it('tell membership from the config for lists and globs, not for a query', () => {
    expect(isMemberByConfig(['a', 'b'], 'b')).toBe(true);
    expect(isMemberByConfig(['a', 'b'], 'c')).toBe(false);
    expect(isMemberByConfig({ match: 'tenant_*' }, 'tenant_x')).toBe(true);
    expect(isMemberByConfig({ query: 'SELECT 1' }, 'tenant_x')).toBeUndefined();
  });
});
