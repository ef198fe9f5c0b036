// Before a fleet run: one query per database tells which have nothing to do, so only the others get a
// connection, a lock and a migrator. Those that cannot be read are left to their migrator, which says why.
import { plan } from '../engine/planner.js';
import type { Target } from '../model.js';
import { runPool } from './pool.js';
import { serverSessions, type FleetServer } from './server.js';
import { connectionLost, readMemberLedger, type MemberLedger, type ProbeContext } from './status.js';

export interface TriageOptions extends ProbeContext {
  readonly server: FleetServer;
  readonly databases: readonly string[];
  readonly concurrency: number;
  /** True when the database has nothing to do, from what its migrator would read. */
  readonly idle: (ledger: MemberLedger) => boolean;
}

export interface Triage {
  /** Nothing to do: no connection of their own needed. */
  readonly idle: readonly string[];
  /** In the given order. */
  readonly work: readonly string[];
}

/** `migrate`/`rollback` to `target` has no step, nothing is dirty or blocking, and no run holds the lock now. */
export function nothingToRun(command: 'migrate' | 'rollback', target: Target, allowOutOfOrder: boolean) {
  return (ledger: MemberLedger): boolean => {
    if (ledger.holder !== null) return false;
    const planned = plan({ command, files: ledger.files, rows: ledger.rows, target, allowOutOfOrder });
    return planned.ok && planned.steps.length === 0;
  };
}

export async function triage(options: TriageOptions): Promise<Triage> {
  const sessions = serverSessions(options.server);
  try {
    const run = await runPool(options.databases, async (database, worker) => {
      try {
        return { database, idle: options.idle(await readMemberLedger(await sessions.get(worker), database, options)) };
      } catch (error) {
        if (connectionLost(error)) sessions.discard(worker);
        return { database, idle: false };
      }
    }, {
      concurrency: options.concurrency, continueOnError: true, isFailure: () => false,
      skipped: (database) => ({ database, idle: false }), crashed: (database) => ({ database, idle: false }),
    });
    return { idle: run.results.filter((r) => r.idle).map((r) => r.database), work: run.results.filter((r) => !r.idle).map((r) => r.database) };
  } finally {
    await sessions.close();
  }
}
