import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Scheduler } from './scheduler.js';

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
});
