import { describe, expect, it } from 'vitest';
import { ambiguityMessage, findAmbiguities, withoutRemoved } from '../../src/schema/drizzle/ambiguity.js';
import { diffSnapshots } from '../../src/schema/drizzle/diff.js';
import { emptySnapshot, type KitSnapshot, type KitTable } from '../../src/schema/drizzle/kit-snapshot.js';
import { applyRenames, checkRenames, parseRenames, renameStatements } from '../../src/schema/drizzle/renames.js';
import { MigrateError, UsageError } from '../../src/errors.js';

type TableSpec = { columns: string[]; pk?: string[]; indexes?: Record<string, string[]>; uniques?: Record<string, string[]>; fks?: Record<string, [string[], string, string[]]> };

/** A snapshot from table specs: every column `int`, nullable. */
function snap(tables: Record<string, TableSpec>): KitSnapshot {
  const out = emptySnapshot();
  for (const [name, spec] of Object.entries(tables)) {
    const table: KitTable = {
      name,
      columns: Object.fromEntries(spec.columns.map((c) => [c, { name: c, type: 'int', primaryKey: false, notNull: false, autoincrement: false }])),
      indexes: Object.fromEntries(Object.entries(spec.indexes ?? {}).map(([n, cols]) => [n, { name: n, columns: cols, isUnique: false }])),
      foreignKeys: Object.fromEntries(Object.entries(spec.fks ?? {}).map(([n, [from, to, toCols]]) => [n, { name: n, tableFrom: name, columnsFrom: from, tableTo: to, columnsTo: toCols, onDelete: 'no action', onUpdate: 'no action' }])),
      compositePrimaryKeys: spec.pk ? { [`${name}_${spec.pk.join('_')}`]: { name: `${name}_${spec.pk.join('_')}`, columns: spec.pk } } : {},
      uniqueConstraints: Object.fromEntries(Object.entries(spec.uniques ?? {}).map(([n, cols]) => [n, { name: n, columns: cols }])),
      checkConstraint: {},
    };
    out.tables[name] = table;
  }
  return out;
}

const PREV = snap({
  posts: { columns: ['id', 'title', 'author_id'], pk: ['id'], indexes: { posts_title_idx: ['title'] }, fks: { posts_author_fk: [['author_id'], 'authors', ['id']] } },
  authors: { columns: ['id', 'name'], pk: ['id'] },
});

describe('parseRenames', () => {
  it('parses table and column renames', () => {
    expect(parseRenames(['posts=articles', 'posts.title=posts.headline'])).toEqual([
      { kind: 'table', from: 'posts', to: 'articles' },
      { kind: 'column', fromTable: 'posts', table: 'posts', from: 'title', to: 'headline' },
    ]);
  });

  it('refuses malformed specs and the same source twice, with the expected form', () => {
    for (const bad of ['posts', 'a=b=c', 'posts.title=headline', 'a.b.c=a.b.d', 'po sts=x', '=x']) {
      expect(() => parseRenames([bad]), bad).toThrow(UsageError);
    }
    expect(() => parseRenames(['a=b', 'a=c'])).toThrow(/given twice/);
    expect(() => parseRenames(['a'])).toThrow(/<table>\.<old>=<table>\.<new>/);
  });
});

describe('checkRenames', () => {
  const next = snap({ articles: { columns: ['id', 'headline', 'author_id'], pk: ['id'] }, authors: { columns: ['id', 'name'], pk: ['id'] } });
  const check = (specs: string[]) => () => checkRenames(parseRenames(specs), PREV, next);

  it('accepts renames that match both snapshots, with the column given by old or new table name', () => {
    expect(check(['posts=articles', 'posts.title=posts.headline'])).not.toThrow();
    expect(check(['posts=articles', 'articles.title=articles.headline'])).not.toThrow();
  });

  it('names an unknown source or target and lists what exists', () => {
    expect(check(['nope=articles'])).toThrow(/no table or view `nope` in the last snapshot.*/);
    expect(check(['posts=nope'])).toThrow(MigrateError);
    expect(check(['posts=nope'])).toThrow(/the schema has no table `nope`/);
    expect(check(['posts=articles', 'posts.body=posts.headline'])).toThrow(/had no column `body`/);
    expect(check(['posts=articles', 'posts.title=posts.lede'])).toThrow(/has no column `lede`/);
    expect(check(['authors=articles'])).toThrow(/`authors` is still in the schema/);
    expect(check(['posts.title=authors.headline'])).toThrow(/cannot move to another table/);
  });
});

describe('applyRenames and renameStatements', () => {
  const renames = parseRenames(['posts=articles', 'posts.author_id=posts.writer_id', 'authors.name=authors.full_name']);

  it('renames tables and columns in a copy, including keys and foreign keys that mention them', () => {
    const out = applyRenames(PREV, renames);
    expect(Object.keys(out.tables).sort()).toEqual(['articles', 'authors']);
    expect(Object.keys(out.tables.articles!.columns)).toEqual(['id', 'title', 'writer_id']);
    expect(out.tables.articles!.foreignKeys.posts_author_fk).toMatchObject({ tableFrom: 'articles', columnsFrom: ['writer_id'], tableTo: 'authors' });
    expect(Object.keys(out.tables.authors!.columns)).toEqual(['id', 'full_name']);
    expect(Object.keys(PREV.tables)).toEqual(['posts', 'authors']);
  });

  it('writes RENAME statements, and the reverse ones in reverse order for down', () => {
    expect(renameStatements(renames, 'up')).toEqual([
      'RENAME TABLE `posts` TO `articles`',
      'ALTER TABLE `articles` RENAME COLUMN `author_id` TO `writer_id`',
      'ALTER TABLE `authors` RENAME COLUMN `name` TO `full_name`',
    ]);
    expect(renameStatements(renames, 'down')).toEqual([
      'ALTER TABLE `authors` RENAME COLUMN `full_name` TO `name`',
      'ALTER TABLE `articles` RENAME COLUMN `writer_id` TO `author_id`',
      'RENAME TABLE `articles` TO `posts`',
    ]);
  });
});

describe('findAmbiguities and the drop phase', () => {
  it('finds tables removed and added together, and tables with columns removed and added', () => {
    const next = snap({ articles: { columns: ['id'] }, authors: { columns: ['id', 'full_name'] } });
    expect(findAmbiguities(PREV, next)).toEqual([
      { kind: 'table', removed: ['posts'], added: ['articles'] },
      { kind: 'column', table: 'authors', removed: ['name'], added: ['full_name'] },
    ]);
  });

  it('finds nothing for only additions, only removals or alterations', () => {
    expect(findAmbiguities(PREV, snap({ posts: { columns: ['id', 'title', 'author_id', 'x'] }, authors: { columns: ['id'] }, extra: { columns: ['id'] } }))).toEqual([]);
    expect(findAmbiguities(PREV, snap({ authors: { columns: ['id', 'name'] } }))).toEqual([]);
  });

  it('builds the middle state without removed tables, columns and the keys and foreign keys on them', () => {
    const next = snap({ posts: { columns: ['id', 'headline'] }, writers: { columns: ['id'] } });
    const middle = withoutRemoved(PREV, next);
    expect(Object.keys(middle.tables)).toEqual(['posts']);
    expect(Object.keys(middle.tables.posts!.columns)).toEqual(['id']);
    expect(middle.tables.posts!.indexes).toEqual({});
    expect(middle.tables.posts!.foreignKeys).toEqual({});
    expect(middle.tables.posts!.compositePrimaryKeys).toEqual(PREV.tables.posts!.compositePrimaryKeys);
  });

  it('says what looks like a rename and gives the exact flags', () => {
    const { message, hint } = ambiguityMessage([{ kind: 'column', table: 'posts', removed: ['title'], added: ['headline'] }], 'services/blog/src/schema.ts', 'nx run blog:generate --name "x"');
    expect(message).toContain('table `posts`: columns removed: title; added: headline');
    expect(hint).toContain('nx run blog:generate --name "x" --rename posts.title=posts.headline');
    expect(hint).toContain('nx run blog:generate --name "x" --no-renames');
  });
});

describe('diffSnapshots', () => {
  const recordingKit = () => {
    const calls: Array<[string[], string[]]> = [];
    return {
      calls,
      diff: async (from: KitSnapshot, to: KitSnapshot) => {
        calls.push([Object.keys(from.tables), Object.keys(to.tables)]);
        return [`-- ${Object.keys(from.tables).join(',')} -> ${Object.keys(to.tables).join(',')}`];
      },
    };
  };
  const next = snap({ articles: { columns: ['id'] }, authors: { columns: ['id', 'name'] } });

  it('returns the ambiguities without calling drizzle-kit', async () => {
    const kit = recordingKit();
    const result = await diffSnapshots(kit, { prev: PREV, next, renames: [], noRenames: false });
    expect(result.ok).toBe(false);
    expect(kit.calls).toEqual([]);
  });

  it('with --no-renames: a drop phase and an add phase, each free of ambiguity; down the reverse', async () => {
    const kit = recordingKit();
    const result = await diffSnapshots(kit, { prev: PREV, next, renames: [], noRenames: true });
    expect(kit.calls).toEqual([[['posts', 'authors'], ['authors']], [['authors'], ['articles', 'authors']], [['articles', 'authors'], ['authors']], [['authors'], ['posts', 'authors']]]);
    expect(result.ok && result.up.length).toBe(2);
  });

  it('with --rename: RENAME first in up, last in down, and drizzle-kit diffs the renamed copy', async () => {
    const kit = recordingKit();
    const result = await diffSnapshots(kit, { prev: PREV, next, renames: parseRenames(['posts=articles']), noRenames: false });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.up[0]).toBe('RENAME TABLE `posts` TO `articles`');
    expect(result.down.at(-1)).toBe('RENAME TABLE `articles` TO `posts`');
    expect(kit.calls[0]).toEqual([['authors', 'articles'], ['articles', 'authors']]);
  });
});
