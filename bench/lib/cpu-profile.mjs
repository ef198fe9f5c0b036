// Reads a V8 CPU profile (`node --cpu-prof`) of the CLI and adds up where its samples fell: Node's own start-up
// and module loader, each package inside the CLI bundle (esbuild marks every module with a `// <path>` comment),
// the engine's folders, garbage collection, and idle time (waiting on the server).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** `// node_modules/mysql2/lib/x.js` -> `mysql2`; `// packages/migrate-core/dist/engine/x.js` -> `migrate-core: engine`. @param {string} path */
function packageOf(path) {
  const module = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (module) return /** @type {string} */ (module[1]);
  const own = /packages\/migrate-core\/dist\/([^/]+)/.exec(path);
  if (own) return `migrate-core: ${/** @type {string} */ (own[1]).replace(/\.js$/, '')}`;
  return path;
}

/** Line numbers (0-based) where each bundled module starts, and its package. @param {string} file */
function markersOf(file) {
  /** @type {Array<{ line: number, name: string }>} */
  const markers = [];
  readFileSync(file, 'utf8').split('\n').forEach((text, line) => {
    const found = /^\/\/ ((?:node_modules|packages)\/\S+)$/.exec(text);
    if (found) markers.push({ line, name: packageOf(/** @type {string} */ (found[1])) });
  });
  return markers;
}

/**
 * @param {string} profileFile a .cpuprofile

 * @returns {{ totalMs: number, categories: Array<{ category: string, ms: number }> }} self time by category, largest first
 */
export function summarizeCpuProfile(profileFile) {
  const profile = JSON.parse(readFileSync(profileFile, 'utf8'));
  /** @type {Map<string, Array<{ line: number, name: string }>>} */
  const markers = new Map();
  /** @param {{ url: string, functionName: string, lineNumber: number }} frame */
  const categoryOf = ({ url, functionName, lineNumber }) => {
    if (url === '') {
      if (functionName === '(idle)') return 'idle: waiting on the server, the disk or timers';
      if (functionName === '(garbage collector)') return 'garbage collection';
      return 'V8 and Node native code (compiling, start-up)';
    }
    if (url.startsWith('node:internal/modules') || url.startsWith('node:internal/main')) return 'Node: module loader and start-up';
    if (url.startsWith('node:')) return 'Node: built-in modules (fs, net, streams, crypto)';
    if (url.includes('/bench/lib/')) return 'the profile hook';
    if (url.includes('/bin/')) return 'the bin';
    if (!url.includes('/dist/cli-bundle/')) return url.replace(/^file:\/\/.*node_modules\//, '');
    const file = url.startsWith('file:') ? fileURLToPath(url) : url;
    if (!markers.has(file)) markers.set(file, markersOf(file));
    const found = /** @type {Array<{ line: number, name: string }>} */ (markers.get(file)).findLast((m) => m.line <= lineNumber);
    return found ? found.name : 'the bundle\'s glue';
  };
  /** @type {Map<number, string>} */
  const categoryOfNode = new Map(profile.nodes.map((/** @type {any} */ node) => [node.id, categoryOf(node.callFrame)]));
  /** @type {Map<string, number>} */
  const totals = new Map();
  profile.samples.forEach((/** @type {number} */ id, /** @type {number} */ i) => {
    const category = /** @type {string} */ (categoryOfNode.get(id));
    totals.set(category, (totals.get(category) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  const categories = [...totals].map(([category, ms]) => ({ category, ms: Math.round(ms * 10) / 10 })).sort((a, b) => b.ms - a.ms);
  return { totalMs: Math.round((profile.endTime - profile.startTime) / 100) / 10, categories };
}
