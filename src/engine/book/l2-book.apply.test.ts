import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { propertyRuns } from '../../../test/support/property-runs.js';
import { L2Book } from './l2-book.js';
import { EventKind, Side } from '../model/events.js';

// applyFields runs every book row through one branch-free update (BookSide.update). It must leave
// the book exactly as the plain per-kind calls do: set for a Level, add for an Add, add of the
// negated qty for a Cancel, Delete or Execute, nothing for a trade, clear for a Clear. The
// reference below makes those calls through BookSide.set and BookSide.add, which keep their own
// code; qty includes fractions, -0, infinities and NaN, whose removals must store +0.

function reference(book: L2Book, kind: number, side: number, price: number, qty: number): void {
  const s = side === Side.Bid ? book.bids : book.asks;
  if (kind === EventKind.Level) s.set(price, qty);
  else if (kind === EventKind.Add) s.add(price, qty);
  else if (kind === EventKind.Cancel || kind === EventKind.Delete || kind === EventKind.Execute) s.add(price, -qty);
  else if (kind === EventKind.Clear) book.clear();
}

const BASE = 500_000;
const row = fc.record({
  kind: fc.oneof({ weight: 12, arbitrary: fc.integer({ min: 1, max: 6 }) }, { weight: 1, arbitrary: fc.constant(0) }),
  side: fc.constantFrom(Side.Bid, Side.Ask, Side.None),
  price: fc.oneof(
    { weight: 8, arbitrary: fc.integer({ min: -30, max: 30 }) },
    { weight: 2, arbitrary: fc.integer({ min: -5000, max: 5000 }) },
    { weight: 1, arbitrary: fc.integer({ min: -200_000, max: 200_000 }) },
  ).map((d) => BASE + d),
  qty: fc.oneof(
    { weight: 12, arbitrary: fc.integer({ min: -20, max: 20 }) },
    { weight: 1, arbitrary: fc.constantFrom(-0, 0.5, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN) },
  ),
});

function sameState(a: L2Book, b: L2Book, prices: number[]): void {
  expect(a.levels()).toEqual(b.levels());
  expect([a.bids.depth, a.asks.depth]).toEqual([b.bids.depth, b.asks.depth]);
  for (const p of prices) {
    // Object.is: a removed level reads +0 on both, never -0 on one of them.
    expect(Object.is(a.bids.sizeAt(p), b.bids.sizeAt(p)), `bid size at ${p}`).toBe(true);
    expect(Object.is(a.asks.sizeAt(p), b.asks.sizeAt(p)), `ask size at ${p}`).toBe(true);
  }
}

describe('L2Book.applyFields against the per-kind set and add calls', () => {
  it('the same levels, depths and sizes after every row', () => {
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 300 }), (rows) => {
        const book = new L2Book();
        const ref = new L2Book();
        const prices = [...new Set(rows.map((r) => r.price))];
        for (const r of rows) {
          book.applyFields(r.kind, r.side, r.price, r.qty);
          reference(ref, r.kind, r.side, r.price, r.qty);
          expect([book.bestBid(), book.bestAsk()]).toEqual([ref.bestBid(), ref.bestAsk()]);
        }
        sameState(book, ref, prices);
      }),
      { numRuns: propertyRuns(300) },
    );
  });

  it('kinds outside 0..6 and fractional kinds leave the book alone; a NaN price is refused', () => {
    const book = new L2Book();
    book.applyFields(EventKind.Level, Side.Bid, 100, 5);
    for (const kind of [7, -1, 1.5, Number.NaN]) book.applyFields(kind, Side.Bid, 100, 9);
    expect(book.levels()).toEqual({ bids: [[100, 5]], asks: [] });
    expect(() => book.applyFields(EventKind.Add, Side.Bid, Number.NaN, 1)).toThrow(RangeError);
  });
});
