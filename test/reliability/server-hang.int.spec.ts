// A server that stops answering mid-statement (SIGSTOP of its process) is detected within the configured time,
// reported with the way on, and the ledger stays resumable. A statement that is working is never touched, and
// the progress line shows what the server does for it.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEphemeralServer, type EphemeralServer } from '@repo/dev-db';
import { ROOT } from '../support/cli.js';
import { gateSql, userLockGate, waitForLockFree, waitUntilParked } from '../support/gates.js';
import { executionsOf, ledgerOf } from '../support/ledger.js';
import { scenario } from '../support/scenario.js';

const A = '20260705000001_parked';
const UP = (gate: string) => `CREATE TABLE effects (step varchar(40));\n${gateSql(gate)}\nINSERT INTO effects VALUES ('after');\n`;

let server: EphemeralServer;
beforeAll(async () => {
  server = await startEphemeralServer({ cacheDir: join(ROOT, '.dev-db') });
});
afterAll(async () => {
  try {
    process.kill(server.pid, 'SIGCONT');
  } catch {
    // already gone
  }
  await server?.stop();
});

describe('a server that stops answering during a statement', () => {
  it('is reported within --server-timeout, with the migration, the statement and the way on; the next run resumes', async () => {
    const s = await scenario('hang', { [A]: { up: UP('gate_hang'), down: 'DROP TABLE effects;' } }, { server: server.url });
    const gate = await userLockGate(s.db, 'gate_hang');
    const run = s.start('migrate', '--server-timeout', '3');
    await waitUntilParked(s.db, gate, run);
    const stoppedAt = Date.now();
    process.kill(server.pid, 'SIGSTOP');
    let result;
    try {
      result = await run.done;
    } finally {
      process.kill(server.pid, 'SIGCONT');
    }
    const seconds = (Date.now() - stoppedAt) / 1000;
    expect(result.code, result.stdout + result.stderr).toBe(1);
    expect(seconds).toBeLessThan(20);
    expect(result.stdout).toContain(`${A}: the server stopped answering (not even a second connection got an answer) during statement 2 of 3 (DO, services/svc/migrations/${A}/up.sql:2).`);
    expect(result.stdout).toContain('next: Once the server answers again, run `npx migrate-core status --service svc`');

    await gate.open();
    await waitForLockFree(s.db);
    const resumed = await s.cli('migrate');
    expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
    expect(await executionsOf(s.db, 'effects')).toEqual({ after: 1 });
    expect(await ledgerOf(s.db)).toMatchObject([{ id: A, state: 'applied', statements_done: 3 }]);
  }, 90_000);

  it('a statement that works for long is left alone, and the progress line shows what the server does for it', async () => {
    const s = await scenario('slow', { [A]: { up: UP('gate_slow'), down: 'DROP TABLE effects;' } }, { server: server.url });
    const gate = await userLockGate(s.db, 'gate_slow');
    const run = s.start('migrate', '--server-timeout', '1');
    await waitUntilParked(s.db, gate, run);
    await run.waitFor('still running');
    expect(run.stdout()).toMatch(/… \[1\/1\] 20260705000001_parked up still running \(\d+(\.\d+)? s\); server: User lock: DO GET_LOCK\('gate_slow', 600\)/);
    await gate.open();
    const done = await run.done;
    expect(done.code, done.stdout + done.stderr).toBe(0);
    expect(await executionsOf(s.db, 'effects')).toEqual({ after: 1 });
  }, 60_000);
});
