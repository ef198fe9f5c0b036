import type { MigrationId } from './model.js';

/** `<UTC yyyymmddHHMMSS>_<slug>`; the timestamp gives the order, the slug the meaning. */
export const MIGRATION_ID_PATTERN = /^(\d{14})_([a-z0-9][a-z0-9_]*)$/;
export const MAX_SLUG_LENGTH = 60;
/** The ledger's `id` column is VARCHAR(191): a longer folder name could not be recorded. */
export const MAX_ID_LENGTH = 191;

/** "First test created" -> "first_test_created", cut at 60 characters on a word boundary when it can. */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (slug.length <= MAX_SLUG_LENGTH) return slug;
  const cut = slug.slice(0, MAX_SLUG_LENGTH);
  const lastBreak = cut.lastIndexOf('_');
  return (lastBreak > MAX_SLUG_LENGTH / 2 ? cut.slice(0, lastBreak) : cut).replace(/_+$/, '');
}

function timestampOf(date: Date): string {
  return date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

function dateOfTimestamp(stamp: string): Date {
  const [y, mo, d, h, mi, s] = [0, 4, 6, 8, 10, 12].map((at, i) => Number(stamp.slice(at, at + (i === 0 ? 4 : 2))));
  return new Date(Date.UTC(y!, mo! - 1, d!, h!, mi!, s!));
}

export function isMigrationId(text: string): boolean {
  return MIGRATION_ID_PATTERN.test(text);
}

/**
 * A new id that sorts after every existing one, even when the clock is behind the newest migration (a
 * migration merged from a machine with a fast clock) or two are made within the same second.
 */
export function newMigrationId(name: string, now: Date, existing: readonly MigrationId[]): MigrationId {
  const slug = slugify(name);
  if (slug === '') throw new Error(`"${name}" gives an empty migration name: use letters or digits.`);
  let at = new Date(Math.floor(now.getTime() / 1000) * 1000);
  const newest = [...existing].sort().at(-1);
  const newestStamp = newest === undefined ? undefined : MIGRATION_ID_PATTERN.exec(newest)?.[1];
  if (newestStamp !== undefined && timestampOf(at) <= newestStamp) at = new Date(dateOfTimestamp(newestStamp).getTime() + 1000);
  return `${timestampOf(at)}_${slug}`;
}

/** Ids compare as plain strings: the fixed-width timestamp comes first. */
export function compareIds(a: MigrationId, b: MigrationId): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
