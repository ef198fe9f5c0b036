// Summaries of timing samples.

/** @param {number[]} values */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * @param {number[]} samples
 * @returns {{ median: number, min: number, max: number, samples: number[] }}
 */
export function summarize(samples) {
  const round = (/** @type {number} */ x) => Math.round(x * 10) / 10;
  return { median: round(median(samples)), min: round(Math.min(...samples)), max: round(Math.max(...samples)), samples: samples.map(round) };
}

/** `812 ms` or `1.24 s`. @param {number} ms */
export function formatMs(ms) {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

/** `812 [790-850]`: median with the range, in ms. @param {{ median: number, min: number, max: number } | undefined} s */
export function formatRange(s) {
  if (!s) return '-';
  return `${Math.round(s.median)} [${Math.round(s.min)}-${Math.round(s.max)}]`;
}

/** `1.23x`. @param {number} a @param {number} b */
export function ratio(a, b) {
  return Math.round((a / b) * 100) / 100;
}

/**
 * The contenders of repetition `rep` (1-based) in turn, starting one further each time: on a durable server a
 * run leaves disk work behind (a dropped database's files, pages to flush) that slows whoever runs next, so no
 * contender should always follow the same one.
 * @template T @param {T[]} items @param {number} rep
 */
export function rotated(items, rep) {
  const start = items.length === 0 ? 0 : (rep - 1) % items.length;
  return [...items.slice(start), ...items.slice(0, start)];
}
