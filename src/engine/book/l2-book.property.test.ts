import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { propertyRuns } from '../../../test/support/property-runs.js';
import { BookSide } from './book-side.js';
import { L2Book } from './l2-book.js';
import { EventKind, Side } from '../model/events.js';

// The tick-indexed book side against the plainest possible one: a map of price to size, sorted
// on demand. Prices mix the touch, a few thousand ticks out and hundreds of thousands out, so
// that the window slides up, grows, empties and refills, and levels live on the far side.

class NaiveSide {
  readonly levels = new Map<number, number>();
  constructor(private readonly isBid: boolean) {}

  set(price: number, size: number): void {
    if (size > 0) this.levels.set(price, size);
    else this.levels.delete(price);
  }

  add(price: number, delta: number): number {
    const size = (this.levels.get(price) ?? 0) + delta;
    if (this.levels.has(price) || delta > 0) this.set(price, size);
    return this.levels.has(price) || size <= 0 ? size : delta;
  }

  sorted(): [number, number][] {
    return [...this.levels.entries()].sort((a, b) => (this.isBid ? b[0] - a[0] : a[0] - b[0]));
  }
}

type Op = { op: 'set' | 'add'; price: number; qty: number } | { op: 'clear' } | { op: 'peek'; levels: number[] };

const BASE = 1_000_000;
const priceArb = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: -40, max: 40 }) },
  { weight: 3, arbitrary: fc.integer({ min: -3000, max: 3000 }) },
  { weight: 1, arbitrary: fc.integer({ min: -300_000, max: 300_000 }) },
).map((d) => BASE + d);

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 10, arbitrary: fc.record({ op: fc.constantFrom('set' as const, 'add' as const), price: priceArb, qty: fc.integer({ min: -30, max: 30 }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('peek' as const), levels: fc.array(fc.nat({ max: 12 }), { maxLength: 6 }) }) },
  { weight: 1, arbitrary: fc.constant({ op: 'clear' as const }) },
);

function expectSame(side: BookSide, naive: NaiveSide, peeks: number[]): void {
  const want = naive.sorted();
  expect(side.depth).toBe(want.length);
  // Levels in a random order first (the walk resumes from the last level visited), then all.
  for (const l of peeks) {
    expect(side.priceAt(l)).toBe(want[l]?.[0]);
    expect(side.sizeAtLevel(l)).toBe(want[l]?.[1] ?? 0);
  }
  const got: [number, number][] = [];
  for (let l = 0; l < side.depth; l++) got.push([side.priceAt(l)!, side.sizeAtLevel(l)]);
  expect(got).toEqual(want);
  expect(side.priceAt(want.length)).toBeUndefined();
  expect(want.map(([p]) => side.sizeAt(p))).toEqual(want.map(([, s]) => s));
}

describe('BookSide (tick window, far levels) against a sorted map', () => {
  for (const isBid of [true, false]) {
    it(`${isBid ? 'bids' : 'asks'}: same levels, sizes and add results after every update`, () => {
      fc.assert(
        fc.property(fc.array(opArb, { minLength: 20, maxLength: 400, size: 'max' }), (ops) => {
          const side = new BookSide(isBid);
          const naive = new NaiveSide(isBid);
          for (const o of ops) {
            if (o.op === 'clear') {
              side.clear();
              naive.levels.clear();
            } else if (o.op === 'set') {
              side.set(o.price, o.qty);
              naive.set(o.price, o.qty);
            } else if (o.op === 'add') {
              expect(side.add(o.price, o.qty)).toBe(naive.add(o.price, o.qty));
            }
            expectSame(side, naive, o.op === 'peek' ? o.levels : []);
          }
        }),
        { numRuns: propertyRuns(60) },
      );
    });
  }

  it('moves the window onto the far levels when it empties, taking in those at its new lower edge', () => {
    const side = new BookSide(true);
    side.set(10_000, 1);
    // Far below the window (it starts 256 ticks wide, the best 3/4 of the way up).
    side.set(5_000, 5);
    side.set(5_000 - 192, 7);
    side.set(10_000, 0);
    expect([side.priceAt(0), side.priceAt(1), side.depth]).toEqual([5_000, 4_808, 2]);
    expect([side.sizeAt(5_000), side.sizeAt(4_808)]).toEqual([5, 7]);
  });

  it('refuses a price that is not a whole number of ticks', () => {
    const side = new BookSide(true);
    expect(() => side.set(100.5, 1)).toThrow(RangeError);
    expect(() => new L2Book().applyFields(EventKind.Level, Side.Ask, Number.NaN, 1)).toThrow(RangeError);
  });
});
