import type { Session } from '../db/session.js';
import { stopLockName } from '../lock/mysql-lock.js';
import type { BatchHooks } from './runner.js';

/** How a round trip in flight is watched from a second connection. */
export interface WatchOptions {
  /** Opens a second connection to the same server (the probe), when first needed. */
  readonly probe: () => Promise<Session>;
  /** Seconds the server may leave the probe without an answer before the round trip is given up. */
  readonly serverTimeoutSeconds: number;
  /** Seconds between looks at the server while a round trip runs. */
  readonly pollSeconds: number;
  /** Stop after the current statement: the round trip stops at its next stop point. */
  readonly signal?: AbortSignal | undefined;
  /** Stop now: the statement in progress is interrupted (KILL QUERY). */
  readonly cancel?: AbortSignal | undefined;
}

export interface Watch {
  /** The server stopped answering: the migration's connection was dropped. */
  readonly hung: boolean;
  stop(): Promise<void>;
}

const PROCESS = 'SELECT `STATE` AS `state`, `INFO` AS `info`, `TIME` AS `seconds` FROM information_schema.PROCESSLIST WHERE `ID` = ?';

class Timeout extends Error {}

/** `promise`, or a Timeout after `ms`. */
function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([promise, new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Timeout()), ms);
    timer.unref();
  })]).finally(() => clearTimeout(timer));
}

/**
 * Watches the migration's connection while a round trip runs: every `pollSeconds` a second connection reads
 * what the server does for it (PROCESSLIST), for the progress line; a server that leaves that question
 * unanswered for `serverTimeoutSeconds` (stopped, or cut off) gets the migration's connection dropped, so that
 * the run ends with a clear error instead of waiting forever. A statement that is really working is never
 * touched. A stop request takes the stop lock that the round trip's stop points check; a cancel interrupts the
 * statement in progress.
 */
export function watchRoundTrip(session: Session, options: WatchOptions, hooks: BatchHooks = {}): Watch {
  let probe: Promise<Session> | undefined;
  let hung = false;
  let busy = false;
  const timeoutMs = options.serverTimeoutSeconds * 1000;
  const openProbe = () => (probe ??= options.probe());
  const giveUp = () => {
    hung = true;
    session.abort();
    void probe?.then((p) => p.abort(), () => {});
  };
  const onProbe = async <T>(use: (p: Session, id: number) => Promise<T>): Promise<T | undefined> => {
    try {
      return await within(Promise.all([openProbe(), session.connectionId()]).then(([p, id]) => use(p, id)), timeoutMs);
    } catch (error) {
      if (error instanceof Timeout) giveUp();
      return undefined;
    }
  };
  const look = async () => {
    if (busy || hung) return;
    busy = true;
    const rows = await onProbe((p, id) => p.query<Array<{ state: string | null; info: string | null; seconds: number }>>(PROCESS, [id]));
    const row = rows?.[0];
    if (row) hooks.onActivity?.({ state: row.state ?? '', info: (row.info ?? '').replace(/\s+/g, ' ').slice(0, 120), seconds: Number(row.seconds) });
    busy = false;
  };
  const timer = setInterval(() => void look(), options.pollSeconds * 1000);
  timer.unref();
  const onStop = () => void onProbe((p, id) => p.query('SELECT GET_LOCK(?, 0)', [stopLockName(id)]));
  const onCancel = () => void onProbe((p, id) => p.query(`KILL QUERY ${Number(id)}`));
  options.signal?.addEventListener('abort', onStop);
  options.cancel?.addEventListener('abort', onCancel);
  if (options.signal?.aborted) onStop();
  return {
    get hung() {
      return hung;
    },
    async stop() {
      clearInterval(timer);
      options.signal?.removeEventListener('abort', onStop);
      options.cancel?.removeEventListener('abort', onCancel);
      // Closing the probe frees the stop lock it may hold.
      if (probe !== undefined) await probe.then((p) => (hung ? p.abort() : p.close()), () => {});
    },
  };
}
