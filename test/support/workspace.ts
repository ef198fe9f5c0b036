import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ROOT } from './cli.js';

export interface MigrationFiles {
  readonly up: string;
  readonly down?: string;
  readonly snapshot?: unknown;
}

export interface ServiceSpec {
  /** migrate.config.json contents (default `{ "database": <database> }`). */
  readonly config?: Record<string, unknown>;
  readonly database?: string;
  /** src/schema.ts contents. */
  readonly schema?: string;
  readonly migrations?: Record<string, MigrationFiles>;
}

export interface TempWorkspace {
  readonly root: string;
  serviceDir(name: string): string;
  writeMigration(service: string, id: string, files: MigrationFiles): void;
  write(relativePath: string, text: string): void;
  cleanup(): void;
}

/**
 * A throwaway workspace (nx.json + services/...) whose node_modules is this repository's, so that the CLI
 * and service schemas resolve their packages.
 */
export function makeWorkspace(services: Record<string, ServiceSpec>): TempWorkspace {
  const root = mkdtempSync(join(tmpdir(), 'migrate-ws-'));
  writeFileSync(join(root, 'nx.json'), '{}\n');
  writeFileSync(join(root, 'package.json'), '{ "name": "temp-workspace", "private": true, "type": "module" }\n');
  symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
  const ws: TempWorkspace = {
    root,
    serviceDir: (name) => join(root, 'services', name),
    write(relativePath, text) {
      const file = join(root, relativePath);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, text);
    },
    writeMigration(service, id, files) {
      const dir = join(root, 'services', service, 'migrations', id);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'up.sql'), files.up);
      if (files.down !== undefined) writeFileSync(join(dir, 'down.sql'), files.down);
      if (files.snapshot !== undefined) writeFileSync(join(dir, 'snapshot.json'), `${JSON.stringify(files.snapshot, null, 2)}\n`);
    },
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
  for (const [name, spec] of Object.entries(services)) {
    ws.write(`services/${name}/package.json`, `${JSON.stringify({ name: `@test/${name}`, private: true, type: 'module', nx: { name } }, null, 2)}\n`);
    ws.write(`services/${name}/migrate.config.json`, `${JSON.stringify(spec.config ?? { database: spec.database ?? name }, null, 2)}\n`);
    if (spec.schema !== undefined) ws.write(`services/${name}/src/schema.ts`, spec.schema);
    mkdirSync(join(root, 'services', name, 'migrations'), { recursive: true });
    for (const [id, files] of Object.entries(spec.migrations ?? {})) ws.writeMigration(name, id, files);
  }
  return ws;
}

/** Copies a service of this repository (schema and migrations) into a temp workspace. */
export function copyRepoService(ws: TempWorkspace, name: string, as = name): void {
  cpSync(join(ROOT, 'services', name), ws.serviceDir(as), { recursive: true, filter: (src) => !src.includes('node_modules') });
}

/**
 * A throwaway copy of this repository's workspace (config, Nx plugin, scripts, services), with node_modules
 * symlinked: Nx, the CLI and the dev database run in it as in the real one, but on its own `.dev-db`.
 */
export function copyRepoWorkspace(): TempWorkspace {
  const ws = makeWorkspace({});
  for (const entry of ['nx.json', '.env', 'package.json', 'package-lock.json', 'tsconfig.base.json', 'tools/nx-plugin', 'tools/scripts', 'services']) {
    cpSync(join(ROOT, entry), join(ws.root, entry), { recursive: true, filter: (src) => !src.includes('node_modules') });
  }
  return ws;
}
