import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildMigrateTargets } from '../../src/targets.mjs';
import { readServiceLayout } from '../../src/service-layout.mjs';
import { createNodes, createNodesV2, SERVICE_CONFIG_GLOB } from '../../src/plugin.mjs';

const root = mkdtempSync(join(tmpdir(), 'nx-plugin-nodes-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function write(path: string, text = '{}\n') {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), text);
}
write('services/first/migrate.config.json');
write('services/first/package.json', '{ "name": "@repo/first", "nx": { "name": "first" } }\n');
write('services/order-history/migrate.config.json', '{ "schema": "db/schema.ts", "migrations": "sql" }\n');
write('services/order-history/package.json', '{ "name": "@repo/order-history" }\n');
write('services/broken/migrate.config.json', '{ not json\n');
write('services/broken/package.json', '{ "name": "@repo/broken" }\n');
// A config without a package.json next to it: not a project.
write('services/orphan/migrate.config.json');

const [glob, create] = createNodes;
const context = { workspaceRoot: root, nxJsonConfiguration: {} };
const files = ['services/first/migrate.config.json', 'services/order-history/migrate.config.json', 'services/broken/migrate.config.json', 'services/orphan/migrate.config.json'];

describe('createNodes', () => {
  it('matches services/*/migrate.config.json only', () => {
    expect(glob).toBe(SERVICE_CONFIG_GLOB);
    expect(glob).toBe('services/*/migrate.config.json');
    expect(createNodesV2).toBe(createNodes);
  });

  it('makes each service folder with a package.json a project with the targets, named by its folder', async () => {
    const results = await create(files, undefined, context);
    const byFile = Object.fromEntries(results);
    expect(Object.keys(byFile)).toEqual(files);
    expect(byFile['services/first/migrate.config.json']).toEqual({
      projects: { 'services/first': { targets: buildMigrateTargets('services/first', 'first', {}, readServiceLayout(root, 'services/first')), implicitDependencies: ['nx-plugin'] } },
    });
    const orderHistory = byFile['services/order-history/migrate.config.json']?.projects?.['services/order-history'];
    expect(orderHistory?.targets?.migrate?.command).toBe('migrate-core migrate --service order-history');
    expect(orderHistory?.targets?.check?.inputs?.slice(0, 3)).toEqual(['{projectRoot}/migrate.config.json', '{projectRoot}/db/**/*', '{projectRoot}/sql/**/*']);
    expect(byFile['services/orphan/migrate.config.json']).toEqual({});
  });

  it('still gives a service whose config cannot be read every target (check then reports the config)', async () => {
    const [[, result]] = await create(['services/broken/migrate.config.json'], undefined, context) as [[string, { projects: Record<string, { targets: Record<string, { command?: string, inputs?: unknown[] }> }> }]];
    const targets = result.projects['services/broken']!.targets;
    expect(Object.keys(targets)).toHaveLength(8);
    expect(targets.check!.command).toBe('migrate-core check --service broken');
    expect(targets.check!.inputs![0]).toBe('{projectRoot}/**/*');
  });

  it('passes the plugin options to the targets', async () => {
    const [entry] = await create(['services/first/migrate.config.json'], { cli: 'custom-cli' }, context);
    expect(entry?.[1].projects?.['services/first']?.targets?.status?.command).toBe('custom-cli status --service first');
  });
});
