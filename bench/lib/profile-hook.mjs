// Loaded with `node --import` into the CLI's own process (the bin and its bundle, as users run them) by the
// profile suite. It times loading the bundle and its mysql2 chunk (importing them first: the bin then finds them
// loaded), and every connection and query through mysql2's diagnostics channels; at exit it writes what it saw
// as JSON to the file BENCH_PROFILE_OUT names. Times are ms since the process started (performance.now()).
import { subscribe } from 'node:diagnostics_channel';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const hookStart = performance.now();
const out = process.env.BENCH_PROFILE_OUT ?? '';
const bundle = process.env.BENCH_PROFILE_BUNDLE ?? '';
if (!out || !bundle) throw new Error('the profile hook needs BENCH_PROFILE_OUT and BENCH_PROFILE_BUNDLE');

/** @param {string} file */
async function timedImport(file) {
  const started = performance.now();
  await import(pathToFileURL(join(bundle, file)).href);
  return performance.now() - started;
}
const bundleMs = await timedImport('main.js');
// esbuild names the chunk of `import('mysql2/promise')` after its entry, promise.js.
const mysql2Chunk = readdirSync(bundle).find((name) => /^promise-[A-Z0-9]+\.js$/.test(name));
if (!mysql2Chunk) throw new Error(`no mysql2 chunk (promise-*.js) in ${bundle}`);
const mysql2Ms = await timedImport(mysql2Chunk);
const hookEnd = performance.now();

/** @type {{ start: number, end: number } | undefined} */
let connect;
/** @type {Array<{ sql: string, start: number, end: number }>} */
const queries = [];
/** @type {WeakMap<object, { sql: string, start: number, end: number }>} */
const open = new WeakMap();
subscribe('tracing:mysql2:connect:start', () => {
  connect ??= { start: performance.now(), end: Number.NaN };
});
subscribe('tracing:mysql2:connect:asyncStart', () => {
  if (connect && Number.isNaN(connect.end)) connect.end = performance.now();
});
subscribe('tracing:mysql2:query:start', (message) => {
  const context = /** @type {{ query: string }} */ (message);
  const entry = { sql: String(context.query).slice(0, 300), start: performance.now(), end: Number.NaN };
  open.set(context, entry);
  queries.push(entry);
});
subscribe('tracing:mysql2:query:asyncStart', (message) => {
  const entry = open.get(/** @type {object} */ (message));
  if (entry && Number.isNaN(entry.end)) entry.end = performance.now();
});

process.on('exit', () => {
  writeFileSync(out, JSON.stringify({ hookStart, bundleMs, mysql2Ms, hookEnd, connect, queries, exit: performance.now() }));
});
