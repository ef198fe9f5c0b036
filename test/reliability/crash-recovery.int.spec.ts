import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { makeWorkspace, type TempWorkspace } from '../support/workspace.js';
import { executionsOf, ledgerOf } from './support/ledger.js';
import { sleep, startCli } from './support/processes.js';
import { seededRandom } from './support/random.js';

/** Fixed, so that a failing round replays exactly; RELIABILITY_SEED=<n> explores other kill points. */
const SEED = Number(process.env.RELIABILITY_SEED ?? 20261124);
const ROUNDS = 20;
/** Kill offsets are drawn from [0, WINDOW_MS) after the CLI says it is migrating; the long migration takes about that long. */
const WINDOW_MS = 700;
const GROUPS = 15;
const IDS = ['20260501000001_create_effects', '20260501000002_long', '20260501000003_after'];

/**
 * One group k of the long migration: DDL, INSERTs (each counted in `effects`), small sleeps inside an INSERT and
 * inside a DDL statement, so that kills land in both (the server finishes a DDL whose client died).
 */
function group(k: number): string {
  return [
    `CREATE TABLE c_${k} (id int PRIMARY KEY, v int);`,
    `INSERT INTO effects (step) VALUES ('${k}.a');`,
    `ALTER TABLE c_${k} ADD COLUMN w int;`,
    `INSERT INTO effects (step) SELECT '${k}.b' FROM DUAL WHERE SLEEP(0.02) = 0;`,
    `INSERT INTO c_${k} (id, v, w) VALUES (1, ${k}, ${k * 10});`,
    `CREATE TABLE s_${k} AS SELECT ${k} AS k, SLEEP(0.02) AS z;`,
  ].join('\n');
}

const MIGRATIONS = {
  [IDS[0]!]: { up: 'CREATE TABLE effects (id int AUTO_INCREMENT PRIMARY KEY, step varchar(16) NOT NULL);\n', down: 'DROP TABLE effects;\n' },
  [IDS[1]!]: {
    up: `${Array.from({ length: GROUPS }, (_, i) => group(i + 1)).join('\n')}\n`,
    down: `${Array.from({ length: GROUPS }, (_, i) => `DROP TABLE c_${i + 1}, s_${i + 1};`).join('\n')}\nDELETE FROM effects WHERE step LIKE '%.%';\n`,
  },
  [IDS[2]!]: { up: "INSERT INTO effects (step) VALUES ('after');\n", down: "DELETE FROM effects WHERE step = 'after';\n" },
};

/** Each INSERT of the migrations, executed exactly once. */
const EXPECTED_EFFECTS: Record<string, number> = Object.fromEntries([
  ...Array.from({ length: GROUPS }, (_, i) => [`${i + 1}.a`, `${i + 1}.b`]).flat(),
  'after',
].map((step) => [step, 1]));

const random = seededRandom(SEED);
const OFFSETS = Array.from({ length: ROUNDS }, () => Math.floor(random() * WINDOW_MS));

interface StatusDocument {
  dirty: null | { id: string; state: string; statement: number };
  pending: Array<{ id: string }>;
  applied: Array<{ id: string }>;
}

describe(`SIGKILL at random points of a long migration (seed ${SEED}, ${ROUNDS} rounds)`, () => {
  let ws: TempWorkspace;
  const databases: TestDatabase[] = [];
  const outcomes: string[] = [];

  beforeAll(() => {
    ws = makeWorkspace({ crash: { database: 'crash', migrations: MIGRATIONS } });
    console.log(`kill offsets (ms after "migrating" is printed), seed ${SEED}: ${OFFSETS.join(', ')}`);
  });
  afterAll(async () => {
    for (const db of databases) await db.drop();
    ws?.cleanup();
  });

  OFFSETS.forEach((offset, i) => {
    it(`round ${i + 1}: killed ${offset} ms in, the next run reports it, resumes, loses nothing and repeats nothing`, async () => {
      const db = await createTestDatabase('crash');
      databases.push(db);
      const env = { CRASH_DATABASE_URL: db.url };
      const victim = startCli(['migrate', '--service', 'crash'], { cwd: ws.root, env });
      await victim.waitFor('migrating');
      await sleep(offset);
      victim.child.kill('SIGKILL');
      const killed = await victim.done;

      const unfinished = (await ledgerOf(db)).find((row) => row.state !== 'applied');
      const status = await runCli(['status', '--service', 'crash', '--json'], { cwd: ws.root, env });
      expect([0, 3], status.stderr).toContain(status.code);
      const document = JSON.parse(status.stdout) as StatusDocument;
      if (unfinished) {
        expect(document.dirty).toMatchObject({ id: unfinished.id, state: 'running', statement: unfinished.statements_done + 1 });
      } else {
        expect(document.dirty).toBeNull();
      }

      const recovery = await runCli(['migrate', '--service', 'crash'], { cwd: ws.root, env });
      expect(recovery.code, `${recovery.stdout}\n${recovery.stderr}`).toBe(0);
      if (unfinished) expect(recovery.stdout).toContain(`${unfinished.id} up: resuming at statement ${unfinished.statements_done + 1}`);

      const ledger = await ledgerOf(db);
      expect(ledger.map((row) => [row.id, row.state])).toEqual(IDS.map((id) => [id, 'applied']));
      expect(ledger.every((row) => row.statements_done === row.statements_total)).toBe(true);
      expect(await executionsOf(db, 'effects')).toEqual(EXPECTED_EFFECTS);
      for (let k = 1; k <= GROUPS; k++) {
        expect(await db.query(`SELECT id, v, w FROM c_${k}`)).toEqual([{ id: 1, v: k, w: k * 10 }]);
        expect(await db.query(`SELECT k FROM s_${k}`)).toEqual([{ k }]);
      }
      const where = killed.signal === null ? 'finished before the kill'
        : unfinished ? `interrupted in ${unfinished.id.slice(15)} after statement ${unfinished.statements_done} of ${unfinished.statements_total}` : 'killed between migrations';
      outcomes.push(where);
      const rerun = recovery.stderr.includes('had already taken effect') ? ' (the cut-off DDL statement had already taken effect)' : '';
      console.log(`round ${i + 1}: kill at ${offset} ms: ${where}; recovered${rerun}`);
    }, 60_000);
  });

  it('most kills landed inside a migration', () => {
    const interrupted = outcomes.filter((outcome) => outcome.startsWith('interrupted')).length;
    console.log(`${interrupted} of ${outcomes.length} rounds were interrupted inside a migration`);
    expect(interrupted).toBeGreaterThanOrEqual(ROUNDS / 2);
  });
});
