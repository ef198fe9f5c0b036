// The servers a run measures on: durable first (data on disk, every commit flushed, as in production), then
// tmpfs (commits free, so fixed costs weigh more); or the one server given by --url.

/**
 * @typedef {object} Profile
 * @property {'durable' | 'tmpfs' | 'url'} id
 * @property {string} label
 * @property {string} [url] the server of --url
 */

/** @type {Record<'durable' | 'tmpfs', Profile>} */
export const PROFILES = {
  durable: { id: 'durable', label: 'durable: a private server with its data on disk and MariaDB\'s own settings (every commit flushed)' },
  tmpfs: { id: 'tmpfs', label: 'tmpfs: a private server in memory, innodb_flush_log_at_trx_commit=0 (commits cost nothing)' },
};

/**
 * @param {{ profiles: Array<'durable' | 'tmpfs'>, url?: string | undefined }} options
 * @returns {Profile[]} in the order they run and are printed
 */
export function profilesOf({ profiles, url }) {
  if (url) return [{ id: 'url', label: 'the server given by --url', url }];
  return profiles.map((id) => PROFILES[id]);
}
