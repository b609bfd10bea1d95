import { EventKind, Side, type MarketEvent } from '../../src/engine/model/events.js';

/**
 * The L2 book as it was before the tick-indexed window (src/engine/book/book-side.ts), kept as the
 * reference the new one is checked against event by event.
 *
 * One side of an L2 book: parallel typed arrays of price (ticks) and size (lots), sorted so that
 * the best level is LAST; entries [0, depth) are valid. Nearly all updates touch the top of the
 * book, so keeping it at the end of the arrays makes inserts and removals there O(1), and a deep
 * insert is one native memmove (copyWithin). Hand-written rather than a sorted-map library: this
 * is the replay hot path, and typed arrays with no allocation per update are several times
 * faster than a tree of objects.
 */
export class SortedBookSide {
  prices = new Float64Array(64);
  sizes = new Float64Array(64);
  depth = 0;
  /** +1 for bids (higher is better), -1 for asks (lower is better). */
  private readonly dir: number;

  constructor(readonly isBid: boolean) {
    this.dir = isBid ? 1 : -1;
  }

  clear(): void {
    this.depth = 0;
  }

  /** Index of the price, or -(insertion point) - 1 when absent. Looks at the top first. */
  private find(price: number): number {
    const prices = this.prices;
    const dir = this.dir;
    let hi = this.depth - 1;
    // Fast path: the top few levels (the array is ascending in dir * price).
    for (let k = 0; k < 4 && hi >= 0; k++, hi--) {
      const d = (prices[hi] - price) * dir;
      if (d === 0) return hi;
      if (d < 0) return -(hi + 1) - 1;
    }
    let lo = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const d = (prices[mid] - price) * dir;
      if (d === 0) return mid;
      if (d < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return -lo - 1;
  }

  /** Sets the total size at a price; 0 or less removes the level. */
  set(price: number, size: number): void {
    const i = this.find(price);
    if (i >= 0) {
      if (size > 0) this.sizes[i] = size;
      else this.removeAt(i);
    } else if (size > 0) {
      this.insertAt(-i - 1, price, size);
    }
  }

  /** Adds (or with a negative delta removes) size at a price. Returns the new size there. */
  add(price: number, delta: number): number {
    const i = this.find(price);
    if (i >= 0) {
      const size = this.sizes[i] + delta;
      if (size > 0) this.sizes[i] = size;
      else this.removeAt(i);
      return size;
    }
    if (delta > 0) this.insertAt(-i - 1, price, delta);
    return delta;
  }

  sizeAt(price: number): number {
    const i = this.find(price);
    return i >= 0 ? this.sizes[i] : 0;
  }

  /** The n-th best level (0 = best), or undefined. */
  priceAt(level: number): number | undefined {
    return level < this.depth ? this.prices[this.depth - 1 - level] : undefined;
  }

  sizeAtLevel(level: number): number {
    return level < this.depth ? this.sizes[this.depth - 1 - level] : 0;
  }

  private insertAt(at: number, price: number, size: number): void {
    if (this.depth === this.prices.length) this.grow();
    if (at < this.depth) {
      this.prices.copyWithin(at + 1, at, this.depth);
      this.sizes.copyWithin(at + 1, at, this.depth);
    }
    this.prices[at] = price;
    this.sizes[at] = size;
    this.depth++;
  }

  private removeAt(i: number): void {
    const last = this.depth - 1;
    if (i < last) {
      this.prices.copyWithin(i, i + 1, this.depth);
      this.sizes.copyWithin(i, i + 1, this.depth);
    }
    this.depth = last;
  }

  private grow(): void {
    const prices = new Float64Array(this.prices.length * 2);
    const sizes = new Float64Array(this.sizes.length * 2);
    prices.set(this.prices);
    sizes.set(this.sizes);
    this.prices = prices;
    this.sizes = sizes;
  }
}

export interface BookLevels {
  /** [priceTicks, sizeLots] best first. */
  bids: [number, number][];
  asks: [number, number][];
}

/** The reference L2 book rebuilt from market events. */
export class SortedL2Book {
  readonly bids = new SortedBookSide(true);
  readonly asks = new SortedBookSide(false);

  side(side: Side): SortedBookSide {
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
    switch (kind) {
      case EventKind.Level:
        (side === Side.Bid ? this.bids : this.asks).set(price, qty);
        return;
      case EventKind.Add:
        (side === Side.Bid ? this.bids : this.asks).add(price, qty);
        return;
      case EventKind.Cancel:
      case EventKind.Delete:
      case EventKind.Execute:
        (side === Side.Bid ? this.bids : this.asks).add(price, -qty);
        return;
      case EventKind.Clear:
        this.clear();
        return;
      default:
        return; // trades print on the tape and leave the book alone
    }
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

function top(side: SortedBookSide, depth: number): [number, number][] {
  const out: [number, number][] = [];
  const n = Math.min(depth, side.depth);
  for (let i = 0; i < n; i++) out.push([side.priceAt(i)!, side.sizeAtLevel(i)]);
  return out;
}
