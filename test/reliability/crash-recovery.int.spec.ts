import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { makeWorkspace, type TempWorkspace } from '../support/workspace.js';
import { lockName } from '../../packages/migrate-core/src/lock/mysql-lock.js';
import { executionsOf, LEDGER, ledgerOf } from './support/ledger.js';
import { sleep, startCli } from '../support/processes.js';
import { seededRandom } from './support/random.js';

/** Fixed, so that a failing round replays exactly; RELIABILITY_SEED=<n> explores other kill points. */
const SEED = Number(process.env.RELIABILITY_SEED ?? 20261124);
/** Rounds that SIGKILL the process, then rounds that cut its connection on the server. */
const ROUNDS = 20;
const CUT_ROUNDS = 10;
/** Kill offsets are drawn from [0, WINDOW_MS) after the CLI says it is migrating; the long migration takes about that long. */
const WINDOW_MS = 700;
const GROUPS = 15;
const IDS = ['20260501000001_create_effects', '20260501000002_long', '20260501000003_after'];

/**
 * The engine sends a migration's statements in batches of up to 512 KiB, and the server finishes a batch whose
 * client died. This statement (300 kB, no effect) makes the long migration span several batches, so that a
 * SIGKILL leaves it half-applied at a batch boundary.
 */
const PADDING = `DO LENGTH('${'x'.repeat(300_000)}');`;

/**
 * One group k of the long migration: DDL, INSERTs (each counted in `effects`), small sleeps inside an INSERT and
 * inside a DDL statement, so that kills land in both (the server finishes a DDL whose client died).
 */
function group(k: number): string {
  return [
    PADDING,
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
const OFFSETS = Array.from({ length: ROUNDS + CUT_ROUNDS }, () => Math.floor(random() * WINDOW_MS));

interface StatusDocument {
  dirty: null | { id: string; state: string; statement: number };
  pending: Array<{ id: string }>;
  applied: Array<{ id: string }>;
}

/** The server connection holding the database's migration lock, or null. */
async function lockHolder(db: TestDatabase): Promise<number | null> {
  const [row] = await db.query<Array<{ holder: number | null }>>('SELECT IS_USED_LOCK(?) AS holder', [lockName(db.name, LEDGER)]);
  return row?.holder ?? null;
}

/**
 * Waits until nobody holds the lock. A killed process's last batch of statements goes on running on the server,
 * under the lock, until it ends; only then is the database in the state the next run starts from.
 */
async function lockFreed(db: TestDatabase): Promise<void> {
  for (let i = 0; i < 600 && (await lockHolder(db)) !== null; i++) await sleep(50);
  expect(await lockHolder(db), 'the lock is still held 30 s after the interruption').toBeNull();
}

/** The first ROUNDS kill the process (a crash, a cancelled CI job); the rest cut its connection on the server (a network loss, a DBA's KILL). */
type Interruption = 'SIGKILL' | 'connection cut';
const kindOf = (round: number): Interruption => (round <= ROUNDS ? 'SIGKILL' : 'connection cut');

describe(`interrupted at random points of a long migration (seed ${SEED}, ${ROUNDS} SIGKILL and ${CUT_ROUNDS} connection-cut rounds)`, () => {
  let ws: TempWorkspace;
  const databases: TestDatabase[] = [];
  const outcomes: Array<{ kind: Interruption; where: string }> = [];

  beforeAll(() => {
    ws = makeWorkspace({ crash: { database: 'crash', migrations: MIGRATIONS } });
    console.log(`kill offsets (ms after "migrating" is printed), seed ${SEED}: ${OFFSETS.join(', ')}`);
  });
  afterAll(async () => {
    for (const db of databases) await db.drop();
    ws?.cleanup();
  });

  OFFSETS.forEach((offset, i) => {
    const kind = kindOf(i + 1);
    it(`round ${i + 1}: ${kind} ${offset} ms in, the next run reports it, resumes, loses nothing and repeats nothing`, async () => {
      const db = await createTestDatabase('crash');
      databases.push(db);
      const env = { CRASH_DATABASE_URL: db.url };
      const victim = startCli(['migrate', '--service', 'crash'], { cwd: ws.root, env });
      await victim.waitFor('migrating');
      await sleep(offset);
      if (kind === 'SIGKILL') {
        victim.child.kill('SIGKILL');
      } else {
        const holder = await lockHolder(db);
        if (holder !== null) await db.query(`KILL CONNECTION ${Number(holder)}`).catch(() => {});
      }
      const killed = await victim.done;
      await lockFreed(db);

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
      const interrupted = kind === 'SIGKILL' ? killed.signal !== null : killed.code !== 0;
      const where = !interrupted ? 'finished before the kill'
        : unfinished ? `interrupted in ${unfinished.id.slice(15)} after statement ${unfinished.statements_done} of ${unfinished.statements_total}` : 'killed between migrations';
      outcomes.push({ kind, where });
      const rerun = recovery.stderr.includes('had already taken effect') ? ' (the cut-off DDL statement had already taken effect)' : '';
      console.log(`round ${i + 1}: ${kind} at ${offset} ms: ${where}; recovered${rerun}`);
    }, 60_000);
  });

  it('most interruptions of each kind landed inside a migration', () => {
    expect(outcomes).toHaveLength(ROUNDS + CUT_ROUNDS);
    for (const kind of ['SIGKILL', 'connection cut'] as const) {
      const rounds = outcomes.filter((outcome) => outcome.kind === kind);
      const inside = rounds.filter((outcome) => outcome.where.startsWith('interrupted')).length;
      console.log(`${kind}: ${inside} of ${rounds.length} rounds interrupted a migration`);
      expect(inside, kind).toBeGreaterThanOrEqual(rounds.length / 2);
    }
  });
});
