import { describe, expect, it } from 'vitest';
import { BookSide } from './book-side.js';
import { L2Book } from './l2-book.js';
import { EventKind, Side } from '../model/events.js';

// The book at the exact edges of its tick window, each case worked by hand from the layout
// described in book-side.ts: a side's first level sits 3/4 of the way up a 256-tick window (a bid at
// 1000 gives the window 808..1063), a best above the window doubles it downwards and slides it up
// by whole 32-tick words, a level below it within a doubled window's reach grows it, and levels
// further down are kept apart. Small books and few events, so that each case runs in microseconds.

const L = EventKind.Level;
const A = EventKind.Add;
const C = EventKind.Cancel;

/** Every level of a side, best first, walked the way a reader walks it (level after level). */
function levelsOf(side: BookSide): [number, number][] {
  const out: [number, number][] = [];
  for (let l = 0; l < side.depth; l++) out.push([side.priceAt(l)!, side.sizeAtLevel(l)]);
  expect(side.priceAt(side.depth)).toBeUndefined();
  return out;
}

/** A bid side whose window is 808..1063 (its first level, 1000, at index 192). */
function bidsAt1000(): BookSide {
  const side = new BookSide(true);
  side.set(1000, 1);
  return side;
}

describe('one tick past the top of the window', () => {
  it('reads as empty, and a level set there is the new best', () => {
    const side = bidsAt1000();
    expect(side.sizeAt(1064)).toBe(0);
    side.set(1064, 2);
    expect(levelsOf(side)).toEqual([
      [1064, 2],
      [1000, 1],
    ]);
    expect(side.sizeAt(1064)).toBe(2);
  });

  it('an add there creates the level and returns its size', () => {
    const side = bidsAt1000();
    expect(side.add(1064, 3)).toBe(3);
    expect(levelsOf(side)).toEqual([
      [1064, 3],
      [1000, 1],
    ]);
  });

  it('a Level or Add row there, bids and asks (asks: one tick below the window, 936 for an ask at 1000)', () => {
    const book = new L2Book();
    book.applyFields(L, Side.Bid, 1000, 1);
    book.applyFields(L, Side.Ask, 1000, 1);
    book.applyFields(L, Side.Bid, 1064, 4);
    book.applyFields(A, Side.Ask, 936, 5);
    expect(book.levels()).toEqual({
      bids: [
        [1064, 4],
        [1000, 1],
      ],
      asks: [
        [936, 5],
        [1000, 1],
      ],
    });
  });
});

describe('the level at index 0 of the window', () => {
  /** Bids 1000, 809, 808 (window indexes 192, 1, 0) and 100 (far below: kept apart). */
  function withIndexZero(): BookSide {
    const side = bidsAt1000();
    side.set(809, 2);
    side.set(808, 3);
    side.set(100, 4);
    return side;
  }

  it('is walked past on the way to the far levels', () => {
    const side = withIndexZero();
    expect(levelsOf(side)).toEqual([
      [1000, 1],
      [809, 2],
      [808, 3],
      [100, 4],
    ]);
    // Straight to the far level from the best, then back to index 0 (the walk starts again).
    const fresh = withIndexZero();
    expect([fresh.priceAt(3), fresh.sizeAtLevel(3)]).toEqual([100, 4]);
    expect([fresh.sizeAtLevel(2), fresh.priceAt(2)]).toEqual([3, 808]);
  });

  it('is found as the next best when the ones above it go, and is the best', () => {
    const side = withIndexZero();
    side.set(1000, 0);
    side.set(809, 0);
    expect([side.priceAt(0), side.sizeAtLevel(0), side.depth]).toEqual([808, 3, 2]);
    expect(levelsOf(side)).toEqual([
      [808, 3],
      [100, 4],
    ]);
  });

  it('stays the best when a level below grows the window under it', () => {
    const side = withIndexZero();
    side.set(1000, 0);
    side.set(809, 0);
    // 600 is below the window (808..1063) but within a doubled one: the window becomes 552..1063.
    side.set(600, 5);
    expect(levelsOf(side)).toEqual([
      [808, 3],
      [600, 5],
      [100, 4],
    ]);
  });

  it('a best at index 0 read through the book', () => {
    const book = new L2Book();
    book.applyFields(L, Side.Bid, 1000, 1);
    book.applyFields(L, Side.Bid, 808, 3);
    book.applyFields(C, Side.Bid, 1000, 1);
    expect([book.bestBid(), book.bids.sizeAtLevel(0)]).toEqual([808, 3]);
  });
});

describe('rows that are not a level', () => {
  it('an infinite price is refused, also where the empty window starts (at 0)', () => {
    const book = new L2Book();
    expect(() => book.applyFields(L, Side.Bid, Infinity, 1)).toThrow(RangeError);
    expect(() => book.applyFields(A, Side.Ask, -Infinity, 1)).toThrow(RangeError);
    expect(book.levels()).toEqual({ bids: [], asks: [] });
  });

  it('a NaN qty above the window changes nothing', () => {
    const side = bidsAt1000();
    expect(side.add(5000, Number.NaN)).toBeNaN();
    const book = new L2Book();
    book.applyFields(L, Side.Bid, 1000, 1);
    book.applyFields(C, Side.Bid, 5000, Number.NaN);
    book.applyFields(A, Side.Bid, 5000, Number.NaN);
    expect([levelsOf(side), levelsOf(book.bids)]).toEqual([[[1000, 1]], [[1000, 1]]]);
  });
});

describe('a slide up clears the part of the window it uncovers', () => {
  it('no size is left behind in the ticks above the levels that moved down', () => {
    const side = bidsAt1000();
    side.set(1060, 2); // index 252, near the top
    // 1064 is above: the window doubles (552..1063), then slides up 128 ticks (680..1191). The
    // level at 1060 moves from index 508 to 380; index 508 is now the price 1188.
    side.set(1064, 3);
    expect([side.sizeAt(1188), side.sizeAt(1060)]).toEqual([0, 2]);
    side.set(1188, 4);
    expect(levelsOf(side)).toEqual([
      [1188, 4],
      [1064, 3],
      [1060, 2],
      [1000, 1],
    ]);
  });
});

describe('a slide up keeps the level at the top tick of the window', () => {
  it('the level at 1063 (the last index) moves down with the others', () => {
    const side = bidsAt1000();
    side.set(1063, 2);
    side.set(1064, 3); // doubles (552..1063: 1063 at the last index, 511), slides up 128
    expect(levelsOf(side)).toEqual([
      [1064, 3],
      [1063, 2],
      [1000, 1],
    ]);
    expect(side.sizeAt(1063)).toBe(2);
  });
});

describe('prices of a few ticks', () => {
  it('bids in the low hundreds and at 1 tick, row by row', () => {
    const book = new L2Book();
    book.applyFields(L, Side.Bid, 300, 1); // beyond the first window (0..255): it moves to 108..363
    book.applyFields(L, Side.Bid, 110, 2);
    book.applyFields(L, Side.Bid, 1, 3); // below the window, within a doubled one
    book.applyFields(A, Side.Bid, 110, 1);
    expect(levelsOf(book.bids)).toEqual([
      [300, 1],
      [110, 3],
      [1, 3],
    ]);
    expect([book.bids.sizeAt(109), book.bids.sizeAt(326)]).toEqual([0, 0]);
  });
});

describe('prices beyond 2^31 ticks (5e12: a price in satoshi-sized ticks)', () => {
  const P = 5_000_000_000_000;

  it('keeps every level through slides, growth, far levels and a refill', () => {
    const book = new L2Book();
    book.applyFields(L, Side.Bid, P, 1);
    book.applyFields(L, Side.Bid, P - 100, 2);
    book.applyFields(L, Side.Bid, P + 1000, 3); // above the window: it doubles and slides up
    book.applyFields(A, Side.Bid, P - 200_000, 4); // beyond any window: a far level
    book.applyFields(A, Side.Bid, P - 600, 5); // within a doubled window's reach
    book.applyFields(A, Side.Bid, P - 100, 1);
    expect(levelsOf(book.bids)).toEqual([
      [P + 1000, 3],
      [P, 1],
      [P - 100, 3],
      [P - 600, 5],
      [P - 200_000, 4],
    ]);
    for (const p of [P + 1000, P, P - 100, P - 600]) book.applyFields(L, Side.Bid, p, 0);
    // The window emptied: it moves onto the far level, and rows there update it in place.
    expect(levelsOf(book.bids)).toEqual([[P - 200_000, 4]]);
    book.applyFields(C, Side.Bid, P - 200_000, 1);
    book.applyFields(A, Side.Bid, P - 199_999, 6);
    expect(levelsOf(book.bids)).toEqual([
      [P - 199_999, 6],
      [P - 200_000, 3],
    ]);
    book.applyFields(L, Side.Ask, P + 7, 2);
    book.applyFields(A, Side.Ask, P + 9, 1);
    book.applyFields(A, Side.Ask, P + 3, 4);
    expect(book.levels().asks).toEqual([
      [P + 3, 4],
      [P + 7, 2],
      [P + 9, 1],
    ]);
    expect([book.asks.sizeAt(P + 8), book.bids.sizeAt(P - 100)]).toEqual([0, 0]);
  });
});

describe('rows on far levels (outside the window)', () => {
  it('a Level sets, an Add adds, a Cancel, Delete or Execute takes away', () => {
    const book = new L2Book();
    book.applyFields(L, Side.Bid, 1_000_000, 1);
    book.applyFields(L, Side.Bid, 700_000, 3); // 300,000 ticks down: beyond any window
    book.applyFields(A, Side.Bid, 700_000, 4);
    expect(book.bids.sizeAt(700_000)).toBe(7);
    book.applyFields(L, Side.Bid, 700_000, 2);
    expect(book.bids.sizeAt(700_000)).toBe(2);
    book.applyFields(EventKind.Execute, Side.Bid, 700_000, 1);
    expect(levelsOf(book.bids)).toEqual([
      [1_000_000, 1],
      [700_000, 1],
    ]);
    book.applyFields(EventKind.Delete, Side.Bid, 700_000, 1);
    expect(levelsOf(book.bids)).toEqual([[1_000_000, 1]]);
  });

  it('a new far level at a price that is not whole ticks is refused, naming the price', () => {
    const side = new BookSide(true);
    side.set(1_000_000, 1);
    side.set(700_000, 1);
    expect(() => side.add(700_000.5, 1)).toThrow(new RangeError('book prices are whole ticks, got 700000.5'));
    const asks = new BookSide(false);
    expect(() => asks.set(100.25, 1)).toThrow(new RangeError('book prices are whole ticks, got 100.25'));
    expect(levelsOf(side)).toEqual([
      [1_000_000, 1],
      [700_000, 1],
    ]);
  });
});

describe('rows the book does not apply, and the walk after a row', () => {
  it('a trade at a price where its side has a level leaves the level alone', () => {
    const book = new L2Book();
    book.applyFields(L, Side.Bid, 99, 10);
    book.applyFields(L, Side.Ask, 101, 8);
    book.applyFields(EventKind.Trade, Side.Bid, 99, 4);
    book.applyFields(EventKind.Trade, Side.Ask, 101, 8);
    expect(book.levels()).toEqual({ bids: [[99, 10]], asks: [[101, 8]] });
  });

  it('a row that creates a level below the last one visited moves the levels under it', () => {
    const book = new L2Book();
    for (const p of [100, 98, 96, 94, 92]) book.applyFields(L, Side.Bid, p, p - 90);
    expect(book.bids.priceAt(2)).toBe(96);
    book.applyFields(A, Side.Bid, 95, 1);
    expect([book.bids.priceAt(3), book.bids.sizeAtLevel(3)]).toEqual([95, 1]);
    expect(book.bids.priceAt(0)).toBe(100);
    book.applyFields(C, Side.Bid, 98, 8);
    expect([book.bids.priceAt(1), book.bids.priceAt(3), book.bids.priceAt(4)]).toEqual([96, 94, 92]);
  });
});
