import { describe, expect, it } from 'vitest';
import { importedService, serviceDependencies } from '../../src/dependencies.mjs';
import { importSpecifiers } from '../../src/imports.mjs';

const layout = (root: string, schemaImports: string[] = []) => ({
  schema: `${root}/src/schema.ts`, schemaFolder: `${root}/src`, migrations: `${root}/migrations`, schemaImports,
});
const services = [
  { name: 'crm', root: 'services/crm', packageName: '@acme/crm', layout: layout('services/crm') },
  { name: 'shop', root: 'services/shop', packageName: '@acme/shop', layout: layout('services/shop') },
  { name: 'shopping', root: 'services/shopping', packageName: undefined, layout: layout('services/shopping') },
];
const [crm, shop, shopping] = services as [typeof services[0], typeof services[0], typeof services[0]];

describe('service dependencies from schema imports', () => {
  it('finds static, re-exported, dynamic and side-effect imports', () => {
    const text = [
      "import { int, mysqlTable } from 'drizzle-orm/mysql-core';",
      "import {\n  customers,\n  type Customer,\n} from '../../crm/src/schema.ts';",
      "export { orders } from \"./orders.ts\";",
      "export * from '@acme/crm/schema';",
      "const lazy = await import('../../crm/src/extra.ts');",
      "import './side-effect.ts';",
    ].join('\n');
    expect(importSpecifiers(text)).toEqual(['drizzle-orm/mysql-core', '../../crm/src/schema.ts', './orders.ts', '@acme/crm/schema', '../../crm/src/extra.ts', './side-effect.ts']);
  });

  it('maps a relative path into another service folder, or its package name, to that service; never to itself or a prefix-named one', () => {
    const file = 'services/shop/src/schema.ts';
    expect(importedService(file, '../../crm/src/schema.ts', shop, services)).toBe(crm);
    expect(importedService(file, '@acme/crm', shop, services)).toBe(crm);
    expect(importedService(file, '@acme/crm/schema', shop, services)).toBe(crm);
    expect(importedService(file, '@acme/crmx', shop, services)).toBeUndefined();
    expect(importedService(file, './orders.ts', shop, services)).toBeUndefined();
    expect(importedService(file, '../../shopping/src/schema.ts', shop, services)).toBe(shopping);
    expect(importedService('services/shopping/src/schema.ts', '../../shop/src/schema.ts', shopping, services)).toBe(shop);
    expect(importedService(file, 'drizzle-orm', shop, services)).toBeUndefined();
  });

  it("lists each service's dependencies once per file, from its schema folder's files only", () => {
    const files: Record<string, string> = {
      'services/shop/src/schema.ts': "import { customers } from '../../crm/src/schema.ts';\nexport { customers } from '../../crm/src/schema.ts';",
      'services/shop/src/views.ts': "import { reachable } from '@acme/crm/schema';",
      'services/shop/migrations/x/snapshot.json': "import '../../../crm/src/schema.ts'",
      'services/shop/README.md': "import '../crm/src/schema.ts'",
      'services/crm/src/schema.ts': "import { mysqlTable } from 'drizzle-orm/mysql-core';",
    };
    const byProject = {
      shop: Object.keys(files).filter((f) => f.startsWith('services/shop/')).map((file) => ({ file })),
      crm: [{ file: 'services/crm/src/schema.ts' }],
    };
    expect(serviceDependencies(services, byProject, (file) => files[file]!)).toEqual([
      { source: 'shop', target: 'crm', sourceFile: 'services/shop/src/schema.ts' },
      { source: 'shop', target: 'crm', sourceFile: 'services/shop/src/views.ts' },
    ]);
  });
});

describe('service dependencies follow the layout of migrate.config.json', () => {
  const files: Record<string, string> = {
    'services/shop/db/schema.ts': "import { columns } from '../lib/columns.ts';",
    'services/shop/lib/columns.ts': "import { customers } from '../../crm/src/schema.ts';",
    'services/shop/lib/unused.ts': "import '../../shopping/src/schema.ts';",
    'services/shop/src/old.ts': "import '../../shopping/src/schema.ts';",
  };
  const byProject = { shop: Object.keys(files).map((file) => ({ file })) };
  const read = (file: string) => files[file]!;

  it('reads the moved schema folder and the files the schema imports, not the rest of the service', () => {
    const shop = {
      name: 'shop', root: 'services/shop', packageName: undefined,
      layout: { schema: 'services/shop/db/schema.ts', schemaFolder: 'services/shop/db', migrations: 'services/shop/sql', schemaImports: ['services/shop/lib/columns.ts'] },
    };
    expect(serviceDependencies([shop, ...services.filter((s) => s.name !== 'shop')], byProject, read)).toEqual([
      { source: 'shop', target: 'crm', sourceFile: 'services/shop/lib/columns.ts' },
    ]);
  });

  it('reads every source file of a service whose config cannot be read', () => {
    const shop = { name: 'shop', root: 'services/shop', packageName: undefined, layout: undefined };
    expect(serviceDependencies([shop, ...services.filter((s) => s.name !== 'shop')], byProject, read).map((d) => d.target)).toEqual(['crm', 'shopping', 'shopping']);
  });
});
