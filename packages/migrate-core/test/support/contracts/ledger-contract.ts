// What every Ledger does, run against each implementation: the in-memory twin (unit) and the MySQL table
// (integration). Empty state first, destructive cases (rows removed) last.
import { describe, expect, it } from 'vitest';
import type { Ledger, LedgerWrite, PreState } from '../../../src/ledger/ledger.js';
import type { LedgerRow } from '../../../src/model.js';

export interface LedgerSubject {
  /** A ledger that does not exist yet. */
  readonly ledger: Ledger;
  /** The same ledger through another connection: what the next run sees after a restart. */
  reopen(): Promise<Ledger>;
  /** Closes whatever the subject opened. */
  end(): Promise<void>;
}

const A = '20260101000000_a';
const B = '20260102000000_b';
const C = '20260103000000_c';
const AT = new Date('2026-03-04T05:06:07.089Z');

const begin: Extract<LedgerWrite, { kind: 'begin'; direction: 'up' }> = { kind: 'begin', direction: 'up', id: A, seq: 1, checksum: 'sha256:a', total: 3, by: 'runner-1' };
const progress = (done: number, id = A): LedgerWrite => ({ kind: 'progress', id, done, doneChecksum: `sha256:done-${done}` });
const complete: LedgerWrite = { kind: 'complete', direction: 'up', id: A, checksum: 'sha256:a2', done: 3, doneChecksum: 'sha256:done-3' };
const ERROR = 'statement 2 (line 2): boom';
const fail: LedgerWrite = { kind: 'fail', id: A, error: ERROR };
const resume: LedgerWrite = { kind: 'resume', id: A, total: 4, by: 'runner-2' };
const resolved = (id: string, seq: number): LedgerWrite => ({ kind: 'resolve', as: 'applied', id, seq, checksum: `sha256:${id}`, total: 3, by: 'by hand', at: AT });
const down: LedgerWrite = { kind: 'begin', direction: 'down', id: A, total: 2, by: 'runner-3' };

const T = [{ kind: 'table', name: 'contract_t' }] as const;
const signed = (index: number): PreState => ({ index, objects: T });
const unsigned = (index: number): PreState => ({ index, objects: null });

/**
 * A row without its times (whether it has finished, whether a duration was recorded) and without its
 * pre-state's signature (whether one was recorded: its value is the server's, a sha256 hex after its format's
 * `v<n>:`, or bare in the first format).
 */
function shape(row: LedgerRow) {
  const { startedAt, finishedAt, durationMs, preState, ...rest } = row;
  expect(startedAt).toBeInstanceOf(Date);
  return { ...rest, preIndex: row.preIndex ?? null, finished: finishedAt !== null, timed: durationMs !== null, signed: typeof preState === 'string' && /^(v\d+:)?[0-9a-f]{64}$/.test(preState) };
}

type Shape = ReturnType<typeof shape>;

const running: Shape = { id: A, seq: 1, checksum: 'sha256:a', state: 'running', direction: 'up', statementsDone: 0, statementsTotal: 3, doneChecksum: null, error: null, appliedBy: 'runner-1', finished: false, timed: false, preIndex: null, signed: false };
const applied: Shape = { ...running, checksum: 'sha256:a2', state: 'applied', statementsDone: 3, doneChecksum: 'sha256:done-3', finished: true, timed: true };
const failed: Shape = { ...running, state: 'failed', statementsDone: 1, doneChecksum: 'sha256:done-1', error: ERROR, finished: true };
const stamped: Shape = { id: A, seq: 5, checksum: `sha256:${A}`, state: 'applied', direction: 'up', statementsDone: 3, statementsTotal: 3, doneChecksum: null, error: null, appliedBy: 'by hand', finished: true, timed: true, preIndex: null, signed: false };
const settle = (as: 'done' | 'not-done', done: number): LedgerWrite => ({ kind: 'settle', id: A, as, done, doneChecksum: `sha256:done-${done}`, note: `settled ${as}` });

/** Write sequences and the one row each leaves. */
const SEQUENCES: ReadonlyArray<{ name: string; writes: LedgerWrite[]; row: Shape }> = [
  { name: 'begin up: a running row, nothing done', writes: [begin], row: running },
  { name: 'progress: statements done and their checksum', writes: [begin, progress(1), progress(2)], row: { ...running, statementsDone: 2, doneChecksum: 'sha256:done-2' } },
  { name: 'progress written twice', writes: [begin, progress(1), progress(1)], row: { ...running, statementsDone: 1, doneChecksum: 'sha256:done-1' } },
  { name: 'complete up: applied, with the new checksum', writes: [begin, progress(1), progress(2), complete], row: applied },
  { name: 'complete written twice', writes: [begin, complete, complete], row: applied },
  { name: 'fail: failed, statements done kept', writes: [begin, progress(1), fail], row: failed },
  { name: 'fail written twice', writes: [begin, progress(1), fail, fail], row: failed },
  { name: 'resume: running again, error cleared, done kept', writes: [begin, progress(1), fail, resume],
    row: { ...failed, state: 'running', error: null, statementsTotal: 4, appliedBy: 'runner-2' } },
  { name: 'resume, then complete', writes: [begin, progress(1), fail, resume, progress(2), complete], row: { ...applied, statementsTotal: 4, appliedBy: 'runner-2' } },
  { name: 'resolve applied: a new applied row', writes: [resolved(A, 5)], row: stamped },
  { name: 'resolve applied written twice', writes: [resolved(A, 5), resolved(A, 5)], row: stamped },
  { name: 'resolve applied on a failed row: keeps its seq and done checksum', writes: [begin, progress(1), fail, resolved(A, 5)],
    row: { ...stamped, seq: 1, doneChecksum: 'sha256:done-1', timed: false } },
  { name: 'begin down on an applied row: a running down run', writes: [resolved(A, 5), down],
    row: { ...stamped, state: 'running', direction: 'down', statementsDone: 0, statementsTotal: 2, appliedBy: 'runner-3', finished: false, timed: false } },
  { name: 'a down run that fails', writes: [resolved(A, 5), down, progress(1), fail],
    row: { ...stamped, state: 'failed', direction: 'down', statementsDone: 1, statementsTotal: 2, doneChecksum: 'sha256:done-1', error: ERROR, appliedBy: 'runner-3', timed: false } },
  { name: 'begin with the first statement\'s pre-state: its index and signature', writes: [{ ...begin, pre: signed(1) }], row: { ...running, preIndex: 1, signed: true } },
  { name: 'progress with the next statement\'s pre-state, then one without', writes: [begin, { kind: 'progress', id: A, done: 1, doneChecksum: 'sha256:done-1', pre: signed(2) }],
    row: { ...running, statementsDone: 1, doneChecksum: 'sha256:done-1', preIndex: 2, signed: true } },
  { name: 'a pre-state without objects: its index alone', writes: [begin, { kind: 'progress', id: A, done: 1, doneChecksum: 'sha256:done-1', pre: unsigned(2) }],
    row: { ...running, statementsDone: 1, doneChecksum: 'sha256:done-1', preIndex: 2 } },
  { name: 'progress without a pre-state clears the one before', writes: [{ ...begin, pre: signed(1) }, progress(1)], row: { ...running, statementsDone: 1, doneChecksum: 'sha256:done-1' } },
  { name: 'fail clears the pre-state', writes: [{ ...begin, pre: signed(1) }, fail], row: { ...running, state: 'failed', error: ERROR, finished: true } },
  { name: 'fail that keeps the pre-state (nobody knows what the statement did)', writes: [{ ...begin, pre: signed(1) }, { ...fail, keepPre: true }],
    row: { ...running, state: 'failed', error: ERROR, finished: true, preIndex: 1, signed: true } },
  { name: 'complete clears the pre-state', writes: [{ ...begin, pre: signed(1) }, complete], row: applied },
  { name: 'resume that records the interrupted statement done, with the next one\'s pre-state',
    writes: [{ ...begin, pre: signed(1) }, { ...resume, done: { done: 1, doneChecksum: 'sha256:done-1' }, pre: unsigned(2) }],
    row: { ...running, statementsDone: 1, doneChecksum: 'sha256:done-1', statementsTotal: 4, appliedBy: 'runner-2', preIndex: 2 } },
  { name: 'settle as done: the statement in doubt counts as done', writes: [{ ...begin, pre: signed(1) }, settle('done', 1)],
    row: { ...running, state: 'failed', statementsDone: 1, doneChecksum: 'sha256:done-1', error: 'settled done' } },
  { name: 'settle as not done: it runs again', writes: [begin, progress(1), { ...fail, keepPre: true }, settle('not-done', 1)],
    row: { ...failed, error: 'settled not-done' } },
  { name: 'an error longer than the column holds is cut, whatever the session\'s sql_mode', writes: [begin, { kind: 'fail', id: A, error: 'x'.repeat(70_000) }],
    row: { ...running, state: 'failed', error: `${'x'.repeat(3999)}…`, finished: true } },
];

export function describeLedgerContract(name: string, make: () => Promise<LedgerSubject>): void {
  /** A fresh subject, ready for writing unless `prepare` is false; always ended. */
  const using = (body: (ledger: Ledger, subject: LedgerSubject) => Promise<void>, prepare = true) => async () => {
    const subject = await make();
    try {
      if (prepare) await subject.ledger.prepare();
      await body(subject.ledger, subject);
    } finally {
      await subject.end();
    }
  };
  const writeAll = async (ledger: Ledger, writes: readonly LedgerWrite[]) => {
    for (const write of writes) await ledger.write(write);
  };

  describe(`${name}: the Ledger contract`, () => {
    it('starts empty, and listing it creates nothing', using(async (ledger) => {
      expect(await ledger.list()).toEqual([]);
      await expect(ledger.write(begin)).rejects.toThrow();
      expect(await ledger.prepare()).toEqual([]);
      expect(await ledger.list()).toEqual([]);
      expect(await ledger.statementsDone(A)).toBeUndefined();
    }, false));

    it('prepares again without losing rows', using(async (ledger) => {
      await ledger.write(begin);
      expect((await ledger.prepare()).map(shape)).toEqual([running]);
    }));

    for (const sequence of SEQUENCES) {
      it(`leaves the row of each write sequence: ${sequence.name}`, using(async (ledger) => {
        await writeAll(ledger, sequence.writes);
        expect((await ledger.list()).map(shape)).toEqual([sequence.row]);
      }));
    }

    it('does the same through its verbs as through write()', using(async (ledger) => {
      await ledger.begin({ direction: 'up', id: A, seq: 1, checksum: 'sha256:a', total: 3, by: 'runner-1' });
      await ledger.progress({ id: A, done: 1, doneChecksum: 'sha256:done-1' });
      await ledger.fail({ id: A, error: ERROR });
      expect((await ledger.list()).map(shape)).toEqual([failed]);
      await ledger.resume({ id: A, total: 4, by: 'runner-2' });
      await ledger.complete({ direction: 'up', id: A, checksum: 'sha256:a2', done: 3, doneChecksum: 'sha256:done-3' });
      await ledger.resolve({ as: 'applied', id: B, seq: 2, checksum: `sha256:${B}`, total: 3, by: 'by hand', at: AT });
      expect((await ledger.list()).map(shape)).toEqual([{ ...applied, statementsTotal: 4, appliedBy: 'runner-2' }, { ...stamped, id: B, seq: 2, checksum: `sha256:${B}` }]);
    }));

    it('changes nothing when a write names a row that does not exist', using(async (ledger) => {
      await writeAll(ledger, [progress(1), fail, resume, complete, down]);
      expect(await ledger.list()).toEqual([]);
    }));

    it('refuses to begin an up run on a row that exists, and keeps the row', using(async (ledger) => {
      await writeAll(ledger, [begin, progress(1)]);
      await expect(ledger.write({ ...begin, checksum: 'sha256:other' })).rejects.toThrow();
      expect((await ledger.list()).map(shape)).toEqual([{ ...running, statementsDone: 1, doneChecksum: 'sha256:done-1' }]);
    }));

    it('lists rows by seq, whatever the order they were written in', using(async (ledger) => {
      await writeAll(ledger, [resolved(C, 3), begin, resolved(B, 2)]);
      expect((await ledger.list()).map((row) => [row.seq, row.id])).toEqual([[1, A], [2, B], [3, C]]);
    }));

    it('reads statements done: undefined without a row, then as progress records them', using(async (ledger) => {
      expect(await ledger.statementsDone(A)).toBeUndefined();
      await ledger.write(begin);
      expect(await ledger.statementsDone(A)).toBe(0);
      await writeAll(ledger, [progress(1), progress(2)]);
      expect(await ledger.statementsDone(A)).toBe(2);
      await ledger.write(fail);
      expect(await ledger.statementsDone(A)).toBe(2);
    }));

    it('times each run: start and finish from its clock, the duration between them; resolve takes the time given', using(async (ledger) => {
      await writeAll(ledger, [begin, complete, resolved(B, 2)]);
      const [run, stamp] = await ledger.list();
      expect(run!.finishedAt!.getTime()).toBeGreaterThanOrEqual(run!.startedAt.getTime());
      expect(run!.durationMs).toBe(run!.finishedAt!.getTime() - run!.startedAt.getTime());
      expect([stamp!.startedAt, stamp!.finishedAt, stamp!.durationMs]).toEqual([AT, AT, 0]);
    }));

    it('times a completion whose span names marks never recorded as one without a span: from its start to its finish', using(async (ledger) => {
      // Marks are recorded by stop points in the session (StepItem `checkpoint` with `mark`): none here.
      await writeAll(ledger, [begin]);
      const [before] = await ledger.list();
      await ledger.write({ ...complete, span: { from: 'never_marked', to: 'never_marked_either' } } as LedgerWrite);
      const [run] = await ledger.list();
      expect(run!.state).toBe('applied');
      expect(run!.startedAt).toEqual(before!.startedAt);
      expect(run!.finishedAt!.getTime()).toBeGreaterThanOrEqual(run!.startedAt.getTime());
      expect(run!.durationMs).toBe(run!.finishedAt!.getTime() - run!.startedAt.getTime());
    }));

    it('reads the durations of the rows asked for: finished runs only, none for a running or missing row', using(async (ledger) => {
      expect(await ledger.durations([A])).toEqual(new Map());
      await writeAll(ledger, [begin, resolved(B, 2)]);
      expect(await ledger.durations([A, B, C])).toEqual(new Map([[B, 0]]));
      await ledger.write(complete);
      const [run] = await ledger.list();
      expect(await ledger.durations([A, B])).toEqual(new Map([[A, run!.durationMs!], [B, 0]]));
      expect(await ledger.durations([])).toEqual(new Map());
    }));

    it('shows the next run, through another connection, where to resume: statements done and their checksum', using(async (ledger, subject) => {
      await writeAll(ledger, [begin, progress(1), progress(2)]);
      const next = await subject.reopen();
      expect((await next.list()).map(shape)).toEqual([{ ...running, statementsDone: 2, doneChecksum: 'sha256:done-2' }]);
      expect(await next.statementsDone(A)).toBe(2);
      await writeAll(next, [resume, complete]);
      expect((await ledger.list()).map(shape)).toEqual([{ ...applied, statementsTotal: 4, appliedBy: 'runner-2' }]);
    }));

    it('hands out rows the caller owns: changing them changes nothing', using(async (ledger) => {
      await ledger.write(resolved(A, 5));
      const [row] = await ledger.list();
      (row as { state: string }).state = 'failed';
      row!.startedAt.setTime(0);
      expect((await ledger.list()).map(shape)).toEqual([stamped]);
      expect((await ledger.list())[0]!.startedAt).toEqual(AT);
    }));

    it('removes the row when a down run completes', using(async (ledger) => {
      await writeAll(ledger, [resolved(A, 1), resolved(B, 2), { ...down, id: B }, progress(1, B), { kind: 'complete', direction: 'down', id: B }]);
      expect((await ledger.list()).map((row) => row.id)).toEqual([A]);
      expect(await ledger.statementsDone(B)).toBeUndefined();
    }));

    it('removes the row when resolved as rolled back; removing it again changes nothing', using(async (ledger) => {
      await writeAll(ledger, [resolved(A, 1), resolved(B, 2)]);
      await ledger.resolve({ as: 'rolled-back', id: A });
      await ledger.resolve({ as: 'rolled-back', id: A });
      expect((await ledger.list()).map((row) => row.id)).toEqual([B]);
    }));
  });
}
