import { afterEach, describe, expect, it, vi } from 'vitest';
import { fleetProgress } from '../../src/cli/fleet/progress.js';
import { renderFleetReport } from '../../src/cli/fleet/render.js';
import type { FleetContext } from '../../src/cli/fleet/setup.js';
import { PLAIN } from '../../src/cli/style.js';
import type { FleetEntry, FleetReport } from '../../src/fleet/report.js';
import { fleetOutcome, summarize } from '../../src/fleet/report.js';

function context(isTTY: boolean, env: Record<string, string> = {}) {
  const stderr: string[] = [];
  const warned: string[] = [];
  const ctx = {
    options: {}, root: '/ws', env, style: PLAIN, appliedBy: 't', signal: new AbortController().signal,
    io: { stdout: { write: () => true }, stderr: { write: (text: string) => stderr.push(text) }, isTTY },
    service: { service: 'tenants' }, print: () => {}, warn: (line: string) => warned.push(line),
  } as unknown as FleetContext;
  return { ctx, stderr, warned };
}

const entry = (database: string, outcome: FleetEntry['outcome'], extra: Partial<FleetEntry> = {}): FleetEntry =>
  ({ database, outcome, migrations: outcome === 'done' ? 2 : 0, durationMs: outcome === 'skipped' ? null : 10, ...extra });

function report(entries: FleetEntry[], stopped: FleetReport['stopped'] = null): FleetReport {
  const summary = summarize(entries);
  return { service: 'tenants', command: 'migrate', shard: null, outcome: fleetOutcome(summary), summary, stopped, startedAt: '', durationMs: 1500, concurrency: 4, databases: entries };
}

describe('the summary of a fleet run', () => {
  it('counts every outcome, shows the first 5 failures with their next command on their database, and why it stopped', () => {
    const failures = Array.from({ length: 7 }, (_, i) => entry(`t_${i}`, 'failed', {
      error: { code: 'STATEMENT', severity: 'error', message: `x: statement 1 of 1 failed: boom ${i}\nCREATE TABLE x`, migrationId: 'x', hint: 'run `migrate-core migrate` again' },
    }));
    const lines = renderFleetReport(context(false).ctx, report([entry('a', 'done'), entry('b', 'noop'), ...failures, entry('z', 'skipped')], { reason: 'failure', database: 't_0' }), 'migrate-core migrate');
    expect(lines[0]).toBe('tenants: migrate of 10 databases in 1.50 s: 1 migrated (2 migrations), 1 up to date, 7 failed, 1 not started.');
    expect(lines[1]).toBe('  ✗ t_0 failed: x: statement 1 of 1 failed: boom 0');
    expect(lines[2]).toBe('      next: run `npx migrate-core migrate --service tenants --database t_0` again');
    expect(lines.filter((line) => line.includes('✗'))).toHaveLength(5);
    expect(lines).toContain('  (the first 5 of 7; --json or --report <file> lists every database)');
    expect(lines).toContain('Stopped after t_0 (fail-fast): 1 database not started. --continue-on-error tries every database and collects the failures.');
    expect(lines.at(-1)).toBe('next: fix the cause, then run `migrate-core migrate` again: databases already done have nothing left to do.');
  });

  it('is one line when all went well', () => {
    expect(renderFleetReport(context(false).ctx, report([entry('a', 'done'), entry('b', 'noop')]), 'migrate-core migrate'))
      .toEqual(['tenants: migrate of 2 databases in 1.50 s: 1 migrated (2 migrations), 1 up to date.']);
  });
});

describe('the progress of a fleet run', () => {
  afterEach(() => vi.useRealTimers());

  it('rewrites one line in place on a terminal, and clears it for a failure and at the end', () => {
    vi.useFakeTimers();
    const { ctx, stderr, warned } = context(true);
    const progress = fleetProgress(ctx, 10, () => Date.now());
    progress.start('a');
    progress.start('b');
    progress.done(false);
    vi.advanceTimersByTime(1000);
    vi.advanceTimersByTime(200);
    expect(stderr.at(-1)).toBe('\r\x1b[2Ktenants: 1/10 done, 0 failed, 1 running, 8 left, 0.8/s, ETA 10.80 s');
    progress.done(true, 'tenants: ✗ b failed: boom');
    expect(stderr.at(-1)).toBe('\r\x1b[2K');
    expect(warned).toEqual(['tenants: ✗ b failed: boom']);
    progress.stop();
    vi.advanceTimersByTime(5000);
    expect(stderr.at(-1)).toBe('\r\x1b[2K');
  });

  it('prints a plain line every 10 s when not on a terminal', () => {
    vi.useFakeTimers();
    const { ctx, stderr, warned } = context(false);
    const progress = fleetProgress(ctx, 4, () => Date.now());
    progress.start('a');
    vi.advanceTimersByTime(9_999);
    expect(warned).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(warned).toEqual(['tenants: 0/4 done, 0 failed, 1 running, 3 left, 0.0/s, ETA -']);
    progress.stop();
    expect(stderr).toEqual([]);
  });
});
