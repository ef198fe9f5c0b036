import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { makeWorkspace, type TempWorkspace } from '../support/workspace.js';
import { executionsOf, ledgerOf } from '../support/ledger.js';
import { migrationLockGate, waitUntilWaiting } from '../support/gates.js';
import { startCli, stopCli } from '../support/processes.js';

const ROUNDS = 20;
const RUNNERS = 8;
const IDS = ['20260401000001_create_runs', '20260401000002_slow_inserts', '20260401000003_more'];

/** Each INSERT into `runs` records one execution of a statement, by step name. */
const MIGRATIONS = {
  [IDS[0]!]: {
    up: "CREATE TABLE runs (id int AUTO_INCREMENT PRIMARY KEY, step varchar(16) NOT NULL, conn int NOT NULL);\nINSERT INTO runs (step, conn) VALUES ('m1', CONNECTION_ID());\n",
    down: 'DROP TABLE runs;\n',
  },
  [IDS[1]!]: {
    up: "DO SLEEP(0.05);\nINSERT INTO runs (step, conn) VALUES ('m2a', CONNECTION_ID());\nINSERT INTO runs (step, conn) SELECT 'm2b', CONNECTION_ID() FROM DUAL WHERE SLEEP(0.02) = 0;\n",
    down: "DELETE FROM runs WHERE step IN ('m2a', 'm2b');\n",
  },
  [IDS[2]!]: {
    up: "CREATE TABLE extra (id int);\nINSERT INTO runs (step, conn) VALUES ('m3', CONNECTION_ID());\n",
    down: "DROP TABLE extra;\nDELETE FROM runs WHERE step = 'm3';\n",
  },
};

describe(`${RUNNERS} migrate processes started at once on one database, ${ROUNDS} rounds`, () => {
  let ws: TempWorkspace;
  const databases: TestDatabase[] = [];

  beforeAll(() => {
    ws = makeWorkspace({ race: { database: 'race', migrations: MIGRATIONS } });
  });
  afterAll(async () => {
    for (const db of databases) await db.drop();
    ws?.cleanup();
  });

  for (let round = 1; round <= ROUNDS; round++) {
    it(`round ${round}: each migration runs exactly once and all ${RUNNERS} exit 0`, async () => {
      const db = await createTestDatabase('race');
      databases.push(db);
      const runners = Array.from({ length: RUNNERS }, () =>
        startCli(['migrate', '--service', 'race', '--json'], { cwd: ws.root, env: { RACE_DATABASE_URL: db.url } }));
      const results = await Promise.all(runners.map((runner) => runner.done));

      for (const result of results) expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
      const reports = results.map((result) => JSON.parse(result.stdout) as { outcome: string; steps: Array<{ id: string; status: string }> });
      const applied = reports.flatMap((report) => report.steps.filter((step) => step.status === 'done').map((step) => step.id));
      expect(applied.sort()).toEqual(IDS);
      expect(reports.filter((report) => report.outcome === 'noop').length).toBeGreaterThanOrEqual(RUNNERS - IDS.length);

      expect(await executionsOf(db, 'runs')).toEqual({ m1: 1, m2a: 1, m2b: 1, m3: 1 });
      const ledger = await ledgerOf(db);
      expect(ledger.map((row) => [row.id, row.state, row.statements_done])).toEqual([[IDS[0], 'applied', 2], [IDS[1], 'applied', 3], [IDS[2], 'applied', 2]]);
    }, 60_000);
  }

  it(`${RUNNERS} runners that all find the lock taken wait for it; once it is free each migration runs exactly once`, async () => {
    const db = await createTestDatabase('race');
    databases.push(db);
    const lock = await migrationLockGate(db);
    const runners = Array.from({ length: RUNNERS }, () =>
      startCli(['migrate', '--service', 'race', '--json'], { cwd: ws.root, env: { RACE_DATABASE_URL: db.url } }));
    try {
      await waitUntilWaiting(db, lock, RUNNERS);
      await lock.open();
      const results = await Promise.all(runners.map((runner) => runner.done));
      for (const result of results) {
        expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
        expect(result.stderr).toContain('waiting for the migration lock');
      }
      expect(await executionsOf(db, 'runs')).toEqual({ m1: 1, m2a: 1, m2b: 1, m3: 1 });
    } finally {
      await lock.open();
      for (const runner of runners) await stopCli(runner);
    }
  });
});
