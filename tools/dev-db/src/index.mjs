// The embedded default database: a private MariaDB/MySQL server for dev, tests and the demo.
export { findServerBinary, MissingServerError } from './binary.mjs';
export { ensureDevServer, devServerStatus, stopDevServer, resetDevServer } from './dev-server.mjs';
export { startEphemeralServer } from './ephemeral.mjs';
