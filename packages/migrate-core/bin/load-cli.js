// Loads the bundled CLI, dist/cli-bundle/cli.cjs (one CommonJS file: the compiled CLI and mysql2), compiled with
// the V8 code cache the build writes next to it, so that a command's start-up skips parsing and compiling most
// of the code; the first successful run of a frequent command adds the code it compiled (HEADER, learn). A cache
// V8 rejects (another Node version) or one older than the bundle is not used: the bundle is then compiled from
// its source, as Node would.
'use strict';
const { readFileSync, renameSync, rmSync, statSync, writeFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { dirname, join } = require('node:path');
const v8 = require('node:v8');
const vm = require('node:vm');

const BUNDLE = join(__dirname, '..', 'dist', 'cli-bundle', 'cli.cjs');
const CACHE = `${BUNDLE}.cache`;

/**
 * How much bytecode a function runs before V8 considers optimizing it (TurboFan), 1 MiB: about 16 times V8
 * 11's default (Node 20), 8 times V8 12's. A command lives for a fraction of a second to a few seconds: with the
 * default, V8 optimizes hundreds of functions that run a few hundred times, on a second thread that takes CPU
 * from the database server on small machines, and the compiler's memory made peak RSS grow with the number of
 * migrations. Code that runs long (the lexer over a large file, a fleet of databases) is still optimized.
 * Measured in bench/README.md ("V8's tier-up").
 */
const INTERRUPT_BUDGET = 1024 * 1024;

/** V8 versions known to have `--interrupt-budget` (an unknown flag is reported on stderr, so none is guessed). */
const hasInterruptBudget = () => {
  const major = Number(process.versions.v8.split('.')[0]);
  return major >= 11 && major <= 13;
};

/**
 * The process's V8 settings, the same when the cache is written and when it is used (V8 rejects a cache made
 * under other flags). A command's live data is a few MiB, but over a long run V8 keeps doubling its young
 * generation (up to 16 MiB per semi-space), so peak memory would rise with the number of migrations: not
 * growing it keeps memory flat. The optimizing compiler starts later (INTERRUPT_BUDGET).
 */
function tuneV8() {
  v8.setFlagsFromString('--semi-space-growth-factor=1');
  if (hasInterruptBudget()) v8.setFlagsFromString(`--interrupt-budget=${INTERRUPT_BUDGET}`);
}

/** @param {string} source @param {Buffer | undefined} cachedData */
function compile(source, cachedData) {
  // Node's CommonJS wrapper, plus the loader of packages that are ES modules only (see bundle-cli.mjs).
  const wrapped = `(function (exports, require, module, __filename, __dirname, importExternal) {${source}\n})`;
  return new vm.Script(wrapped, { filename: BUNDLE, ...(cachedData ? { cachedData } : {}) });
}

/** @param {import('node:vm').Script} script */
function evaluate(script) {
  const module = { exports: {} };
  const importExternal = (/** @type {string} */ specifier) => import(specifier);
  script.runInThisContext()(module.exports, createRequire(BUNDLE), module, BUNDLE, dirname(BUNDLE), importExternal);
  return /** @type {typeof import('../dist/cli/main.js') & { warm(): Promise<void> }} */ (module.exports);
}

/** The bundle is ASCII only (bundle-cli.mjs checks): latin1 reads it faster than UTF-8, as a one-byte string. */
const readSource = () => readFileSync(BUNDLE, 'latin1');

/**
 * The cache file: a header line naming the commands whose code it holds, `migrate-core code cache 1 ["status"]`,
 * then V8's data. The build writes it with none (the modules' top-level code only, see writeCodeCache): the
 * functions a command calls are compiled when first called, at every run. The first run of `migrate`, `status`
 * or `rollback` that ends with exit status 0 writes it again (learn), with the code that command compiled added,
 * so that its next runs skip compiling it (`migrate` of one migration: 25 ms less CPU; bench/README.md).
 */
const HEADER = 'migrate-core code cache 1 ';

/** @returns {{ data: Buffer, learned: string[] } | undefined} the cache, when it was written after the bundle and reads as one */
function readCache() {
  let file;
  try {
    if (statSync(CACHE).mtimeMs < statSync(BUNDLE).mtimeMs) return undefined;
    file = readFileSync(CACHE);
  } catch {
    return undefined;
  }
  const end = file.indexOf(10);
  if (end < 0 || file.toString('latin1', 0, HEADER.length) !== HEADER) return undefined;
  try {
    const learned = JSON.parse(file.toString('latin1', HEADER.length, end));
    return Array.isArray(learned) ? { data: file.subarray(end + 1), learned: learned.map(String) } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Writes what V8 has compiled of `script` so far, naming `learned`: to a file of its own, then renamed over the
 * cache, so that a process reading it meanwhile (Nx runs several commands at once) sees the old one or the new.
 * @param {import('node:vm').Script} script @param {readonly string[]} learned
 */
function writeCache(script, learned) {
  const temporary = `${CACHE}.tmp-${process.pid}`;
  try {
    writeFileSync(temporary, Buffer.concat([Buffer.from(`${HEADER}${JSON.stringify(learned)}\n`, 'latin1'), script.createCachedData()]));
    renameSync(temporary, CACHE);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/**
 * The commands whose code the cache learns: those run most, and in a fraction of a second, where compiling is a
 * large part of the time (the others take seconds, or a worker of their own, and would only make the cache, which
 * V8 reads whole at every start, larger).
 */
const LEARNED_COMMANDS = ['migrate', 'status', 'rollback'];

/**
 * @returns {{ cli: typeof import('../dist/cli/main.js'), codeCache: 'accepted' | 'rejected' | 'missing', learn(command: unknown): void } | undefined}
 *   undefined when the package is not built. `learn(command)`, called once the command has ended with exit status
 *   0, adds the code it compiled to the cache when the cache does not name it yet (or was not used); a package
 *   that cannot be written to keeps its cache, and the command its exit status.
 */
function loadCli() {
  tuneV8();
  let source;
  try {
    source = readSource();
  } catch (error) {
    if (/** @type {NodeJS.ErrnoException} */ (error).code === 'ENOENT') return undefined;
    throw error;
  }
  const cache = readCache();
  const script = compile(source, cache?.data);
  const cli = evaluate(script);
  const codeCache = cache === undefined ? 'missing' : script.cachedDataRejected ? 'rejected' : 'accepted';
  const learned = codeCache === 'accepted' ? /** @type {{ learned: string[] }} */ (cache).learned : [];
  const learn = (/** @type {unknown} */ command) => {
    if (typeof command !== 'string' || !LEARNED_COMMANDS.includes(command) || learned.includes(command)) return;
    try {
      writeCache(script, [...learned, command]);
    } catch {
      // A read-only package or a full disk: the next run compiles that code again, as before.
    }
  };
  return { cli, codeCache, learn };
}

/**
 * Writes the code cache (the build runs it in a fresh process): the bundle is compiled and evaluated, the
 * modules a migration and a status load later are evaluated too (`warm`), and what V8 compiled is saved.
 */
async function writeCodeCache() {
  tuneV8();
  const script = compile(readSource(), undefined);
  await evaluate(script).warm();
  writeCache(script, []);
}

module.exports = { loadCli, writeCodeCache };
