// Loaded with `node --require` into the CLI's own process (the bin and its bundle, as users run them) by the
// profile suite; CommonJS, so that it starts no ES module loader the CLI would not start itself. It times every
// connection and query through mysql2's diagnostics channels and, when the bin compiles its bundle with
// node:vm (with a V8 code cache), that compilation and the bundle's first evaluation. At exit it writes what it
// saw, and the process's CPU time, as JSON to the file BENCH_PROFILE_OUT names. Times are ms since the process
// started (performance.now()).
'use strict';
const { subscribe } = require('node:diagnostics_channel');
const { writeFileSync } = require('node:fs');
const vm = require('node:vm');

const hookStart = performance.now();
const out = process.env.BENCH_PROFILE_OUT;
if (!out) throw new Error('the profile hook needs BENCH_PROFILE_OUT');

/** @type {{ compileMs: number, evaluateMs: number, codeCache: string } | undefined} */
let bundle;
// The bin compiles its bundle as one vm.Script and calls the function it evaluates to: time both, once.
const Script = vm.Script;
vm.Script = class TimedScript extends Script {
  /** @param {string} code @param {import('node:vm').ScriptOptions} [options] */
  constructor(code, options) {
    const started = performance.now();
    super(code, options);
    if (bundle !== undefined) return;
    const rejected = /** @type {any} */ (this).cachedDataRejected;
    const entry = { compileMs: performance.now() - started, evaluateMs: 0, codeCache: options?.cachedData ? (rejected ? 'rejected' : 'accepted') : 'none' };
    bundle = entry;
    const run = this.runInThisContext.bind(this);
    this.runInThisContext = (/** @type {any[]} */ ...args) => {
      const wrapper = run(...args);
      return typeof wrapper !== 'function' ? wrapper : (/** @type {any[]} */ ...params) => {
        const evaluating = performance.now();
        try {
          return wrapper(...params);
        } finally {
          entry.evaluateMs = performance.now() - evaluating;
        }
      };
    };
  }
};

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

const hookEnd = performance.now();
process.on('exit', () => {
  const cpu = process.cpuUsage();
  writeFileSync(/** @type {string} */ (out), JSON.stringify({
    hookStart, hookEnd, bundle, connect, queries, exit: performance.now(), cpuMs: (cpu.user + cpu.system) / 1000,
  }));
});
