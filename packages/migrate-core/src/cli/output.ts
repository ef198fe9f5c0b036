/** Where the CLI writes; main() gets it injected so tests can capture output. */
export interface Io {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  /** Both streams are terminals (set by the bin): colour is used then, unless NO_COLOR says otherwise. */
  readonly isTTY?: boolean;
  /** Asks a question at the terminal and resolves to the answer; set by the bin only when stdin and stdout are terminals. */
  readonly ask?: (question: string) => Promise<string>;
}

/**
 * Wraps the streams so that no known secret ever leaves the process, whatever code path printed it:
 * each password from the environment's database URLs is replaced by ****.
 */
export function redactingIo(io: Io, secrets: readonly string[]): Io {
  if (secrets.length === 0) return io;
  const ordered = [...secrets].sort((a, b) => b.length - a.length);
  const scrub = (text: string) => ordered.reduce((out, secret) => out.split(secret).join('****'), text);
  return {
    stdout: { write: (text: string) => io.stdout.write(scrub(text)) },
    stderr: { write: (text: string) => io.stderr.write(scrub(text)) },
    ...(io.isTTY === undefined ? {} : { isTTY: io.isTTY }),
    ...(io.ask === undefined ? {} : { ask: (question: string) => io.ask!(scrub(question)) }),
  };
}

/** `1 migration`, `2 migrations`. */
export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `a`, `a and b`, `a, b and c` (or `or`). */
export const listed = (names: readonly string[], word: 'or' | 'and' = 'and'): string =>
  names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} ${word} ${names.at(-1)}`;

/** Aligned columns for summary tables; `paint` colours a body cell (padding is added outside the colour). */
export function table(head: readonly string[], rows: readonly (readonly string[])[], paint?: (cell: string, row: number, column: number) => string): string[] {
  const widths = head.map((cell, i) => Math.max(cell.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[], row?: number) => cells.map((cell, i) => {
    const shown = row === undefined || paint === undefined || cell === '' ? cell : paint(cell, row, i);
    return shown + ' '.repeat(widths[i]! - cell.length);
  }).join('  ').trimEnd();
  return [line(head), ...rows.map((row, i) => line(row, i))];
}

export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '-';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}
