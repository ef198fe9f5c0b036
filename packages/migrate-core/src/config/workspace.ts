import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { SERVICE_CONFIG_FILE } from './service-config.js';

export const SERVICES_DIR = 'services';

/** The nearest folder upwards holding nx.json (the workspace root), else the starting folder. */
export function findWorkspaceRoot(from: string): string {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'nx.json'))) return dir;
    if (dirname(dir) === dir) return resolve(from);
  }
}

/** Names of the folders under services/ that hold a migrate.config.json. */
export function listServices(root: string): string[] {
  const dir = join(root, SERVICES_DIR);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, SERVICE_CONFIG_FILE)))
    .map((entry) => entry.name)
    .sort();
}
