// Loads a service's Drizzle schema (TypeScript) at run time with tsx, and the schemas of the other services it
// imports tables from, in one module graph, so that a table imported from another service is the very same
// object as that service's export. Runs in the drizzle-kit worker (kit-worker.ts): tsx's hooks and the loaded
// modules are the worker's own.
import { existsSync } from 'node:fs';
import { relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadService, type ServiceContext } from '../../config/load.js';
import { listServices, SERVICES_DIR } from '../../config/workspace.js';
import { MigrateError } from '../../errors.js';
import { shownPathsIn } from '../../repository/index.js';
import { serveSource } from './source-module.js';

export interface LoadedSchemas {
  /** The exports of the service's schema module. */
  readonly exports: Record<string, unknown>;
  /** Every value exported by another service's schema that this schema's module graph reaches, -> that service. */
  readonly otherExports: ReadonlyMap<unknown, string>;
  readonly notes: readonly string[];
}

/** A schema module to import: a file, or source served at `path` (nothing on disk there). */
interface SchemaModule {
  readonly path: string;
  /** How messages name it. */
  readonly shown: string;
  readonly served: boolean;
}

/** The first stack frame in the workspace (not in node_modules), as `file:line:column`. */
function whereIn(error: unknown, root: string, module: SchemaModule): string | undefined {
  const stack = error instanceof Error ? (error.stack ?? '') : '';
  // tsx maps frames back to the .ts source and prints plain paths; other loaders print file:// URLs.
  for (const match of stack.matchAll(/((?:file:\/\/)?\/[^\s()]+?):(\d+):(\d+)/g)) {
    const location = match[1]!.replace(/\?.*$/, '');
    const path = location.startsWith('file:') ? fileURLToPath(location) : location;
    const shown = path === module.path ? module.shown : relative(root, path);
    if (!path.includes(`${sep}node_modules${sep}`) && path.startsWith(root)) return `${shown}:${match[2]}:${match[3]}`;
  }
  return undefined;
}

async function importSchema(service: ServiceContext, module: SchemaModule): Promise<Record<string, unknown>> {
  const { shown } = module;
  if (!module.served && !existsSync(module.path)) {
    throw new MigrateError('SOURCE', `The schema file ${shown} does not exist.`,
      { hint: `Create it, exporting the service's tables (mysqlTable), or point "schema" in ${relative(service.root, service.configFile)} at it.` });
  }
  try {
    return (await import(pathToFileURL(module.path).href)) as Record<string, unknown>;
  } catch (error) {
    const said = error instanceof Error ? error.message : String(error);
    // Source served from memory has no file: messages name it by its description; other files relative to the workspace.
    const served = module.served ? said.replaceAll(pathToFileURL(module.path).href, shown).replaceAll(module.path, shown) : said;
    const message = shownPathsIn(served, service.root);
    const where = whereIn(error, service.root, module);
    throw new MigrateError('SOURCE', `Cannot load ${shown}: ${message}${where && !message.includes(where) ? `\n    at ${where}` : ''}`,
      { cause: error, hint: module.served ? 'drizzle-orm must resolve from the service folder (npm ls drizzle-orm shows it); then run the command again.' : `Fix ${shown} (or the module it names), then run the command again.` });
  }
}

const fileModule = (service: ServiceContext, path: string): SchemaModule => ({ path, shown: relative(service.root, path), served: false });

/** The other services whose folders hold a module the schema imported. */
function reachedServices(service: ServiceContext, imported: readonly string[]): string[] {
  const files = imported.filter((url) => url.startsWith('file:')).map((url) => fileURLToPath(url.replace(/\?.*$/, '')));
  return listServices(service.root).filter((name) => name !== service.service
    && files.some((file) => file.startsWith(`${service.root}${sep}${SERVICES_DIR}${sep}${name}${sep}`)));
}

async function otherServiceExports(service: ServiceContext, others: readonly string[], notes: string[]): Promise<Map<unknown, string>> {
  const owners = new Map<unknown, string>();
  for (const name of others) {
    try {
      const other = await loadService(service.root, name);
      const exports = await importSchema(other, fileModule(other, other.schemaPath));
      for (const value of Object.values(exports)) if (typeof value === 'object' && value !== null && !owners.has(value)) owners.set(value, name);
    } catch (error) {
      notes.push(`could not load service ${name}'s schema to tell its tables apart (${(error as Error).message.split('\n')[0]}); its tables imported here count as ${service.service}'s`);
    }
  }
  return owners;
}

/**
 * Imports the service's schema module (or `source`, TypeScript served from memory as if it were a file next to
 * the schema file) through tsx, then the schemas of the other services it reached (a service may import
 * another's table for queries), all in one module graph. Errors name the service and file.
 */
export async function loadSchemas(service: ServiceContext, source?: { code: string; description: string }): Promise<LoadedSchemas> {
  const module = source ? { path: serveSource(service.schemaPath, source.code), shown: source.description, served: true } : fileModule(service, service.schemaPath);
  const { register } = await import('tsx/esm/api');
  const imported: string[] = [];
  const unregister = register({ onImport: (url: string) => { imported.push(url); } });
  try {
    const exports = await importSchema(service, module);
    const notes: string[] = [];
    const otherExports = await otherServiceExports(service, reachedServices(service, imported), notes);
    return { exports, otherExports, notes };
  } finally {
    await unregister();
  }
}
