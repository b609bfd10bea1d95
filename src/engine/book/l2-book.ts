import { EventKind, Side, type MarketEvent } from '../model/events.js';
import { BookSide } from './book-side.js';

export interface BookLevels {
  /** [priceTicks, sizeLots] best first. */
  bids: [number, number][];
  asks: [number, number][];
}

/** An L2 book rebuilt from market events. */
export class L2Book {
  readonly bids = new BookSide(true);
  readonly asks = new BookSide(false);
  /** Book rows by kind - 1 (Level, Add, Cancel, Delete, Execute): a Cancel, Delete or Execute takes qty away. */
  private readonly rowSign = new Float64Array([1, 1, -1, -1, -1]);
  /**
   * The size the level of the last row applied to `side` had before it, once keepSizeBefore() was
   * called (a clear or a trade leaves it as it was): what a reader that must take the row back out
   * needs (kernel/strategy-book.ts), known here for free where a lookup of its own would cost it
   * a cache miss.
   */
  sizeBefore(side: Side): number {
    return (side === Side.Bid ? this.bids : this.asks).before;
  }

  /** Whether sizeBefore is kept also for levels outside the tick window (see BookSide.before). */
  keepSizeBefore(on: boolean): void {
    this.bids.keepBefore = on;
    this.asks.keepBefore = on;
  }

  side(side: Side): BookSide {
    return side === Side.Bid ? this.bids : this.asks;
  }

  clear(): void {
    this.bids.clear();
    this.asks.clear();
  }

  apply(e: MarketEvent): void {
    this.applyFields(e.kind, e.side, e.price, e.qty);
  }

  /** The same as apply, for callers that hold events in columns rather than objects. */
  applyFields(kind: number, side: number, price: number, qty: number): void {
    // Level, Add, Cancel, Delete and Execute are kinds 1 to 5: one path, told apart by
    // arithmetic rather than a switch (see BookSide.update); trades leave the book alone. The new
    // size is old * keep + sign * qty: a Level sets it (keep 0), an Add adds its qty, a Cancel,
    // Delete or Execute takes its qty away (sign -1).
    // Integer comparisons only: `row >>> 0 === row` compared a uint32 with an int32, i.e. two
    // conversions to double and a float compare on every event.
    // A literal and a table held by the book, not EventKind/Side or a module-level table: an
    // imported or module-level binding is loaded from the module's context and checked (still
    // uninitialised? still that map?) on every event, about 5 % of the book's time. The sign is a
    // double from a table rather than 1 - 2 * (row > 1): an integer product of two small integers
    // is checked for a -0 result by a branch on a zero product, which the data decides (every
    // Level of size 0) and the processor mispredicts.
    const row = kind - 1;
    if ((row | 0) === row && row >= 0 && row < 5) {
      const keep = +(row !== 0);
      (side === (1 satisfies typeof Side.Bid) ? this.bids : this.asks).update(price, keep, this.rowSign[row] * qty);
    } else if (kind === EventKind.Clear) this.clear();
  }

  bestBid(): number | undefined {
    return this.bids.priceAt(0);
  }

  bestAsk(): number | undefined {
    return this.asks.priceAt(0);
  }

  /** The top `depth` levels of each side, best first. */
  levels(depth = Infinity): BookLevels {
    return { bids: top(this.bids, depth), asks: top(this.asks, depth) };
  }
}

function top(side: BookSide, depth: number): [number, number][] {
  const out: [number, number][] = [];
  const n = Math.min(depth, side.depth);
  for (let i = 0; i < n; i++) out.push([side.priceAt(i)!, side.sizeAtLevel(i)]);
  return out;
}
