// The embedded default database: a private MariaDB/MySQL server for dev, tests and the demo.
export { findServerBinary, MissingServerError } from './binary.mjs';
export { ensureDevServer, stopDevServer, resetDevServer } from './dev-server.mjs';
export { devServerStatus, runningDevServerUrl } from './running.mjs';
export { startEphemeralServer } from './ephemeral.mjs';
