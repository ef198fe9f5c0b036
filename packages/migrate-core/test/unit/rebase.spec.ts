import { describe, expect, it } from 'vitest';
import { openRepository } from '../../src/repository/repository.js';
import { rebaseMigration } from '../../src/repository/rebase.js';
import { memoryFs } from '../support/memory-fs.js';

const DIR = '/ws/services/s/migrations';
const snapshot = (id: string, prevId: string, tables: Record<string, unknown>) => JSON.stringify({ version: '5', dialect: 'mysql', id, prevId, tables, views: {}, _meta: { tables: {}, columns: {} } });

/** base -> P; A and B both made on P, each adding a table; B generated within the same second as the rebase. */
function repository() {
  const fs = memoryFs();
  const write = (id: string, prevId: string, tables: Record<string, unknown>) => {
    fs.writeFile(`${DIR}/${id}/up.sql`, `-- ${id}\n`);
    fs.writeFile(`${DIR}/${id}/down.sql`, `-- ${id}\n`);
    fs.writeFile(`${DIR}/${id}/snapshot.json`, snapshot(id, prevId, tables));
  };
  write('20260101000000_p', 'base', { p: {} });
  write('20260102000000_a', '20260101000000_p', { p: {}, a: {} });
  write('20260103000000_b', '20260101000000_p', { p: {}, b: {} });
  return { repo: openRepository(DIR, { fs }), fs };
}

describe('rebase', () => {
  it('gives the migration a new id after every other one and its own, even within the same second, and merges its snapshot on top', () => {
    const { repo, fs } = repository();
    const report = rebaseMigration(repo, '20260103000000_b', { now: new Date('2026-01-03T00:00:00Z') });
    expect(report).toEqual({ from: '20260103000000_b', to: '20260103000001_b', prevId: '20260102000000_a', rebuilt: [] });
    const moved = JSON.parse(fs.files.get(`${DIR}/20260103000001_b/snapshot.json`)!);
    expect(moved).toMatchObject({ id: '20260103000001_b', prevId: '20260102000000_a', tables: { p: {}, a: {}, b: {} } });
    expect(repo.list().folders.map((f) => f.id)).toEqual(['20260101000000_p', '20260102000000_a', '20260103000001_b']);
  });

  it('with keepId, relinks it onto the migration before it and keeps its id', () => {
    const { repo, fs } = repository();
    expect(rebaseMigration(repo, '20260103000000_b', { keepId: true, now: new Date(0) })).toMatchObject({ to: '20260103000000_b', prevId: '20260102000000_a' });
    expect(repo.list().folders.map((f) => f.id)).toEqual(['20260101000000_p', '20260102000000_a', '20260103000000_b']);
    expect(JSON.parse(fs.files.get(`${DIR}/20260103000000_b/snapshot.json`)!).tables).toEqual({ p: {}, a: {}, b: {} });
  });

  it('refuses changes that collide, writing nothing', () => {
    const { repo, fs } = repository();
    fs.writeFile(`${DIR}/20260103000000_b/snapshot.json`, snapshot('20260103000000_b', '20260101000000_p', { p: { changed: true }, b: {} }));
    fs.writeFile(`${DIR}/20260102000000_a/snapshot.json`, snapshot('20260102000000_a', '20260101000000_p', { p: { changed: false }, a: {} }));
    expect(() => rebaseMigration(repo, '20260103000000_b', { now: new Date(0) })).toThrow(/both change tables\.p\.changed: its changes are not independent/);
    expect(repo.list().folders.map((f) => f.id)).toContain('20260103000000_b');
  });
});
