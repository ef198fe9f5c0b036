/**
 * How long a test waits for a state it expects before failing. Generous: on a loaded machine a CLI can take
 * seconds to start. A wait ends as soon as the state is there, so a long deadline costs nothing when all is well.
 */
export const DEADLINE_MS = 30_000;
const INTERVAL_MS = 20;

export interface PollOptions {
  readonly timeoutMs?: number;
  /** Checked on each try: a message means waiting is pointless (e.g. the process under test exited); it fails at once. */
  readonly giveUpIf?: () => string | undefined;
}

/**
 * Calls `probe` until `done(value)` holds, and returns that value. Past the deadline it fails, naming what it
 * waited for and the last value seen. The way to wait for observable state, instead of sleeping.
 */
export async function pollUntil<T>(what: string, probe: () => Promise<T>, done: (value: T) => boolean, options: PollOptions = {}): Promise<T> {
  const timeoutMs = options.timeoutMs ?? DEADLINE_MS;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    const reason = options.giveUpIf?.();
    if (reason !== undefined) throw new Error(`Stopped waiting for ${what}: ${reason}\nlast seen: ${JSON.stringify(value)}`);
    if (Date.now() > deadline) throw new Error(`Gave up after ${timeoutMs / 1000} s waiting for ${what}; last seen: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, INTERVAL_MS));
  }
}
