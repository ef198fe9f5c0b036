import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../src/cli/args.js';
import { mapBounded } from '../../src/cli/all/pool.js';
import { ExitCode, worstExitCode } from '../../src/cli/exit-codes.js';
import { classifyDocument, serviceState } from '../../src/report/documents.js';

describe('--all on the command line', () => {
  it('gives migrate and status an all line with their own options, and refuses it elsewhere or with --service', () => {
    expect(parseCommandLine(['status', '--all', '--json', '--drift', '--html', 'out.html'])).toMatchObject({ kind: 'all', command: 'status', json: true, options: { drift: true, html: 'out.html', all: true } });
    expect(parseCommandLine(['migrate', '--all', '--allow-out-of-order', '--lock-timeout', '5'])).toMatchObject({ kind: 'all', command: 'migrate', options: { allowOutOfOrder: true, lockTimeout: 5 } });
    expect(() => parseCommandLine(['status', '--all', '--service', 'first'])).toThrow('Give either --service or --all, not both.');
    expect(() => parseCommandLine(['rollback', '--all'])).toThrow(/Unknown option --all for rollback.*/);
    expect(() => parseCommandLine(['status'])).toThrow('status needs --service <name> (or --all).');
    expect(() => parseCommandLine(['drift'])).toThrow('drift needs --service <name>.');
    expect(() => parseCommandLine(['status', '--service', 'first', '--html', 'x.html'])).toThrow('--html needs --all');
  });
});

describe('worstExitCode', () => {
  it.each([
    [[], ExitCode.ok], [[0, 0], ExitCode.ok], [[0, 4], ExitCode.lockTimeout], [[4, 3], ExitCode.blocked],
    [[3, 2, 4], ExitCode.usage], [[2, 1, 3], ExitCode.failed],
  ] as Array<[ExitCode[], ExitCode]>)('%j -> %i', (codes, expected) => {
    expect(worstExitCode(codes)).toBe(expected);
  });
});

describe('mapBounded', () => {
  it('keeps the order of the items and never runs more than the limit at once', async () => {
    let running = 0;
    let most = 0;
    const result = await mapBounded([5, 1, 4, 2, 3, 0], 2, async (n, i) => {
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setImmediate(resolve));
      running--;
      return `${i}:${n}`;
    });
    expect(result).toEqual(['0:5', '1:1', '2:4', '3:2', '4:3', '5:0']);
    expect(most).toBe(2);
    expect(await mapBounded([], 4, async () => 1)).toEqual([]);
  });
});

describe('a service document and its state', () => {
  it('tells a database, a fleet and an error apart, worst state first', () => {
    const database = { service: 's', database: 's', ledgerTable: 'l', current: null, applied: [], pending: [{ id: 'a' }], dirty: null, issues: [], lockedBy: null };
    expect(serviceState(classifyDocument(database))).toBe('pending');
    expect(serviceState(classifyDocument({ ...database, pending: [], dirty: { id: 'a', direction: 'up', statement: 1, statements: 1, error: 'x', state: 'failed' } }))).toBe('dirty');
    expect(serviceState(classifyDocument({ service: 's', ok: false, error: { code: 'CONFIG', message: 'x' } }))).toBe('error');
    const fleet = { service: 'f', databases: [], summary: { total: 2, upToDate: 2, pending: 0, dirty: 0, failed: 0, unreachable: 0 } };
    expect(classifyDocument(fleet).kind).toBe('fleet');
    expect(serviceState(classifyDocument(fleet))).toBe('up-to-date');
    expect(serviceState(classifyDocument({ ...fleet, summary: { ...fleet.summary, pending: 1 } }))).toBe('pending');
    expect(serviceState(classifyDocument({ ...fleet, summary: { ...fleet.summary, unreachable: 1 } }))).toBe('error');
  });
});
