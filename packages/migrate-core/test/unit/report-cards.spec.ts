import { describe, expect, it } from 'vitest';
import { serviceCard } from '../../src/report/cards.js';

const fleetDrift = (outcomes: Record<string, string>) => ({
  service: 'tenants', command: 'drift',
  databases: Object.entries(outcomes).map(([database, outcome]) => ({ database, outcome, migrations: 0, durationMs: 1 })),
  summary: { total: Object.keys(outcomes).length, done: 0, noop: Object.values(outcomes).filter((o) => o === 'noop').length,
    blocked: Object.values(outcomes).filter((o) => o === 'blocked').length, failed: Object.values(outcomes).filter((o) => o === 'failed').length, skipped: 0 },
});

const card = (drift: Record<string, unknown>) =>
  serviceCard({ name: 'tenants', server: null, document: { ok: false, error: { code: 'CONNECTION', message: 'm' } }, drift, schema: null }, 0).text;

describe('a fleet\'s drift on the status page', () => {
  it('says every database is in sync when each is', () => {
    expect(card(fleetDrift({ t_1: 'noop', t_2: 'noop' }))).toContain('Drift: the live schema of all 2 databases matches their migrations.');
  });

  it('names the databases that drifted and those that could not be checked', () => {
    const text = card(fleetDrift({ t_1: 'noop', t_2: 'blocked', t_3: 'failed' }));
    expect(text).toContain('Drift: 1 of 3 databases in sync.');
    expect(text).toContain('<li>drifted: t_2</li>');
    expect(text).toContain('<li>could not be checked: t_3</li>');
    expect(text).not.toContain('empty schema');
  });
});
