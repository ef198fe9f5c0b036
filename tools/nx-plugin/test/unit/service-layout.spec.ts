import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { candidateFiles, resolveRelativeImport } from '../../src/imports.mjs';
import { importedFiles, isSchemaSource, readServiceLayout } from '../../src/service-layout.mjs';

const root = mkdtempSync(join(tmpdir(), 'nx-plugin-layout-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function write(path: string, text: string) {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), text);
}

write('services/plain/migrate.config.json', '{ "database": "plain" }\n');
write('services/plain/src/schema.ts', "import { int, mysqlTable } from 'drizzle-orm/mysql-core';\n");

write('services/shop/migrate.config.json', '{ "schema": "db/schema.ts", "migrations": "sql/migrations", "seed": [{ "file": "seeds/rows.sql", "after": "20261124190000_init" }] }\n');
write('services/shop/db/schema.ts', [
  "import { int, mysqlTable } from 'drizzle-orm/mysql-core';",
  "import { columns } from '../lib/columns.js';", // .js naming a .ts file
  "import { audit } from '../lib/audit';", // no extension
  "export * from '../lib/enums';", // a folder's index
  "import { local } from './local.ts';", // in the schema folder: covered by the folder
  "import { customers } from '../../crm/src/schema.ts';", // another service: a dependency, not followed
  "import '../lib/missing.ts';", // does not exist
].join('\n'));
write('services/shop/db/local.ts', 'export const local = 1;\n');
write('services/shop/lib/columns.ts', "import { created } from './time/created.ts';\nexport const columns = {};\n");
write('services/shop/lib/time/created.ts', "import { columns } from '../columns.ts';\nexport const created = 1;\n"); // a cycle
write('services/shop/lib/audit.ts', 'export const audit = 1;\n');
write('services/shop/lib/enums/index.ts', 'export const status = 1;\n');
write('services/shop/lib/unused.ts', 'export const unused = 1;\n');
write('services/crm/src/schema.ts', "import '../../shop/lib/unused.ts';\n");

write('services/broken/migrate.config.json', '{ "schema": "db/schema.ts", \n');
write('services/wrong-type/migrate.config.json', '{ "schema": 42 }\n');

describe('readServiceLayout', () => {
  it("uses the engine's defaults when the config names no paths", () => {
    expect(readServiceLayout(root, 'services/plain')).toEqual({
      schema: 'services/plain/src/schema.ts', schemaFolder: 'services/plain/src', migrations: 'services/plain/migrations', schemaImports: [], seeds: [],
    });
  });

  it('follows a moved schema and migrations folder, lists the files the schema imports inside the service, and the seed files', () => {
    expect(readServiceLayout(root, 'services/shop')).toEqual({
      schema: 'services/shop/db/schema.ts',
      schemaFolder: 'services/shop/db',
      migrations: 'services/shop/sql/migrations',
      schemaImports: ['services/shop/lib/columns.ts', 'services/shop/lib/audit.ts', 'services/shop/lib/enums/index.ts', 'services/shop/lib/time/created.ts'],
      seeds: ['services/shop/seeds/rows.sql'],
    });
  });

  it('gives undefined for a config that is not JSON, is missing, or names a path that is not text', () => {
    expect(readServiceLayout(root, 'services/broken')).toBeUndefined();
    expect(readServiceLayout(root, 'services/wrong-type')).toBeUndefined();
    expect(readServiceLayout(root, 'services/none')).toBeUndefined();
  });
});

describe('importedFiles', () => {
  it('stops at the service folder and at files that do not exist', () => {
    expect(importedFiles(root, 'services/crm', 'services/crm/src/schema.ts')).toEqual([]);
    expect(importedFiles(root, 'services/shop', 'services/shop/db/missing.ts')).toEqual([]);
  });
});

describe('resolveRelativeImport', () => {
  it('tries the specifier as written, .js as .ts, added extensions and index files', () => {
    expect(candidateFiles('s/db/schema.ts', '../lib/x.js').slice(0, 3)).toEqual(['s/lib/x.js', 's/lib/x.ts', 's/lib/x.tsx']);
    expect(resolveRelativeImport(root, 'services/shop/db/schema.ts', '../lib/enums')).toBe('services/shop/lib/enums/index.ts');
    expect(resolveRelativeImport(root, 'services/shop/db/schema.ts', 'drizzle-orm')).toBeUndefined();
    expect(resolveRelativeImport(root, 'services/shop/db/schema.ts', '../lib')).toBeUndefined();
  });
});

describe('isSchemaSource', () => {
  const layout = readServiceLayout(root, 'services/shop');
  it('is true in the schema folder and for imported files, false elsewhere in the service', () => {
    expect(isSchemaSource('services/shop/db/anything.ts', 'services/shop', layout)).toBe(true);
    expect(isSchemaSource('services/shop/lib/audit.ts', 'services/shop', layout)).toBe(true);
    expect(isSchemaSource('services/shop/lib/unused.ts', 'services/shop', layout)).toBe(false);
    expect(isSchemaSource('services/shop/src/schema.ts', 'services/shop', layout)).toBe(false);
  });
  it('without a layout, is true for every file of the service', () => {
    expect(isSchemaSource('services/broken/src/x.ts', 'services/broken', undefined)).toBe(true);
    expect(isSchemaSource('services/brokenx/src/x.ts', 'services/broken', undefined)).toBe(false);
  });
});
