import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { expect } from 'vitest';
import type { KitSnapshot } from '../../src/schema/drizzle/kit-snapshot.js';
import { runCli } from '../../../../test/support/cli.js';
import { serverUrl } from '../../../../test/support/db.js';
import type { TempWorkspace } from '../../../../test/support/workspace.js';

interface DrizzleKitApi {
  generateMySQLDrizzleJson(imports: Record<string, unknown>): Promise<KitSnapshot>;
  generateMySQLMigration(prev: unknown, cur: unknown): Promise<string[]>;
}

/** drizzle-kit's own API, untouched by migrate-core. */
export const kit = createRequire(import.meta.url)('drizzle-kit/api') as DrizzleKitApi;

/** drizzle-kit's snapshot of a schema file, loaded through tsx. */
export async function snapshotOfSchemaFile(path: string): Promise<KitSnapshot> {
  const { tsImport } = await import('tsx/esm/api');
  return kit.generateMySQLDrizzleJson(await tsImport(pathToFileURL(path).href, import.meta.url) as Record<string, unknown>);
}

/** Runs the CLI in the workspace against the test server. */
export const cli = (ws: TempWorkspace, argv: readonly string[]) => runCli(argv, { cwd: ws.root, env: { DATABASE_URL: serverUrl() } });

/** `generate --name <name> --json` for the service; returns the new migration's id. */
export async function generate(ws: TempWorkspace, service: string, name: string): Promise<string> {
  const result = await cli(ws, ['generate', '--service', service, '--name', name, '--json']);
  expect(result.code, result.stderr + result.stdout).toBe(0);
  const document = JSON.parse(result.stdout) as { outcome: string; id?: string };
  expect(document.outcome).toBe('written');
  return document.id!;
}
