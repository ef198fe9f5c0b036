// One round trip of several statements, with its results counted as they arrive (mysql2's callback API), so
// that after an error the engine knows which statement failed, and after success the session's state.

/** How a round trip of statements ended: the session state after its last statement, from the server's OK packet. */
export interface ScriptResult {
  /** A transaction is open (SERVER_STATUS_IN_TRANS); undefined when the last statement returned rows. */
  readonly inTransaction: boolean | undefined;
  /** Autocommit is on (SERVER_STATUS_AUTOCOMMIT); undefined when the last statement returned rows. */
  readonly autocommit: boolean | undefined;
}

/** A round trip of statements stopped: the first `completed` of them ran, the next one failed with `cause`. */
export class ScriptError extends Error {
  constructor(override readonly cause: unknown, readonly completed: number) {
    super((cause as { message?: string }).message ?? String(cause));
    this.name = 'ScriptError';
  }
}

/** Server status flags of the protocol's OK packet. */
const SERVER_STATUS_IN_TRANS = 1;
const SERVER_STATUS_AUTOCOMMIT = 2;

/** The callback connection under mysql2's promise wrapper: its query emits an event per result. */
interface RawQuery {
  on(event: 'fields', listener: (fields: unknown) => void): RawQuery;
  on(event: 'result', listener: (result: { serverStatus?: number }) => void): RawQuery;
}
export interface RawConnection {
  query(sql: string, callback: (error: Error | null) => void): RawQuery;
  stream: { destroy(): void };
}

/**
 * Runs `statements` as one multi-statement query and counts the results as they arrive: after an error, the
 * count says which statement failed (the server stops there). Each statement gives one result, except that the
 * last may give several (a CALL); the OK packet of the last says whether a transaction is open.
 */
export function runScript(raw: RawConnection, statements: readonly string[]): Promise<ScriptResult> {
  return new Promise((resolve, reject) => {
    let results = 0;
    let status: number | undefined;
    const query = raw.query(statements.join('\n;\n'), (error) => {
      if (error) return reject(new ScriptError(error, Math.min(results, statements.length - 1)));
      // Fewer results than statements: the server read part of the text as one statement (an unclosed comment
      // or quote) and the rest never ran.
      if (results < statements.length) {
        return reject(new ScriptError(new Error(`the server ran ${results} of ${statements.length} statements sent together: an unclosed comment or quote hid the rest`), results));
      }
      resolve({
        inTransaction: status === undefined ? undefined : (status & SERVER_STATUS_IN_TRANS) !== 0,
        autocommit: status === undefined ? undefined : (status & SERVER_STATUS_AUTOCOMMIT) !== 0,
      });
    });
    query.on('fields', (fields) => {
      results++;
      if (fields !== undefined) status = undefined;
    });
    query.on('result', (result) => {
      if (typeof result?.serverStatus === 'number') status = result.serverStatus;
    });
  });
}

