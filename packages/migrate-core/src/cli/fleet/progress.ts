// The live progress of a fleet command on stderr: one line rewritten in place on a terminal, a plain line every
// few seconds otherwise (CI logs). Failures are printed as they happen.
import { formatMs } from '../output.js';
import type { FleetContext } from './setup.js';

export interface ProgressCounts {
  readonly total: number;
  readonly done: number;
  readonly failed: number;
  readonly running: number;
  readonly elapsedMs: number;
}

/** `412/1000 done, 2 failed, 8 running, 578 left, 95/s, ETA 6.1 s` */
export function progressLine(c: ProgressCounts): string {
  const left = c.total - c.done - c.running;
  const rate = c.elapsedMs > 0 ? (c.done * 1000) / c.elapsedMs : 0;
  const eta = rate > 0 ? formatMs(((left + c.running) / rate) * 1000) : '-';
  return `${c.done}/${c.total} done, ${c.failed} failed, ${c.running} running, ${left} left, ${rate < 10 ? rate.toFixed(1) : Math.round(rate)}/s, ETA ${eta}`;
}

export interface FleetProgress {
  start(database: string): void;
  /** A database finished; `failure` is a line to print at once (failed or blocked). */
  done(failed: boolean, failure?: string): void;
  stop(): void;
}

const TTY_INTERVAL_MS = 200;
const PLAIN_INTERVAL_MS = 10_000;

export function fleetProgress(ctx: FleetContext, total: number, now: () => number = Date.now): FleetProgress {
  const started = now();
  let done = 0;
  let failed = 0;
  let running = 0;
  const tty = ctx.io.isTTY === true;
  const name = ctx.service.service;
  const line = () => `${name}: ${progressLine({ total, done, failed, running, elapsedMs: now() - started })}`;
  let shown = false;
  const clear = () => {
    if (shown) ctx.io.stderr.write('\r\x1b[2K');
    shown = false;
  };
  const timer = setInterval(() => {
    if (tty) {
      ctx.io.stderr.write(`\r\x1b[2K${line()}`);
      shown = true;
    } else ctx.warn(line());
  }, tty ? TTY_INTERVAL_MS : PLAIN_INTERVAL_MS);
  timer.unref();
  return {
    start: () => {
      running += 1;
    },
    done: (isFailure, failure) => {
      running -= 1;
      done += 1;
      if (isFailure) failed += 1;
      if (failure !== undefined) {
        clear();
        ctx.warn(failure);
      }
    },
    stop: () => {
      clearInterval(timer);
      clear();
    },
  };
}
