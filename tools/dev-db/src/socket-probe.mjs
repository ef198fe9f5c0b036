// Whether a server answers on its Unix socket: how the dev server and throwaway servers are known to be ready.
import { createConnection } from 'node:net';

/**
 * Resolves true once the server greets on its own Unix socket. A TCP probe could be answered by another
 * server holding the same port; the private socket cannot.
 * @param {string} socket
 * @returns {Promise<boolean>}
 */
export function greets(socket) {
  return new Promise((resolve) => {
    const conn = createConnection(socket);
    let done = false;
    const finish = (/** @type {boolean} */ ok) => {
      if (done) return;
      done = true;
      conn.destroy();
      resolve(ok);
    };
    conn.setTimeout(1000, () => finish(false));
    conn.on('data', (data) => finish(data.length > 4 && data[4] === 0x0a));
    conn.on('error', () => finish(false));
  });
}
