// drizzle-kit, the service's schema module and tsx run in a worker thread with its own globals and its own module
// graph: drizzle-kit may print, call process.exit (which ends only the worker) or try to prompt (a worker has no
// terminal), and loading one service's schema changes nothing for another run in the same process. Requests and
// answers cross as JSON text; the caller's process, console and modules are never touched.
import { Worker } from 'node:worker_threads';
import type { ServiceContext } from '../../config/load.js';
import { MigrateError } from '../../errors.js';
import { fromErrorData, withoutColours, type KitAnswer, type KitRequestBody, type SchemaOptions, type SchemaSnapshot } from './kit-protocol.js';
import type { KitSnapshot } from './kit-snapshot.js';

export type { SchemaOptions, SchemaSnapshot } from './kit-protocol.js';

/** drizzle-kit for one command: the service's schema snapshot and the diff between two snapshots. */
export interface Kit {
  /**
   * The service's snapshot: its schema module loaded (or `options.source`), its own tables kept (the schema
   * filter), normalised for MariaDB. A schema without tables is a GENERATE error unless `allowNoTables`.
   */
  schema(service: ServiceContext, options?: SchemaOptions): Promise<SchemaSnapshot>;
  /** The SQL statements that take a database from `from` to `to`. */
  diff(from: KitSnapshot, to: KitSnapshot): Promise<string[]>;
}

/** The most of the worker's own output kept, to explain a worker that stopped. */
const OUTPUT_KEPT = 4000;

/**
 * The worker: the compiled kit-worker.js next to this module (the CLI bundle has it next to its chunks); when
 * this module runs as TypeScript source (tests), kit-worker.ts through tsx.
 */
function startWorker(): Worker {
  const options = { stdout: true, stderr: true, name: 'migrate-core drizzle-kit' } as const;
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./kit-worker.js', import.meta.url), options);
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./kit-worker.ts', import.meta.url).href;
  const boot = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(boot, { ...options, eval: true });
}

/** Starts a worker; `close()` ends it. Prefer `withKit`, which always closes. */
export function openKit(): Kit & { close(): Promise<void> } {
  const worker = startWorker();
  const pending = new Map<number, { what: string; resolve(value: unknown): void; reject(error: Error): void }>();
  let output = '';
  let stopped: Error | undefined;
  let nextId = 1;
  const collect = (chunk: Buffer | string) => { output = (output + String(chunk)).slice(-OUTPUT_KEPT); };
  worker.stdout.on('data', collect);
  worker.stderr.on('data', collect);
  const failAll = (error: Error) => {
    stopped ??= error;
    for (const request of pending.values()) request.reject(error);
    pending.clear();
  };
  worker.on('message', (text: string) => {
    const answer = JSON.parse(text) as KitAnswer;
    const request = pending.get(answer.id);
    pending.delete(answer.id);
    if (answer.ok) request?.resolve(answer.value);
    else request?.reject(fromErrorData(answer.error));
  });
  worker.on('error', (error) => failAll(new MigrateError('GENERATE', `drizzle-kit's worker failed: ${error.message}`, { cause: error })));
  worker.on('exit', (code) => {
    const said = withoutColours(output).trim();
    const what = pending.values().next().value?.what ?? 'run drizzle-kit';
    failAll(new MigrateError('GENERATE', `Could not ${what}: the worker doing it exited (code ${code})${said === '' ? '.' : `, saying: ${said}`}`,
      { hint: 'A schema module must not call process.exit; fix what the message names, then run the command again.' }));
  });
  const call = <T>(what: string, request: KitRequestBody) => new Promise<T>((resolve, reject) => {
    if (stopped) return reject(stopped);
    const id = nextId++;
    pending.set(id, { what, resolve: resolve as (value: unknown) => void, reject });
    worker.postMessage(JSON.stringify({ ...request, id }));
  });
  return {
    schema: (service, options = {}) => call<SchemaSnapshot>(`load the schema of service ${service.service}`, { op: 'schema', service, options }),
    diff: (from, to) => call<string[]>('compare the snapshots', { op: 'diff', from, to }),
    close: async () => {
      stopped ??= new MigrateError('GENERATE', 'drizzle-kit was already closed.');
      await worker.terminate();
    },
  };
}

/** Runs `use` with a drizzle-kit worker, and ends the worker when it settles. */
export async function withKit<T>(use: (kit: Kit) => Promise<T>): Promise<T> {
  const kit = openKit();
  try {
    return await use(kit);
  } finally {
    await kit.close();
  }
}
