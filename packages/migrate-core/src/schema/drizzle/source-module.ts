// TypeScript source loaded as a module without writing it anywhere: a module hook of the worker serves it at a
// file URL in the service's schema folder, so its imports (drizzle-orm, ...) resolve as the schema file's do,
// and tsx, registered after the hook, compiles it. Only the drizzle-kit worker uses this: hooks last as long
// as the thread that registered them.
import { register } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The hook: answers for its one URL, passes everything else on. Runs on Node's module hooks thread. */
const HOOKS = `
let served;
export function initialize(data) { served = data; }
export async function resolve(specifier, context, next) {
  return specifier === served.url ? { url: served.url, format: 'module', shortCircuit: true } : next(specifier, context);
}
export async function load(url, context, next) {
  return url === served.url ? { format: 'module', source: served.source, shortCircuit: true } : next(url, context);
}`;

let served = 0;

/**
 * Serves `code` at a path next to the schema file that nothing on disk holds, and returns that path. Register
 * tsx after calling this, so that tsx compiles the source the hook gives it.
 */
export function serveSource(schemaPath: string, code: string): string {
  served += 1;
  const path = join(dirname(schemaPath), `.migrate-core-source-${served}.ts`);
  register(`data:text/javascript,${encodeURIComponent(HOOKS)}`, { data: { url: pathToFileURL(path).href, source: code } });
  return path;
}
