import pc from 'picocolors';
import type { Env } from '../config/load.js';

type Paint = (text: string) => string;

/** The few colours the CLI uses, by meaning. Plain (identity) when colour is off. */
export interface Style {
  readonly error: Paint;
  readonly warning: Paint;
  /** The `next:` label of a hint. */
  readonly next: Paint;
  readonly ok: Paint;
  readonly pending: Paint;
  readonly dirty: Paint;
}

/**
 * Colour or not: NO_COLOR (any non-empty value) turns it off, whatever else is set (Nx sets FORCE_COLOR for
 * its tasks); FORCE_COLOR turns it on (but FORCE_COLOR=0 or false off); else on only on a terminal that is
 * not TERM=dumb.
 */
export function colorEnabled(env: Env, isTTY: boolean): boolean {
  if (env.NO_COLOR) return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  return isTTY && env.TERM !== 'dumb';
}

export function styleFor(enabled: boolean): Style {
  const colors = pc.createColors(enabled);
  return { error: colors.red, warning: colors.yellow, next: colors.cyan, ok: colors.green, pending: colors.yellow, dirty: colors.red };
}

export const PLAIN: Style = styleFor(false);
