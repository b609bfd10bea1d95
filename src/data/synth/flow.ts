import { BookSide } from '../../engine/book/book-side.js';
import { EventKind, Side, type MarketEvent } from '../../engine/model/events.js';
import type { SeededRandom } from '../../engine/random/seeded-random.js';

/** The numbers the flow runs on, already converted to ticks, lots and ns. */
export interface FlowParams {
  startNs: bigint;
  /** Best bid of the opening snapshot, in ticks; the best ask is one tick above. */
  startTicks: number;
  levels: number;
  ratePerSecond: number;
  volatility: number;
  meanSize: number;
  latencyNs: number;
  jitterNs: number;
  /** The flow stops before the first action later than this many ns after startNs. */
  durationNs: number;
}

// Shape of the flow. These are modelling choices, not fitted values: a liquid large-tick stock
// where most actions are limit orders near the touch and a few percent are marketable.
/** Share of actions that are market orders (when the spread is one tick). */
const P_MARKET = 0.07;
/** Share of actions that are limit adds; the rest are cancels. */
const P_ADD = 0.5;
/** When the spread is wider than a tick, the chance that the next action improves it. */
const P_FILL_GAP = 0.7;
/** Share of adds placed anywhere in the visible range rather than near the touch (refills depth). */
const P_DEEP_ADD = 0.2;
/** Mean distance from the touch, in ticks, of near adds and of cancels. */
const MEAN_NEAR_DISTANCE = 1.2;
/** Order sizes shrink by this factor per tick away from the touch. */
const SIZE_DECAY = 0.92;
/** Spread of order sizes: the sigma of a log-normal with mean 1. */
const SIZE_SIGMA = 0.7;
/** Share of cancels that pick any visible level rather than one near the touch (ages out depth). */
const P_DEEP_CANCEL = 0.2;
/** Chance that a cancel removes the whole level however large. */
const P_CANCEL_LEVEL = 0.1;
/** Market orders never take the last MIN_DEPTH levels of a side, and cancels never empty them. */
const MIN_DEPTH = 3;
/** How hard the order flow leans towards the fair price: logistic slope per tick of mispricing. */
const LEAN = 1.5;

/**
 * The synthetic venue: an L2 book, a hidden fair price that follows a random walk, and order flow
 * that leans towards it. Each call to step() is one market action (one record): a limit add or
 * cancel becomes one Level event; a market order becomes a Trade and a Level event for every
 * level it takes. The book lives in the engine's BookSide, and every Level event carries the size
 * the side holds after the action, so the events are exactly what the flow implies.
 */
export class SynthFlow {
  private readonly bids = new BookSide(true);
  private readonly asks = new BookSide(false);
  private record = 0;
  /** Exchange and local time as exact integer ns after startNs (a week is far below 2^53). */
  private exchNs = 0;
  private localNs = 0;
  private tsExch = 0n;
  private tsLocal = 0n;
  private fair: number;

  constructor(
    private readonly rng: SeededRandom,
    private readonly p: FlowParams,
  ) {
    this.fair = p.startTicks + 0.5;
  }

  /** Record 1: clear, then `levels` levels a side, a one-tick spread at startTicks. */
  snapshot(out: MarketEvent[]): void {
    this.record = 1;
    this.stamp();
    out.push(this.event(EventKind.Clear, Side.None, 0, 0));
    const { startTicks, levels } = this.p;
    for (const side of [Side.Bid, Side.Ask] as const) {
      for (let i = 0; i < levels; i++) {
        const price = side === Side.Bid ? startTicks - i : startTicks + 1 + i;
        if (price <= 0) break;
        // A level holds a handful of orders.
        let size = 0;
        for (let n = 1 + this.rng.int(4); n > 0; n--) size += this.orderSize(i);
        this.book(side).set(price, size);
        out.push(this.event(EventKind.Level, side, price, size));
      }
    }
  }

  /** Appends the next action's events. Returns false, appending nothing, once time is up. */
  step(out: MarketEvent[]): boolean {
    const dt = this.rng.exponential(this.p.ratePerSecond);
    const gapNs = Math.max(1, Math.round(dt * 1e9));
    if (this.exchNs + gapNs > this.p.durationNs) return false;
    this.exchNs += gapNs;
    this.fair += this.p.volatility * Math.sqrt(dt) * this.rng.normal();
    this.record++;
    this.stamp();

    const bestBid = this.bids.priceAt(0)!;
    const bestAsk = this.asks.priceAt(0)!;
    // Probability that flow pushes up: buyers lift, sellers step back, bids improve.
    const up = 1 / (1 + Math.exp(-LEAN * (this.fair - (bestBid + bestAsk) / 2)));

    if (bestAsk - bestBid > 1 && this.rng.next() < P_FILL_GAP) {
      // Someone improves the wide spread, more likely from the side the fair price favours.
      const side = this.rng.next() < up ? Side.Bid : Side.Ask;
      const gap = bestAsk - bestBid - 1;
      const price = side === Side.Bid ? bestBid + 1 + this.rng.int(gap) : bestAsk - 1 - this.rng.int(gap);
      this.add(out, side, price, this.orderSize(0));
      return true;
    }
    const r = this.rng.next();
    if (r < P_MARKET) {
      if (this.marketOrder(out, this.rng.next() < up ? Side.Bid : Side.Ask)) return true;
    } else if (r >= P_MARKET + P_ADD) {
      if (this.cancel(out, this.rng.next() < up ? Side.Ask : Side.Bid)) return true;
    }
    this.limitAdd(out, this.rng.next() < 0.5 ? Side.Bid : Side.Ask);
    return true;
  }

  private book(side: Side): BookSide {
    return side === Side.Bid ? this.bids : this.asks;
  }

  private limitAdd(out: MarketEvent[], side: Side): void {
    const book = this.book(side);
    const span = 2 * this.p.levels;
    const d =
      this.rng.next() < P_DEEP_ADD ? this.rng.int(span) : Math.min(span - 1, Math.floor(this.rng.exponential(1 / MEAN_NEAR_DISTANCE)));
    let price = side === Side.Bid ? book.priceAt(0)! - d : book.priceAt(0)! + d;
    if (price <= 0) price = book.priceAt(0)!; // never quote at or below zero
    this.add(out, side, price, this.orderSize(d));
  }

  private add(out: MarketEvent[], side: Side, price: number, size: number): void {
    const total = this.book(side).add(price, size);
    out.push(this.event(EventKind.Level, side, price, total));
  }

  /** Cancels part or all of a level, near the touch mostly. False when nothing may be cancelled. */
  private cancel(out: MarketEvent[], side: Side): boolean {
    const book = this.book(side);
    const depth = book.depth;
    // Quotes left far behind by a moving price get pulled: prune the deepest level first.
    let k: number;
    if (depth > 2 * this.p.levels) k = depth - 1;
    else if (this.rng.next() < P_DEEP_CANCEL) k = this.rng.int(depth);
    else k = Math.min(depth - 1, Math.floor(this.rng.exponential(1 / MEAN_NEAR_DISTANCE)));
    const price = book.priceAt(k)!;
    const size = book.sizeAtLevel(k);
    let qty = this.rng.next() < P_CANCEL_LEVEL ? size : Math.min(size, this.orderSize(k));
    if (qty === size && depth <= MIN_DEPTH) qty = size - 1;
    if (qty <= 0) return false;
    const left = book.add(price, -qty);
    out.push(this.event(EventKind.Level, side, price, left));
    return true;
  }

  /**
   * A marketable order from `aggressor` (Bid = buy) walks the other side from its best level:
   * a Trade for what it takes at each level, then that level's new size. False when the other
   * side is too thin to trade without emptying it.
   */
  private marketOrder(out: MarketEvent[], aggressor: Side): boolean {
    const resting = aggressor === Side.Bid ? Side.Ask : Side.Bid;
    const book = this.book(resting);
    const walkable = book.depth - MIN_DEPTH;
    if (walkable <= 0) return false;
    let available = 0;
    for (let i = 0; i < walkable; i++) available += book.sizeAtLevel(i);
    // Heavy-tailed sizes: most orders take part of the touch, a few sweep several levels.
    let remaining = Math.min(available, Math.max(1, Math.round(this.p.meanSize * 0.6 * Math.exp(this.rng.normal()))));
    while (remaining > 0) {
      const price = book.priceAt(0)!;
      const size = book.sizeAtLevel(0);
      const take = Math.min(size, remaining);
      remaining -= take;
      out.push(this.event(EventKind.Trade, aggressor, price, take));
      out.push(this.event(EventKind.Level, resting, price, book.add(price, -take)));
    }
    return true;
  }

  /** A limit order size in lots: log-normal around meanSize, smaller away from the touch. */
  private orderSize(distance: number): number {
    const noise = Math.exp(SIZE_SIGMA * this.rng.normal() - (SIZE_SIGMA * SIZE_SIGMA) / 2);
    return Math.max(1, Math.round(this.p.meanSize * SIZE_DECAY ** distance * noise));
  }

  /** Timestamps for the current record; the feed delivers in order, so local time never steps back. */
  private stamp(): void {
    const jitter = this.p.jitterNs > 0 ? Math.round(this.rng.exponential(1 / this.p.jitterNs)) : 0;
    this.localNs = Math.max(this.localNs, this.exchNs + this.p.latencyNs + jitter);
    this.tsExch = this.p.startNs + BigInt(this.exchNs);
    this.tsLocal = this.p.startNs + BigInt(this.localNs);
  }

  private event(kind: EventKind, side: Side, price: number, qty: number): MarketEvent {
    return { kind, side, price, qty, orderId: 0, tsExch: this.tsExch, tsLocal: this.tsLocal, record: this.record };
  }
}
