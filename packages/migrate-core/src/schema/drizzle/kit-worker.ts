// The drizzle-kit worker (started by kit.ts): loads drizzle-kit/api once, then answers the requests of one
// command. Everything that touches globals or loads user modules happens here, in the worker's own globals.
import { parentPort } from 'node:worker_threads';
import { loadDrizzleKit } from './kit-api.js';
import { toErrorData, type KitAnswer, type KitRequest } from './kit-protocol.js';
import { loadSchemas } from './loader.js';
import { schemaSnapshot } from './schema-snapshot.js';

const port = parentPort;
if (port === null) throw new Error('kit-worker.js runs as a worker thread (started by kit.ts), not on its own.');

// Started at once, so that drizzle-kit loads while the caller reads its migrations folder. drizzle-orm is loaded
// before tsx is registered: a schema's imports of it then find it loaded instead of going through tsx's hooks.
const kit = loadDrizzleKit();
const orm = Promise.all([import('drizzle-orm'), import('drizzle-orm/mysql-core')]);
kit.catch(() => {}); // reported with the first request
orm.catch(() => {});

async function answer(request: KitRequest): Promise<unknown> {
  if (request.op === 'diff') return (await kit).diff(request.from, request.to);
  await orm;
  const loaded = await loadSchemas(request.service, request.options.source);
  return schemaSnapshot(await kit, request.service, loaded, request.options);
}

/** Sends the answer as JSON text; a value JSON cannot hold becomes an error answer. */
function send(id: number, reply: () => KitAnswer): void {
  let text: string;
  try {
    text = JSON.stringify(reply());
  } catch (error) {
    text = JSON.stringify({ id, ok: false, error: toErrorData(error) } satisfies KitAnswer);
  }
  port!.postMessage(text);
}

port.on('message', (text: string) => {
  const request = JSON.parse(text) as KitRequest;
  answer(request).then(
    (value) => send(request.id, () => ({ id: request.id, ok: true, value })),
    (error: unknown) => send(request.id, () => ({ id: request.id, ok: false, error: toErrorData(error) })),
  );
});
