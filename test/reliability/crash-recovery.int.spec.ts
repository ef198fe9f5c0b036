import { describe, expect, it, onTestFinished } from 'vitest';
import { interrupt, ledgerGapGate, ledgerRowGate, waitUntilParked, type Gate, type Interruption } from '../support/gates.js';
import { ledgerOf, ledgerRowOf, waitForLedger } from '../support/ledger.js';
import { scenario, type Scenario } from '../support/scenario.js';
import { effectsOf, expectedEffects, gateBefore, gatedMigrations, IDS, lastOfBatch, LONG, SETUP } from './support/gated-migrations.js';
import { expectSafeRecovery, expectStatusReports, expectProvenRecovery, type Cut } from './support/recovery.js';

/**
 * Every statement of a migration, interrupted at exact points: the test holds a lock the statement (or its
 * progress write) waits for, sees it waiting there (PROCESSLIST) with the ledger one statement behind, and only
 * then kills the process or cuts its connection. No timing: each round lands where it says.
 */

/** Where the migration waits when interrupted: inside statement k (before its effect), or after it, at its progress write. */
type Point = 'inside' | 'after';
interface Round {
  readonly k: number;
  readonly point: Point;
  readonly how: Interruption;
}

const ROUNDS: Round[] = (['KILL CONNECTION', 'SIGKILL'] as const).flatMap((how) =>
  LONG.flatMap((_, i) => (['inside', 'after'] as const).map((point): Round => ({ k: i + 1, point, how }))));

/**
 * Where the interruption leaves the long migration:
 * - KILL CONNECTION stops the server at the current statement. A data statement's transaction (with its
 *   progress write) is rolled back; a DDL statement that has run stays, its progress write lost.
 * - After a SIGKILL the server runs the rest of the batch it had received, then frees the lock; except that a
 *   DDL statement waiting for a table lock fails once the server sees its client is gone, with the rest of the batch.
 */
function expectedCut({ k, point, how }: Round): Cut & { state: string } {
  const kind = LONG[k - 1]!.kind;
  if (how === 'KILL CONNECTION' || (point === 'inside' && kind === 'ddl')) {
    return { id: IDS.long, state: 'running', done: k - 1, nextIsDdl: kind === 'ddl', nextTookEffect: point === 'after' && kind === 'ddl' };
  }
  const done = lastOfBatch(k);
  if (done === LONG.length) return { id: undefined, state: 'applied', done, nextIsDdl: false, nextTookEffect: false };
  return { id: IDS.long, state: 'running', done, nextIsDdl: LONG[done]!.kind === 'ddl', nextTookEffect: false };
}

function title({ k, point, how }: Round): string {
  const which = `statement ${k} (${LONG[k - 1]!.kind}${k === 1 ? ', the first' : k === LONG.length ? ', the last' : ''})`;
  return `${how} while the migration ${point === 'inside' ? `waits inside ${which}` : `has run ${which} and waits to record it`}`;
}

/** A database (with SETUP) and a workspace of its own, the CLI on them; `start('migrate')` for the run to interrupt. */
const fixture = () => scenario('cut', gatedMigrations, { service: 'crash', setup: SETUP });

/** Holds a gate until the test ends, unless the test opens it first. */
async function held(gate: Promise<Gate>): Promise<Gate> {
  const holding = await gate;
  onTestFinished(() => holding.open());
  return holding;
}

/** From the interrupted state described by `cut`: `status` reports it, the next `migrate` recovers it safely. */
async function expectRecovery({ db, cli }: Scenario, cut: Cut) {
  expectStatusReports(await cli('status', '--json'), cut);
  const effects = await effectsOf(db);
  const recovery = await cli('migrate', '--json');
  const outcome = expectSafeRecovery(recovery, cut);
  expectProvenRecovery(recovery, cut);
  if (outcome === 'stopped') {
    expect(await effectsOf(db), 'a stopped run changes nothing').toEqual(effects);
    return;
  }
  const ledger = await ledgerOf(db);
  expect(ledger.map((row) => [row.id, row.state, row.statements_done])).toEqual([
    [IDS.first, 'applied', 1], [IDS.long, 'applied', LONG.length], [IDS.after, 'applied', 1]]);
  expect(await effectsOf(db), 'every statement ran exactly once').toEqual(expectedEffects(LONG.length, { after: true }));
}

describe('a migration interrupted at each statement, by SIGKILL or a cut connection, inside the statement or at its progress write', () => {
  for (const round of ROUNDS) {
    it(title(round), async () => {
      const { k, point, how } = round;
      const f = await fixture();
      const { db } = f;
      const before = await held(gateBefore(db, k));
      const victim = f.start('migrate');
      let gate = before;
      let connection = await waitUntilParked(db, before, victim);
      expect(await ledgerRowOf(db, IDS.long)).toMatchObject({ state: 'running', statements_done: k - 1 });
      if (point === 'after') {
        gate = await held(ledgerRowGate(db, IDS.long));
        await before.open();
        connection = await waitUntilParked(db, gate, victim);
        expect(await ledgerRowOf(db, IDS.long)).toMatchObject({ state: 'running', statements_done: k - 1 });
      }
      const stopped = await interrupt(db, victim, connection, gate, how);
      if (how === 'KILL CONNECTION') expect(stopped.code, `${stopped.stdout}\n${stopped.stderr}`).toBe(1);

      const cut = expectedCut(round);
      const ledger = await ledgerOf(db);
      expect(ledger.map((row) => [row.id, row.state, row.statements_done])).toEqual([[IDS.first, 'applied', 1], [IDS.long, cut.state, cut.done]]);
      expect(await effectsOf(db), 'the ledger records exactly the statements that took effect')
        .toEqual(expectedEffects(cut.done, { ahead: cut.nextTookEffect }));
      await expectRecovery(f, cut);
    });
  }

  for (const how of ['KILL CONNECTION', 'SIGKILL'] as const) {
    const outcome = how === 'SIGKILL' ? 'the server runs all of the next one, which it had received' : 'the next run starts the next one afresh';
    it(`${how} between two migrations, when the next one waits to write its ledger row: ${outcome}`, async () => {
      const f = await fixture();
      const { db } = f;
      const last = await held(gateBefore(db, LONG.length));
      const victim = f.start('migrate');
      await waitUntilParked(db, last, victim);
      const gap = await held(ledgerGapGate(db, IDS.long));
      await last.open();
      await waitForLedger(db, IDS.long, 'applied', (row) => row?.state === 'applied');
      const stopped = await interrupt(db, victim, await waitUntilParked(db, gap, victim), gap, how);
      if (how === 'KILL CONNECTION') expect(stopped.code, `${stopped.stdout}\n${stopped.stderr}`).toBe(1);

      const ran = how === 'SIGKILL';
      expect((await ledgerOf(db)).map((row) => [row.id, row.state])).toEqual([[IDS.first, 'applied'], [IDS.long, 'applied'],
        ...(ran ? [[IDS.after, 'applied']] : [])]);
      expect(await effectsOf(db)).toEqual(expectedEffects(LONG.length, { after: ran }));
      await expectRecovery(f, { id: undefined, done: 0, nextIsDdl: false, nextTookEffect: false });
    });
  }
});
