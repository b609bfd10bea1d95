import { EventKind, Side, type MarketEvent } from '../model/events.js';

/**
 * One side of an L2 book: parallel arrays of price (ticks) and size (lots), sorted so that the
 * best level is LAST. Nearly all updates touch the top of the book, so keeping it at the end of
 * the arrays makes inserts and removals there O(1) instead of shifting the whole side.
 */
export class BookSide {
  readonly prices: number[] = [];
  readonly sizes: number[] = [];

  /** bids: higher is better; asks: lower is better. */
  constructor(readonly isBid: boolean) {}

  get depth(): number {
    return this.prices.length;
  }

  clear(): void {
    this.prices.length = 0;
    this.sizes.length = 0;
  }

  /** Index of the price, or -(insertion point) - 1 when absent. Scans from the top first. */
  private find(price: number): number {
    const prices = this.prices;
    let hi = prices.length - 1;
    // Fast path: the top few levels.
    for (let k = 0; k < 4 && hi >= 0; k++, hi--) {
      const p = prices[hi];
      if (p === price) return hi;
      if (this.isBid ? p < price : p > price) return -(hi + 1) - 1;
    }
    let lo = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const p = prices[mid];
      if (p === price) return mid;
      if (this.isBid ? p < price : p > price) lo = mid + 1;
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
      const at = -i - 1;
      if (at === this.prices.length) {
        this.prices.push(price);
        this.sizes.push(size);
      } else {
        this.prices.splice(at, 0, price);
        this.sizes.splice(at, 0, size);
      }
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
    if (delta > 0) this.set(price, delta);
    return delta;
  }

  sizeAt(price: number): number {
    const i = this.find(price);
    return i >= 0 ? this.sizes[i] : 0;
  }

  /** The n-th best level (0 = best), or undefined. */
  priceAt(level: number): number | undefined {
    return this.prices[this.prices.length - 1 - level];
  }

  sizeAtLevel(level: number): number {
    return this.sizes[this.sizes.length - 1 - level] ?? 0;
  }

  private removeAt(i: number): void {
    if (i === this.prices.length - 1) {
      this.prices.pop();
      this.sizes.pop();
    } else {
      this.prices.splice(i, 1);
      this.sizes.splice(i, 1);
    }
  }
}

export interface BookLevels {
  /** [priceTicks, sizeLots] best first. */
  bids: [number, number][];
  asks: [number, number][];
}

/** An L2 book rebuilt from market events. */
export class L2Book {
  readonly bids = new BookSide(true);
  readonly asks = new BookSide(false);

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

function top(side: BookSide, depth: number): [number, number][] {
  const out: [number, number][] = [];
  const n = Math.min(depth, side.depth);
  for (let i = 0; i < n; i++) out.push([side.priceAt(i)!, side.sizeAtLevel(i)]);
  return out;
}
