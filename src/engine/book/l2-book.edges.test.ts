import { describe, expect, it } from 'vitest';
import { BookSide } from './book-side.js';
import { L2Book } from './l2-book.js';
import { EventKind, Side } from '../model/events.js';

// The book at the edges of its layout, with every expected level written out by hand: the tick
// window (256 ticks to start, doubling to 65,536), the far levels kept sorted outside it, the walk
// down the levels that resumes where it stopped, and each kind of market event.

/** Every level of a side, best first. */
function levelsOf(side: BookSide): [number, number][] {
  const out: [number, number][] = [];
  for (let l = 0; l < side.depth; l++) out.push([side.priceAt(l)!, side.sizeAtLevel(l)]);
  expect(side.priceAt(side.depth)).toBeUndefined();
  expect(side.sizeAtLevel(side.depth)).toBe(0);
  return out;
}

describe('L2Book events', () => {
  it('applies each kind of event to its side', () => {
    const book = new L2Book();
    book.applyFields(EventKind.Level, Side.Bid, 99, 10);
    book.applyFields(EventKind.Level, Side.Ask, 101, 8);
    book.applyFields(EventKind.Add, Side.Bid, 99, 5); // 15
    book.applyFields(EventKind.Add, Side.Ask, 102, 4); // a new level
    book.applyFields(EventKind.Cancel, Side.Bid, 99, 2); // 13
    book.applyFields(EventKind.Delete, Side.Ask, 101, 3); // 5
    book.applyFields(EventKind.Execute, Side.Bid, 99, 3); // 10
    book.applyFields(EventKind.Trade, Side.Bid, 101, 5); // a print leaves the book alone
    book.applyFields(99, Side.Bid, 99, 5); // so does a kind the book does not know
    expect(book.levels()).toEqual({ bids: [[99, 10]], asks: [[101, 5], [102, 4]] });
    expect([book.bestBid(), book.bestAsk()]).toEqual([99, 101]);
    book.apply({ kind: EventKind.Execute, side: Side.Ask, price: 101, qty: 5, orderId: 1, tsExch: 0n, tsLocal: 0n, record: 1 });
    expect(book.levels()).toEqual({ bids: [[99, 10]], asks: [[102, 4]] });
    expect(book.side(Side.Ask)).toBe(book.asks);
    expect(book.side(Side.Bid)).toBe(book.bids);
    book.applyFields(EventKind.Clear, Side.None, 0, 0);
    expect(book.levels()).toEqual({ bids: [], asks: [] });
    expect([book.bestBid(), book.bestAsk()]).toEqual([undefined, undefined]);
  });

  it('levels(n) gives the best n of each side', () => {
    const book = new L2Book();
    for (const [p, q] of [
      [97, 3],
      [99, 1],
      [98, 2],
    ]) {
      book.bids.set(p, q);
      book.asks.set(p + 5, q);
    }
    expect(book.levels(2)).toEqual({ bids: [[99, 1], [98, 2]], asks: [[102, 3], [103, 2]] });
    expect(book.levels(0)).toEqual({ bids: [], asks: [] });
    expect(book.levels(10).bids).toHaveLength(3);
  });
});

describe('BookSide inside the window', () => {
  it('add returns the size after it, removes a level taken to zero or below, and does not create one from a negative', () => {
    const side = new BookSide(true);
    side.set(100, 5);
    expect(side.add(100, 3)).toBe(8);
    expect(side.add(100, -10)).toBe(-2);
    expect(side.depth).toBe(0);
    expect(side.sizeAt(100)).toBe(0);
    side.set(100, 5);
    expect(side.add(99, -4)).toBe(-4); // nothing there: nothing made
    expect(side.add(98, 6)).toBe(6);
    expect(levelsOf(side)).toEqual([
      [100, 5],
      [98, 6],
    ]);
    expect(side.add(100, -5)).toBe(0);
    expect(levelsOf(side)).toEqual([[98, 6]]);
  });

  it('set with zero or less removes, and finds the next best across bitmap words', () => {
    const side = new BookSide(true);
    // The first level puts the window's top a quarter above it: 1000 sits at index 192.
    side.set(1000, 1);
    side.set(1000 - 40, 2); // another 32-bit word
    side.set(1000 - 150, 3); // several words down
    side.set(1000 - 191, 4); // index 1, the first word
    expect(levelsOf(side)).toEqual([
      [1000, 1],
      [960, 2],
      [850, 3],
      [809, 4],
    ]);
    side.set(1000, 0);
    expect(side.priceAt(0)).toBe(960);
    side.set(960, -1);
    expect(side.priceAt(0)).toBe(850);
    side.set(850, 0);
    expect([side.priceAt(0), side.sizeAtLevel(0), side.depth]).toEqual([809, 4, 1]);
    side.set(809, 0);
    expect([side.priceAt(0), side.sizeAtLevel(0), side.depth]).toEqual([undefined, 0, 0]);
    // Removing a level that is not there changes nothing.
    side.set(700, 0);
    expect(side.depth).toBe(0);
  });

  it('asks are best lowest', () => {
    const side = new BookSide(false);
    side.set(105, 1);
    side.set(103, 2);
    side.set(110, 3);
    expect(levelsOf(side)).toEqual([
      [103, 2],
      [105, 1],
      [110, 3],
    ]);
    side.add(103, -2);
    expect(side.priceAt(0)).toBe(105);
  });

  it('the walk down the levels resumes where it stopped, and starts again after any change', () => {
    const side = new BookSide(true);
    for (const p of [100, 98, 96, 94, 92]) side.set(p, p - 90);
    expect([side.priceAt(3), side.sizeAtLevel(3)]).toEqual([94, 4]);
    expect([side.priceAt(1), side.sizeAtLevel(1)]).toEqual([98, 8]); // backwards: from the best again
    expect([side.priceAt(4), side.sizeAtLevel(2)]).toEqual([92, 6]);
    side.set(97, 7); // a new level between: level 2 is now 97
    expect([side.priceAt(2), side.sizeAtLevel(3)]).toEqual([97, 6]);
    side.set(98, 0); // level 1 removed: level 2 is now 96
    expect(side.priceAt(2)).toBe(96);
    side.add(97, -7);
    expect(side.priceAt(1)).toBe(96);
    side.add(99, 1);
    expect(side.priceAt(1)).toBe(99);
    side.clear();
    expect([side.priceAt(1), side.depth]).toEqual([undefined, 0]);
    side.set(50, 1);
    side.set(49, 2);
    expect(levelsOf(side)).toEqual([
      [50, 1],
      [49, 2],
    ]);
  });
});

describe('L2Book rows through the one update path', () => {
  const L = EventKind.Level;
  const A = EventKind.Add;
  const C = EventKind.Cancel;

  it('a row that creates, changes or removes a level keeps depth, best and the walk right', () => {
    const book = new L2Book();
    for (const [p, q] of [
      [100, 1],
      [98, 2],
      [96, 3],
      [94, 4],
    ]) book.applyFields(L, Side.Bid, p, q);
    expect([book.bids.priceAt(2), book.bids.depth]).toEqual([96, 4]); // the walk stops at level 2
    book.applyFields(A, Side.Bid, 97, 7); // a new level above it: level 2 is now 97
    expect([book.bids.priceAt(2), book.bids.sizeAtLevel(2), book.bids.depth]).toEqual([97, 7, 5]);
    expect(book.bids.priceAt(3)).toBe(96);
    book.applyFields(C, Side.Bid, 98, 2); // a level above it goes: level 2 is now 96
    expect([book.bids.priceAt(2), book.bids.depth]).toEqual([96, 4]);
    book.applyFields(A, Side.Bid, 96, 1); // a size change only
    expect([book.bids.priceAt(2), book.bids.sizeAtLevel(2), book.bids.depth]).toEqual([96, 4, 4]);
    book.applyFields(L, Side.Bid, 100, 0); // the best goes
    expect([book.bestBid(), book.bids.depth]).toEqual([97, 3]);
    book.applyFields(C, Side.Bid, 97, 10); // the new best, taken below zero
    expect([book.bestBid(), book.bids.depth]).toEqual([96, 2]);
    expect(Object.is(book.bids.sizeAt(97), 0)).toBe(true); // +0, never -0
    book.applyFields(L, Side.Bid, 101, 2); // a new best
    expect(levelsOf(book.bids)).toEqual([
      [101, 2],
      [96, 4],
      [94, 4],
    ]);
    book.applyFields(C, Side.Bid, 99, 3); // nothing there: nothing made
    book.applyFields(L, Side.Bid, 95, -2); // a Level of less than nothing is none
    expect(book.bids.depth).toBe(3);
    for (const p of [101, 96, 94]) book.applyFields(L, Side.Bid, p, 0);
    expect([book.bestBid(), book.bids.depth, book.bids.priceAt(0)]).toEqual([undefined, 0, undefined]);
  });

  it('asks, and a level in another bitmap word than the best', () => {
    const book = new L2Book();
    book.applyFields(L, Side.Ask, 200, 1);
    book.applyFields(A, Side.Ask, 260, 5); // 60 ticks worse: two words away
    book.applyFields(A, Side.Ask, 233, 2);
    expect(levelsOf(book.asks)).toEqual([
      [200, 1],
      [233, 2],
      [260, 5],
    ]);
    book.applyFields(EventKind.Execute, Side.Ask, 200, 1);
    expect(book.bestAsk()).toBe(233);
    book.applyFields(EventKind.Delete, Side.Ask, 233, 2);
    expect(levelsOf(book.asks)).toEqual([[260, 5]]);
    book.applyFields(EventKind.Delete, Side.Ask, 260, 5);
    expect([book.bestAsk(), book.asks.depth]).toEqual([undefined, 0]);
  });

  it('rows far from the window and after it emptied go where set and add would put them', () => {
    const book = new L2Book();
    book.applyFields(L, Side.Bid, 1_000_000, 1);
    book.applyFields(A, Side.Bid, 700_000, 3); // far below
    book.applyFields(L, Side.Bid, 1_300_000, 2); // far above: the window slides up
    expect(levelsOf(book.bids)).toEqual([
      [1_300_000, 2],
      [1_000_000, 1],
      [700_000, 3],
    ]);
    book.applyFields(C, Side.Bid, 1_300_000, 2);
    book.applyFields(C, Side.Bid, 1_000_000, 1);
    expect(levelsOf(book.bids)).toEqual([[700_000, 3]]);
    book.applyFields(A, Side.Bid, 700_000, 4);
    expect(levelsOf(book.bids)).toEqual([[700_000, 7]]);
  });

  it('a Level after an infinite size sets the new size; an infinite or NaN row behaves as set and add do', () => {
    const book = new L2Book();
    book.applyFields(L, Side.Bid, 100, Infinity);
    expect(book.bids.sizeAt(100)).toBe(Infinity);
    book.applyFields(L, Side.Bid, 100, 5);
    expect(levelsOf(book.bids)).toEqual([[100, 5]]);
    book.applyFields(A, Side.Bid, 100, Number.NaN); // NaN size: the level goes
    expect([book.bids.depth, Object.is(book.bids.sizeAt(100), 0)]).toEqual([0, true]);
    book.applyFields(L, Side.Bid, 100, 3);
    book.applyFields(C, Side.Bid, 100, Infinity);
    expect([book.bids.depth, Object.is(book.bids.sizeAt(100), 0)]).toEqual([0, true]);
  });
});

describe('BookSide outside the window', () => {
  it('a new best above the window slides it up; the levels it leaves go to the far side and come back', () => {
    const side = new BookSide(true);
    side.set(1000, 1);
    side.set(999, 2);
    side.set(900, 3);
    // 1000 + 3000 is far above a window of 256 ticks (it doubles once, then slides).
    side.set(4000, 4);
    expect(levelsOf(side)).toEqual([
      [4000, 4],
      [1000, 1],
      [999, 2],
      [900, 3],
    ]);
    expect([side.sizeAt(1000), side.sizeAt(999), side.sizeAt(900), side.sizeAt(950)]).toEqual([1, 2, 3, 0]);
    side.set(4000, 0); // the window empties: it moves down onto the far levels
    expect(levelsOf(side)).toEqual([
      [1000, 1],
      [999, 2],
      [900, 3],
    ]);
    side.set(1001, 5);
    expect(side.priceAt(0)).toBe(1001);
  });

  it('a best just above the window slides it by whole words and keeps the levels still inside', () => {
    const side = new BookSide(true);
    side.set(1000, 1); // window 808..1063
    side.set(820, 2);
    side.set(1100, 3); // above: the window doubles (552..1063), then slides up 192 ticks (744..1255)
    expect(levelsOf(side)).toEqual([
      [1100, 3],
      [1000, 1],
      [820, 2],
    ]);
    side.set(1100, 0);
    side.set(1000, 0);
    expect(levelsOf(side)).toEqual([[820, 2]]);
  });

  it('levels far below the window are kept sorted, found, changed and removed', () => {
    const side = new BookSide(true);
    side.set(1_000_000, 1);
    // 40 levels 100,000 ticks and more below: beyond even the largest window.
    const far: [number, number][] = [];
    for (let i = 0; i < 40; i++) far.push([900_000 - 7 * i, i + 1]);
    for (const [p, q] of [...far].reverse()) side.set(p, q);
    expect(levelsOf(side)).toEqual([[1_000_000, 1], ...far]);
    // Deep in the list (binary search) and near its best end (the first few looked at).
    expect(side.sizeAt(far[30][0])).toBe(31);
    expect(side.sizeAt(far[1][0])).toBe(2);
    expect(side.sizeAt(far[30][0] + 1)).toBe(0);
    expect(side.sizeAt(850_000)).toBe(0);
    expect(side.add(far[30][0], 5)).toBe(36);
    expect(side.add(far[2][0], -3)).toBe(0); // removed
    expect(side.add(far[5][0] - 1, -3)).toBe(-3); // nothing there
    side.set(far[10][0], 0);
    side.set(far[20][0], 99);
    side.set(far[39][0], 77); // the worst level of all, first in the far list
    expect(side.sizeAt(far[39][0])).toBe(77);
    side.set(far[39][0], 40);
    const want = far
      .filter((_, i) => i !== 2 && i !== 10)
      .map(([p, q]): [number, number] => [p, p === far[30][0] ? 36 : p === far[20][0] ? 99 : q]);
    expect(i(levelsOf(side))).toEqual(i([[1_000_000, 1], ...want]));
    // Walk to a far level, change the far side, walk again.
    expect(side.priceAt(30)).toBe(want[29][0]);
    side.add(want[5][0], -100);
    expect(side.priceAt(30)).toBe(want[30][0]);
    side.set(1_000_000, 0); // the window empties and moves onto the best far level
    expect(levelsOf(side)).toEqual(want.filter((_, k) => k !== 5));
  });

  it('a new level within reach of a doubled window grows it rather than going far', () => {
    const side = new BookSide(false);
    side.set(1000, 1); // asks: window prices 937..1192
    side.set(1300, 2); // worse than the window, within a doubled one (937..1448)
    side.set(1600, 3);
    side.set(1010, 4);
    expect(levelsOf(side)).toEqual([
      [1000, 1],
      [1010, 4],
      [1300, 2],
      [1600, 3],
    ]);
    side.set(1000, 0);
    side.set(1010, 0);
    expect(levelsOf(side)).toEqual([
      [1300, 2],
      [1600, 3],
    ]);
    side.set(900, 5);
    expect(levelsOf(side)).toEqual([
      [900, 5],
      [1300, 2],
      [1600, 3],
    ]);
  });

  it('a level set to zero or a negative add outside the window creates nothing', () => {
    const side = new BookSide(true);
    side.set(1000, 0);
    side.add(1000, -2);
    expect(side.depth).toBe(0);
    side.set(1000, 1);
    side.set(5000, 0); // better than the best: no such level
    side.add(5000, -1);
    side.set(10, 0); // far below
    side.add(10, -1);
    expect(levelsOf(side)).toEqual([[1000, 1]]);
    expect([side.sizeAt(5000), side.sizeAt(10)]).toEqual([0, 0]);
    side.add(10, 3);
    side.add(10, 2);
    expect(levelsOf(side)).toEqual([
      [1000, 1],
      [10, 5],
    ]);
  });
});

/** A compact form of a long level list, so a failure prints the first difference readably. */
function i(levels: [number, number][]): string[] {
  return levels.map(([p, q]) => `${p}x${q}`);
}
