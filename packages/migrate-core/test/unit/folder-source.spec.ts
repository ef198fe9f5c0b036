import { describe, expect, it } from 'vitest';
import { join, normalize, relative } from 'node:path';
import { shownPath } from '../../src/repository/shown.js';
import { childPath } from '../../src/repository/files.js';
import { memoryMigrations } from '../support/memory-fs.js';

// The engine's source re-reads an up.sql when its step runs: what runs must be what was verified at the start.
describe('a folder source loading a migration it listed', () => {
  const id = '20260101000000_users';
  const listedThen = async (up: string) => {
    const folder = memoryMigrations();
    folder.add(id, up, 'DROP TABLE users;');
    const [file] = await folder.source.list();
    return { folder, file: file! };
  };

  it('loads the file as listed', async () => {
    const { folder, file } = await listedThen('CREATE TABLE users (id int);\nINSERT INTO users VALUES (1);\n');
    expect((await folder.source.load(file, 'up')).map((statement) => statement.keyword)).toEqual(['CREATE TABLE', 'INSERT']);
  });

  it('loads a file edited since only in layout: its checksum is the same', async () => {
    const { folder, file } = await listedThen('CREATE TABLE users (id int);\n');
    folder.add(id, 'CREATE  TABLE users (id int);\r\n\r\n');
    expect((await folder.source.load(file, 'up')).map((statement) => statement.keyword)).toEqual(['CREATE TABLE']);
  });

  it('refuses a file edited since it was listed, naming it', async () => {
    const { folder, file } = await listedThen('CREATE TABLE users (id int);\n');
    folder.add(id, 'CREATE TABLE users (id bigint);\n');
    await expect(folder.source.load(file, 'up')).rejects.toThrow(/services\/first\/migrations\/20260101000000_users\/up\.sql changed while this run was going on/);
  });

  it('refuses a file whose listing another run replaced with an edited one', async () => {
    const { folder, file } = await listedThen('CREATE TABLE users (id int);\n');
    folder.add(id, 'CREATE TABLE users (id bigint);\n');
    await folder.source.list();
    await expect(folder.source.load(file, 'up')).rejects.toThrow(/changed while this run was going on/);
  });
});

// Listing hundreds of migrations builds and shows thousands of paths without join() and relative(); what they give
// must be what those would.
describe('paths of a migrations folder', () => {
  const roots = ['/ws', '/ws/', '/', '/w s', '//ws', '/ws/./x', '/ws/../ws', 'ws', ''];
  const paths = ['/ws/services/a/migrations/20260101000000_x/up.sql', '/ws/a//b', '/ws/./a', '/ws/a/..', '/ws/a/', '/ws', '/w', '/wsx/a', '/ws/.a/b..', '/w s/a', '//ws/a', 'ws/a'];

  it('shows every path as relative() does', () => {
    for (const root of roots) for (const path of paths) expect([root, path, shownPath(path, root)]).toEqual([root, path, root ? relative(root, path) : path]);
  });

  it('builds every child path as join() does', () => {
    for (const parent of ['/ws/migrations', '/ws/migrations/', '/', '.', 'migrations', '../m']) {
      for (const name of ['up.sql', '20260101000000_x', '.hidden']) expect(childPath(normalize(parent), name)).toBe(join(parent, name));
    }
  });
});
