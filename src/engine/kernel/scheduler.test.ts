import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Scheduler, type Scheduled, type TaskRunner } from './scheduler.js';

describe('Scheduler', () => {
  it('pops earliest first, ties in the order scheduled', () => {
    const s = new Scheduler();
    const ran: string[] = [];
    s.at(5n, () => ran.push('a'));
    s.at(1n, () => ran.push('b'));
    s.at(5n, () => ran.push('c'), true);
    s.at(3n, () => ran.push('d'));
    s.at(1n, () => ran.push('e'));
    expect(s.size).toBe(5);
    expect(s.peekTime()).toBe(1n);
    const lapses: boolean[] = [];
    for (let item = s.pop(); item; item = s.pop()) {
      item.run();
      lapses.push(item.lapses);
    }
    expect(ran).toEqual(['b', 'e', 'd', 'a', 'c']);
    expect(lapses).toEqual([false, false, false, false, true]);
    expect(s.peekTime()).toBeUndefined();
    expect(s.pop()).toBeUndefined();
  });

  it('an item in the heap and one in the lane due at one time run in the order scheduled', () => {
    const s = new Scheduler();
    // The first goes to the heap (it lapses); the lane, empty, starts at the second's time.
    const heap = s.at(5n, () => {}, true);
    const lane = s.at(5n, () => {});
    const later = s.at(5n, () => {}, true);
    expect([s.pop(), s.pop(), s.pop(), s.pop()]).toEqual([heap, lane, later, undefined]);
  });

  it('equals a stable sort by time, with pushes between pops', () => {
    // ops: a time to schedule, or null to pop
    const op = fc.option(fc.bigInt({ min: 0n, max: 20n }), { nil: null, freq: 3 });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
        const s = new Scheduler();
        const model: { time: bigint; id: number }[] = [];
        let id = 0;
        for (const o of ops) {
          if (o === null) {
            const got = s.pop();
            model.sort((x, y) => (x.time < y.time ? -1 : x.time > y.time ? 1 : x.id - y.id));
            const want = model.shift();
            expect(got?.time).toBe(want?.time);
            // seq numbers items in the order they were scheduled
            if (got && want) expect(got.seq).toBe(want.id);
          } else {
            s.at(o, () => undefined);
            model.push({ time: o, id: id++ });
          }
        }
        expect(s.size).toBe(model.length);
      }),
    );
  });

  it('equals a stable sort by time with items taken back, entries reused, between pops, in the lane and the heap', () => {
    // ops: schedule at a time, pop, or take back the k-th item scheduled (which may have run, or been taken back)
    const op = fc.oneof(
      // Lapsing items go to the heap, others to the lane while they share its time: both, mixed.
      { arbitrary: fc.record({ at: fc.bigInt({ min: 0n, max: 20n }), lapses: fc.boolean() }), weight: 4 },
      { arbitrary: fc.constant('pop' as const), weight: 2 },
      { arbitrary: fc.record({ back: fc.nat(300) }), weight: 2 },
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
        const s = new Scheduler();
        const model: { time: bigint; id: number }[] = [];
        const handles: { entry: Scheduled; seq: number }[] = [];
        const ran: number[] = [];
        const want: number[] = [];
        for (const o of ops) {
          if (o === 'pop') {
            const got = s.pop();
            model.sort((x, y) => (x.time < y.time ? -1 : x.time > y.time ? 1 : x.id - y.id));
            const next = model.shift();
            expect(got?.time).toBe(next?.time);
            if (got && next) {
              expect(got.seq).toBe(next.id);
              got.run();
              want.push(next.id);
            }
          } else if ('at' in o) {
            const id = handles.length;
            const entry = s.at(o.at, () => ran.push(id), o.lapses);
            handles.push({ entry, seq: entry.seq });
            model.push({ time: o.at, id });
          } else if (handles.length > 0) {
            const h = handles[o.back % handles.length];
            s.cancel(h.entry, h.seq);
            const k = model.findIndex((m) => m.id === o.back % handles.length);
            if (k >= 0) model.splice(k, 1);
          }
          expect(s.size).toBe(model.length);
          expect(s.peekTime()).toBe(model.length === 0 ? undefined : model.reduce((m, x) => (x.time < m ? x.time : m), model[0].time));
        }
        // Every item that ran was its own closure, never one of an item taken back or run before.
        expect(ran).toEqual(want);
      }),
    );
  });

  it('runs tasks with their arguments and time, and an entry in use is not given out again', () => {
    const s = new Scheduler();
    const seen: unknown[][] = [];
    const runner: TaskRunner = {
      runTask(kind, a, b, time) {
        seen.push([kind, a, b, time]);
        // Scheduling while a task runs must not take the running task's entry.
        if (kind === 1) s.task(time + 1n, runner, 2, 'later', undefined);
      },
    };
    s.task(4n, runner, 1, 'x', 7n);
    const expiry = s.task(9n, runner, 3, 'expiry', undefined, true);
    const expirySeq = expiry.seq;
    const running = s.pop()!;
    running.run();
    // What it scheduled as it ran has an entry of its own, and comes next.
    const later = s.pop()!;
    expect(later).not.toBe(running);
    expect(later.time).toBe(5n);
    s.cancel(expiry, expirySeq);
    expect(s.size).toBe(0);
    // Taking it back again, or through the seq of an entry now reused, does nothing.
    const reused = s.task(20n, runner, 4, 'y', undefined, true);
    expect(reused).toBe(expiry);
    s.cancel(expiry, expirySeq);
    expect(s.size).toBe(1);
    expect(seen).toEqual([[1, 'x', 7n, 4n]]);
    const item = s.pop()!;
    expect(item).toBe(reused);
    expect([item.time, item.lapses]).toEqual([20n, true]);
    item.run();
    expect(seen.at(-1)).toEqual([4, 'y', undefined, 20n]);
  });
});

describe('Scheduler, an item taken back from the middle of the heap', () => {
  /** Schedules closures at `times` in order, takes back the one at `cancel`, and pops the rest. */
  function popsAfterCancel(times: number[], cancel: number): number[] {
    const s = new Scheduler();
    const items = times.map((t) => s.at(BigInt(t), () => {}));
    const gone = items[times.indexOf(cancel)];
    s.cancel(gone, gone.seq);
    const out: number[] = [];
    for (let item = s.pop(); item !== undefined; item = s.pop()) out.push(Number(item.time));
    return out;
  }

  it('the last entry put in its place moves down when it is later than what is below', () => {
    // a heap of 1..7 in order: taking back 2 puts 7 at its place, above 4 and 5
    expect(popsAfterCancel([1, 2, 3, 4, 5, 6, 7], 2)).toEqual([1, 3, 4, 5, 6, 7]);
  });

  it('whichever item of whichever heap of seven is taken back, the rest pop in order', () => {
    // every order of scheduling 1..7 (5,040 heaps), each item taken back in turn: the entry put in
    // its place must move up in some, down in others
    const permutations = (xs: number[]): number[][] => (xs.length <= 1 ? [xs] : xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p])));
    let wrong = 0;
    let cases = 0;
    for (const p of permutations([1, 2, 3, 4, 5, 6, 7])) {
      for (const c of p) {
        cases++;
        const want = [1, 2, 3, 4, 5, 6, 7].filter((t) => t !== c);
        if (popsAfterCancel(p, c).join() !== want.join()) wrong++;
      }
    }
    expect([cases, wrong]).toEqual([35_280, 0]);
  });
});
