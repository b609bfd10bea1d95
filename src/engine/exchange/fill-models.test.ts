import { describe, it, expect } from 'vitest';
import { propertyRuns } from '../../../test/support/property-runs.js';
import fc from 'fast-check';
import { L2Book } from '../book/l2-book.js';
import { ValueError } from '../model/errors.js';
import type { OrderSide } from '../model/orders.js';
import { FILL_MODEL_NAMES, l1FillModel, l2FillModel, makeFillModel } from './fill-models.js';
import type { LevelTake } from './models.js';

const full = (_price: number, size: number): number => size;

/** bids 99x4, 98x6, 97x1; asks 100x5, 101x3, 102x10 (ticks x lots). */
function sampleBook(): L2Book {
  const book = new L2Book();
  for (const [p, s] of [[99, 4], [98, 6], [97, 1]]) book.bids.set(p, s);
  for (const [p, s] of [[100, 5], [101, 3], [102, 10]]) book.asks.set(p, s);
  return book;
}

describe('l2 fill model', () => {
  it('walks the asks best first with partial fills', () => {
    // 10 lots: 5 at 100, 3 at 101, the last 10 - 5 - 3 = 2 at 102.
    expect(l2FillModel.take(sampleBook(), 'buy', 10, undefined, full)).toEqual([
      { price: 100, qty: 5 },
      { price: 101, qty: 3 },
      { price: 102, qty: 2 },
    ]);
  });

  it('stops at the limit, leaving the rest unfilled', () => {
    // limit 101: 5 + 3 = 8 of 10 lots; 102 is beyond the limit.
    expect(l2FillModel.take(sampleBook(), 'buy', 10, 101, full)).toEqual([
      { price: 100, qty: 5 },
      { price: 101, qty: 3 },
    ]);
  });

  it('hits the bids best first for a sell, within a floor', () => {
    // sell 7, limit 98: 4 at 99, then 7 - 4 = 3 of the 6 at 98.
    expect(l2FillModel.take(sampleBook(), 'sell', 7, 98, full)).toEqual([
      { price: 99, qty: 4 },
      { price: 98, qty: 3 },
    ]);
    // sell 20 without limit: 4 + 6 + 1 = 11, the whole bid side.
    expect(l2FillModel.take(sampleBook(), 'sell', 20, undefined, full)).toEqual([
      { price: 99, qty: 4 },
      { price: 98, qty: 6 },
      { price: 97, qty: 1 },
    ]);
  });

  it('never takes more than the venue says is available, skipping a used-up level', () => {
    // At 100 only 2 of the 5 lots remain: 2 + 3 + (10 - 2 - 3 = 5) at 102.
    const reduced = (p: number, s: number): number => (p === 100 ? 2 : s);
    expect(l2FillModel.take(sampleBook(), 'buy', 10, undefined, reduced)).toEqual([
      { price: 100, qty: 2 },
      { price: 101, qty: 3 },
      { price: 102, qty: 5 },
    ]);
    // 100 used up entirely: the walk goes on to 101 (3) and 102 (4 - 3 = 1).
    const gone = (p: number, s: number): number => (p === 100 ? 0 : s);
    expect(l2FillModel.take(sampleBook(), 'buy', 4, undefined, gone)).toEqual([
      { price: 101, qty: 3 },
      { price: 102, qty: 1 },
    ]);
  });

  it('returns nothing for an empty side, a limit through the book, or qty 0', () => {
    expect(l2FillModel.take(new L2Book(), 'buy', 5, undefined, full)).toEqual([]);
    expect(l2FillModel.take(sampleBook(), 'buy', 5, 99, full)).toEqual([]); // best ask 100 > 99
    expect(l2FillModel.take(sampleBook(), 'sell', 5, 100, full)).toEqual([]); // best bid 99 < 100
    expect(l2FillModel.take(sampleBook(), 'buy', 0, undefined, full)).toEqual([]);
  });

  it('rejects a qty that is not a whole number of lots', () => {
    expect(() => l2FillModel.take(sampleBook(), 'buy', 1.5, undefined, full)).toThrow(ValueError);
    expect(() => l2FillModel.take(sampleBook(), 'buy', -1, undefined, full)).toThrow(ValueError);
  });

  it('treats a negative, NaN or fractional availability as whole lots, never more', () => {
    expect(l2FillModel.take(sampleBook(), 'buy', 4, undefined, (p) => (p === 100 ? -3 : p === 101 ? Number.NaN : 2.7))).toEqual([
      { price: 102, qty: 2 }, // floor(2.7) = 2
    ]);
  });
});

describe('l1 fill model', () => {
  it('takes only the best level, up to its size', () => {
    // 10 wanted, the best ask holds 5: 5 at 100, the other 5 unfilled.
    expect(l1FillModel.take(sampleBook(), 'buy', 10, undefined, full)).toEqual([{ price: 100, qty: 5 }]);
    // 3 wanted, 5 there: all 3 at 100.
    expect(l1FillModel.take(sampleBook(), 'buy', 3, undefined, full)).toEqual([{ price: 100, qty: 3 }]);
    // sell 6: the best bid holds 4.
    expect(l1FillModel.take(sampleBook(), 'sell', 6, undefined, full)).toEqual([{ price: 99, qty: 4 }]);
  });

  it('takes what is available at the best level and does not move on when it is used up', () => {
    expect(l1FillModel.take(sampleBook(), 'buy', 10, undefined, (p, s) => (p === 100 ? 2 : s))).toEqual([{ price: 100, qty: 2 }]);
    expect(l1FillModel.take(sampleBook(), 'buy', 10, undefined, (p, s) => (p === 100 ? 0 : s))).toEqual([]);
  });

  it('respects the limit', () => {
    expect(l1FillModel.take(sampleBook(), 'buy', 1, 99, full)).toEqual([]);
    expect(l1FillModel.take(sampleBook(), 'buy', 1, 100, full)).toEqual([{ price: 100, qty: 1 }]);
    expect(l1FillModel.take(new L2Book(), 'sell', 1, undefined, full)).toEqual([]);
  });
});

describe('makeFillModel', () => {
  it('builds each named model; there is no l3 fill (order-level data changes the queue, not the take)', () => {
    expect(FILL_MODEL_NAMES.map((n) => makeFillModel(n).name)).toEqual(['l1', 'l2']);
    expect(() => makeFillModel('l3' as 'l2')).toThrow(ValueError);
  });

  it('rejects an unknown name', () => {
    expect(() => makeFillModel('l4' as 'l1')).toThrow(ValueError);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties against an independent reference: sort the opposite side best first, keep the
// levels within the limit, and take greedily.
// ---------------------------------------------------------------------------------------------

interface Scenario {
  levels: [number, number][]; // [price, size] on the opposite side, any order
  cut: Map<number, number>; // price -> lots already consumed there
  side: OrderSide;
  qty: number;
  limit: number | undefined;
}

const scenario = fc
  .record({
    prices: fc.uniqueArray(fc.integer({ min: 1, max: 60 }), { maxLength: 12 }),
    sizes: fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 12, maxLength: 12 }),
    cuts: fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 12, maxLength: 12 }),
    side: fc.constantFrom<OrderSide>('buy', 'sell'),
    qty: fc.integer({ min: 0, max: 300 }),
    limit: fc.option(fc.integer({ min: 0, max: 61 }), { nil: undefined }),
  })
  .map(({ prices, sizes, cuts, side, qty, limit }): Scenario => ({
    levels: prices.map((p, i) => [p, sizes[i]]),
    cut: new Map(prices.map((p, i) => [p, cuts[i]])),
    side,
    qty,
    limit,
  }));

function build(s: Scenario): { book: L2Book; available: (p: number, size: number) => number } {
  const book = new L2Book();
  for (const [p, size] of s.levels) (s.side === 'buy' ? book.asks : book.bids).set(p, size);
  // A few levels get a fractional or over-sized cut, as a decaying impact memory would give.
  return { book, available: (p, size) => Math.max(0, size - (s.cut.get(p) ?? 0) * 0.75) };
}

function reference(s: Scenario, available: (p: number, size: number) => number, l1: boolean): LevelTake[] {
  const best = [...s.levels].sort((a, b) => (s.side === 'buy' ? a[0] - b[0] : b[0] - a[0]));
  const within = best.filter(([p]) => s.limit === undefined || (s.side === 'buy' ? p <= s.limit : p >= s.limit));
  const out: LevelTake[] = [];
  let left = s.qty;
  // The levels within a limit are a prefix of the best-first list, so L1's one level is within[0].
  for (const [p, size] of l1 ? within.slice(0, 1) : within) {
    const q = Math.min(left, Math.floor(available(p, size)));
    if (q > 0) out.push({ price: p, qty: q });
    left -= q;
  }
  return out;
}

describe('fill model properties', () => {
  it('never take more than available per level nor more than qty, respect the limit, best levels first', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const { book, available } = build(s);
        for (const model of [l1FillModel, l2FillModel]) {
          const takes = model.take(book, s.side, s.qty, s.limit, available);
          const sizes = new Map(s.levels);
          let total = 0;
          for (const t of takes) {
            expect(Number.isInteger(t.qty) && t.qty > 0).toBe(true);
            expect(t.qty).toBeLessThanOrEqual(available(t.price, sizes.get(t.price)!));
            if (s.limit !== undefined) expect(s.side === 'buy' ? t.price <= s.limit : t.price >= s.limit).toBe(true);
            total += t.qty;
          }
          expect(total).toBeLessThanOrEqual(s.qty);
          // Best first: strictly worsening prices, and exactly the greedy reference.
          for (let i = 1; i < takes.length; i++) {
            expect(s.side === 'buy' ? takes[i].price > takes[i - 1].price : takes[i].price < takes[i - 1].price).toBe(true);
          }
          expect(takes).toEqual(reference(s, available, model.name === 'l1'));
          if (model.name === 'l1') expect(takes.length).toBeLessThanOrEqual(1);
        }
      }),
      { numRuns: propertyRuns(500) },
    );
  });
});
