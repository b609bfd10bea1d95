import type { L2Book } from '../book/l2-book.js';
import type { SeededRandom } from '../random/seeded-random.js';
import type { OrderSide } from '../model/orders.js';

/**
 * The venue's pluggable models. Each is a small interface with named implementations chosen
 * in the run's config and printed in its report, so every number says which assumptions made it.
 * All prices are integer ticks, sizes integer lots, times integer nanoseconds (bigint).
 */

/** One price level an aggressive order took: price in ticks, qty in lots. */
export interface LevelTake {
  price: number;
  qty: number;
}

/**
 * How an aggressive (marketable) order takes liquidity from the book.
 * `available(side, price)` gives the size the order may take at a level after the venue has
 * subtracted liquidity this account already consumed there (see ImpactModel); the model must
 * never take more than that.
 */
export interface FillModel {
  readonly name: 'l1' | 'l2';
  /**
   * Levels taken by a buy (lifting asks) or sell (hitting bids) of `qty` lots, best first,
   * within `limit` ticks when given (buy: price <= limit, sell: price >= limit).
   * Returns an empty array when nothing is available.
   */
  take(book: L2Book, side: OrderSide, qty: number, limit: number | undefined, available: (price: number, bookSize: number) => number): LevelTake[];
}

/**
 * Where a resting limit order stands in the queue at its price level, and how it advances.
 * One queue per price level is shared by all of the account's own orders there: the venue
 * calls the model per order, oldest first, passing what earlier own orders left over.
 */
export interface QueueState {
  /** Lots resting ahead of this order at its level. */
  ahead: number;
}

export interface QueueModel {
  readonly name: string;
  /** Queue position when the order starts resting at a level whose visible size is `levelSize`. */
  enter(levelSize: number): QueueState;
  /**
   * A trade printed at the order's price for `qty` lots: advance the queue and return how
   * many lots of the order (at most `remaining`) are filled by it.
   */
  onTrade(state: QueueState, qty: number, remaining: number): number;
  /**
   * The visible size at the level changed from `before` to `after` for a reason other than a
   * trade (cancels, or additions behind us). Advance the queue accordingly.
   */
  onLevelChange(state: QueueState, before: number, after: number): void;
}

/**
 * What an order does to price, and the memory of liquidity the account consumed: taken size
 * is subtracted from what later orders see at that level and refills with a half-life.
 */
export interface ImpactModel {
  readonly name: 'none' | 'linear' | 'sqrt';
  /** Size at a level that the account may still take now, given the book's recorded size. */
  available(side: OrderSide, price: number, bookSize: number, now: bigint): number;
  /** Record liquidity the account just took at a level. */
  consume(side: OrderSide, price: number, qty: number, now: bigint): void;
  /**
   * Adverse price shift in ticks (>= 0) for an aggressive order of `qty` lots, given recent
   * traded volume `recentVolume` (lots) and volatility `volatilityTicks`.
   */
  priceImpactTicks(qty: number, recentVolume: number, volatilityTicks: number): number;
}

/** Order entry (strategy -> venue) and response (venue -> strategy) delays. */
export interface LatencyModel {
  readonly name: string;
  entryNs(rng: SeededRandom): bigint;
  responseNs(rng: SeededRandom): bigint;
}

/** A fee in the instrument's currency, as an exact decimal string. */
export interface FeeInput {
  /** Exact notional of this fill: price x qty in currency units, as decimal text. */
  notional: string;
  /** Shares/contracts of this fill in instrument units (lots x lot size), as decimal text. */
  units: string;
  liquidity: 'maker' | 'taker';
  /** The order's cumulative notional and units BEFORE this fill (for per-order minimums and caps). */
  orderNotionalBefore: string;
  orderUnitsBefore: string;
}

export interface FeeModel {
  readonly name: string;
  /** The fee charged for this fill, decimal text, >= 0. */
  fee(input: FeeInput): string;
}
