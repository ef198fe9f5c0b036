// The migration repository: the only reader and writer of `<migrations>/<id>/{up.sql, down.sql, snapshot.json}`.
export { BASE_ID, DOWN_FILE, nodeFs, SNAPSHOT_FILE, UP_FILE, type FsLike } from './files.js';
export { shownPath, shownPathsIn } from './shown.js';
export { openRepository, type MigrationListing, type MigrationRepository, type NewMigration, type Side, type SnapshotRead } from './repository.js';
export { parseSnapshot, type MigrationSnapshot } from './snapshot.js';
export { renderSqlFile, type GeneratedStatement } from './render.js';
export { acceptEdits, type AcceptEditsReport } from './accept-edits.js';
export { describeConflict, findChainConflicts, nameOfId, type ChainConflict, type ChainLink } from './chain.js';
export { createFolderSource, sourceOf, type MigrationSource } from './source.js';
export { mergeSnapshots, type MergeConflict } from './merge.js';
export { rebaseMigration, type RebaseReport } from './rebase.js';
