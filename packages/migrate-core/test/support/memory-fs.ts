// A migrations folder in memory: the repository's FsLike over a map of paths, for tests with no disk.
import type { FsLike } from '../../src/repository/files.js';
import { createFolderSource, type MigrationSource } from '../../src/repository/source.js';

/** Paths are POSIX and absolute; folders exist when something is inside them (or mkdir made them). */
export function memoryFs(): FsLike & { readonly files: Map<string, string> } {
  const files = new Map<string, string>();
  const dirs = new Set<string>();
  const under = (path: string) => [...files.keys(), ...dirs].filter((candidate) => candidate.startsWith(`${path}/`));
  return {
    files,
    list(path) {
      const entries = new Map<string, boolean>();
      for (const candidate of under(path)) {
        const [name, ...rest] = candidate.slice(path.length + 1).split('/');
        entries.set(name!, entries.get(name!) === true || rest.length > 0 || dirs.has(`${path}/${name}`));
      }
      return [...entries].map(([name, isDirectory]) => ({ name, isDirectory }));
    },
    readFile(path) {
      const text = files.get(path);
      if (text === undefined) throw Object.assign(new Error(`ENOENT: no such file, open '${path}'`), { code: 'ENOENT' });
      return text;
    },
    readBytes(path) {
      const text = files.get(path);
      if (text === undefined) throw Object.assign(new Error(`ENOENT: no such file, open '${path}'`), { code: 'ENOENT' });
      return new TextEncoder().encode(text);
    },
    exists: (path) => files.has(path) || dirs.has(path) || under(path).length > 0,
    writeFile: (path, text) => void files.set(path, text),
    mkdir: (path) => void dirs.add(path),
    rename(from, to) {
      if (under(to).length > 0) throw new Error(`${to} exists`);
      for (const [path, text] of [...files]) {
        if (!path.startsWith(`${from}/`)) continue;
        files.delete(path);
        files.set(`${to}${path.slice(from.length)}`, text);
      }
    },
  };
}

export interface MemoryMigrations {
  readonly dir: string;
  readonly source: MigrationSource;
  /** Writes (or rewrites) a migration's up.sql, and its down.sql when given. */
  add(id: string, up: string, down?: string): void;
}

/** A migrations folder in memory and the engine's source over it. */
export function memoryMigrations(dir = '/ws/services/first/migrations'): MemoryMigrations {
  const fs = memoryFs();
  return {
    dir,
    source: createFolderSource(dir, { fs, root: '/ws' }),
    add(id, up, down) {
      fs.writeFile(`${dir}/${id}/up.sql`, up);
      if (down !== undefined) fs.writeFile(`${dir}/${id}/down.sql`, down);
    },
  };
}

export const USERS = '20260101000000_users';
export const ORDERS = '20260102000000_orders';
export const AUDIT = '20260103000000_audit';

/** Three migrations in memory: users, orders (a table and a data statement), audit; each with its down. */
export function threeMigrations(): MemoryMigrations {
  const folder = memoryMigrations();
  folder.add(USERS, 'CREATE TABLE users (id int);', 'DROP TABLE users;');
  folder.add(ORDERS, 'CREATE TABLE orders (id int);\nINSERT INTO orders VALUES (1);', 'DROP TABLE orders;');
  folder.add(AUDIT, 'CREATE TABLE audit (id int);', 'DROP TABLE audit;');
  return folder;
}
