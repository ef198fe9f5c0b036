import { describe, expect, it } from 'vitest';
import { describeConflict, findChainConflicts, nameOfId } from '../../src/repository/chain.js';
import { folderProblems, type MigrationFolderText } from '../../src/check/problems.js';
import { checksumOf } from '../../src/checksum.js';
import { emptySnapshot } from '../../src/schema/drizzle/kit-snapshot.js';
import type { MigrationSnapshot } from '../../src/repository/snapshot.js';

const [A, B, C, D] = ['20260101000000_a', '20260102000000_b', '20260103000000_c', '20260104000000_d'];

describe('findChainConflicts', () => {
  it('accepts a straight chain', () => {
    expect(findChainConflicts([{ id: A, prevId: 'base' }, { id: B, prevId: A }, { id: C, prevId: B }])).toEqual([]);
  });

  it('finds two migrations generated on the same parent (merged branches) and names both', () => {
    expect(findChainConflicts([{ id: A, prevId: 'base' }, { id: B, prevId: A }, { id: C, prevId: A }, { id: D, prevId: C }]))
      .toEqual([{ id: C, prevId: A, expected: B, sibling: B }]);
  });

  it('finds a parent that is not the migration before (a deleted or renamed migration), and two firsts', () => {
    expect(findChainConflicts([{ id: A, prevId: 'base' }, { id: C, prevId: B }])).toEqual([{ id: C, prevId: B, expected: A }]);
    expect(findChainConflicts([{ id: A, prevId: 'base' }, { id: B, prevId: 'base' }])).toEqual([{ id: B, prevId: 'base', expected: A, sibling: A }]);
  });

  it('skips unreadable snapshots (reported on their own)', () => {
    expect(findChainConflicts([{ id: A, prevId: undefined }, { id: B, prevId: A }])).toEqual([]);
  });

  it('describes the safe fixes: rebase the one no shared environment ran, never roll back a deployed one', () => {
    const { message, hint } = describeConflict({ id: C, prevId: A, expected: B, sibling: B }, (id) => `services/s/migrations/${id}`, 'nx run s:generate');
    expect(message).toContain(`${C} and ${B} were both generated on top of ${A}`);
    expect(hint).toContain(`If ${B} has not run in any shared environment, run \`migrate-core rebase ${B}\``);
    expect(hint).toContain(`if ${C} has not, run \`migrate-core rebase ${C}\``);
    expect(hint).toContain(`\`migrate-core rebase ${C} --keep-id\`, then apply ${B} where it is missing with \`migrate-core migrate --allow-out-of-order\``);
    expect(hint).not.toMatch(/rm -r|rollback/);
    expect(describeConflict({ id: C, prevId: A, expected: B }, (id) => id).hint).toBe(`Run \`migrate-core rebase ${C}\` to put it on top of ${B} (or \`migrate-core rebase ${C} --keep-id\` if a shared environment ran it).`);
    expect(nameOfId('20260101000000_add_orders_table')).toBe('add orders table');
  });
});

function folder(overrides: Partial<MigrationFolderText> & { up?: string; down?: string } = {}): MigrationFolderText {
  const up = overrides.up ?? 'CREATE TABLE t (id int);';
  const down = overrides.down ?? '-- DATA LOSS: drops table `t`.\nDROP TABLE t;';
  const snapshot = { ...emptySnapshot(), id: A, prevId: 'base', migrateCore: { up: checksumOf(up), down: checksumOf(down) } } as unknown as MigrationSnapshot;
  return { id: A, dir: `services/s/migrations/${A}`, up, down, snapshot, before: emptySnapshot(), ...overrides };
}

const codes = (f: MigrationFolderText) => folderProblems(f, 'nx run s:generate').map((p) => p.code);

describe('folderProblems', () => {
  it('finds nothing wrong with a folder as generate wrote it', () => {
    expect(codes(folder())).toEqual([]);
  });

  it('reports a missing down.sql, a down.sql without statements, a missing or corrupt snapshot, a snapshot of another id', () => {
    expect(codes({ ...folder(), down: undefined })).toEqual(['NO_DOWN']);
    const emptyDown = '-- nothing\n';
    expect(codes(folder({ down: emptyDown, snapshot: { ...folder().snapshot!, migrateCore: { up: checksumOf('CREATE TABLE t (id int);'), down: checksumOf(emptyDown) } } }))).toEqual(['EMPTY_DOWN']);
    expect(codes({ ...folder(), snapshot: undefined, snapshotError: 'snapshot.json is missing' })).toEqual(['NO_SNAPSHOT']);
    expect(codes({ ...folder(), snapshot: undefined, snapshotError: 'snapshot.json is corrupt (not valid JSON: x)' })).toEqual(['CORRUPT_SNAPSHOT']);
    expect(codes({ ...folder(), snapshot: { ...folder().snapshot!, id: B } })).toEqual(['SNAPSHOT_ID']);
  });

  it('reports a hand edit with the way to accept it, but not added allow-data-loss lines', () => {
    const edited = { ...folder(), up: 'CREATE TABLE t (id bigint);' };
    const problems = folderProblems(edited, 'nx run s:generate');
    expect(problems.map((p) => p.code)).toEqual(['EDITED']);
    expect(problems[0]!.hint).toContain(`nx run s:generate --accept-edits ${A}`);
    expect(problems[0]!.file).toBe(`services/s/migrations/${A}/up.sql`);
    const acknowledged = folder({ up: '-- DATA LOSS: drops table `x`.\nDROP TABLE x;' });
    expect(codes({ ...acknowledged, up: '-- DATA LOSS: drops table `x`.\n-- migrate-core: allow-data-loss\nDROP TABLE x;' })).toEqual([]);
    const custom = folder();
    expect(codes({ ...custom, up: 'UPDATE t SET id = 1;', snapshot: { ...custom.snapshot!, migrateCore: { up: 'sha256:0', down: 'sha256:0', custom: true } } })).toEqual([]);
  });

  it('does not count added lint acknowledgements as edits, next to an allow-data-loss line generate wrote', () => {
    const generated = folder({ up: '-- migrate-core: allow-data-loss\nALTER TABLE t DROP COLUMN a;\nALTER TABLE t MODIFY b bigint;' });
    const up = '-- migrate-core: allow-data-loss\n-- migrate-core: allow DROP_COLUMN\nALTER TABLE t DROP COLUMN a;\n-- migrate-core: allow TABLE_COPY\nALTER TABLE t MODIFY b bigint;';
    expect(codes({ ...generated, up })).toEqual([]);
    expect(codes({ ...generated, up: up.replace('bigint', 'int') })).toEqual(['EDITED']);
  });

  it('reports destructive up statements without the directive, with file and line', () => {
    const problems = folderProblems(folder({ up: 'CREATE TABLE n (id int);\n\nALTER TABLE t DROP COLUMN c;' }), 'g');
    expect(problems.map((p) => p.code)).toEqual(['DATA_LOSS']);
    expect(problems[0]!.message).toContain(`services/s/migrations/${A}/up.sql:3: statement 2 drops column \`t\`.\`c\``);
    expect(problems[0]!.hint).toContain('-- migrate-core: allow-data-loss');
  });

  it('reports SQL MariaDB rejects in up and down', () => {
    const problems = folderProblems(folder({ up: 'CREATE TABLE t (id serial AUTO_INCREMENT NOT NULL);', down: 'DROP TABLE t; -- x' }), 'g');
    expect(problems.map((p) => [p.code, p.file])).toEqual([['MARIADB_INVALID', `services/s/migrations/${A}/up.sql`]]);
  });
});
