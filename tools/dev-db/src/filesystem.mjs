// Which kind of file system a folder is on: a durable benchmark needs its data on disk, not in memory.
import { statfsSync } from 'node:fs';

/** statfs(2) f_type values of Linux file systems (linux/magic.h). */
const NAMES = new Map([
  [0x01021994, 'tmpfs'], [0x858458f6, 'ramfs'], [0xef53, 'ext4'], [0x58465342, 'xfs'], [0x9123683e, 'btrfs'],
  [0x794c7630, 'overlayfs'], [0x2fc12fc1, 'zfs'], [0x6969, 'nfs'], [0xf2f52010, 'f2fs'],
]);
const IN_MEMORY = new Set(['tmpfs', 'ramfs']);

/**
 * @param {string} path an existing folder
 * @returns {{ name: string, inMemory: boolean }} name is `type 0x...` when unknown (macOS, other systems)
 */
export function filesystemOf(path) {
  const type = Number(statfsSync(path).type);
  const name = NAMES.get(type) ?? `type 0x${type.toString(16)}`;
  return { name, inMemory: IN_MEMORY.has(name) };
}
