import type { MarketEvent } from './model/events.js';
import type { Instrument } from './model/instrument.js';
import type { OrderRequest, OrderSide, OrderStatus, OrderType, RejectReason, TimeInForce } from './model/orders.js';
import type { SeededRandom } from './random/seeded-random.js';

/** What a strategy may read of the book it has been shown (at its own, local, time). */
export interface BookView {
  bestBid(): number | undefined;
  bestAsk(): number | undefined;
  /** Top levels, best first, as [priceTicks, sizeLots]. */
  levels(depth?: number): { bids: [number, number][]; asks: [number, number][] };
}

export interface OrderView {
  clientId: string;
  /** The order's instrument (symbol.venue, see instrumentId). */
  instrument: string;
  side: OrderSide;
  type: OrderType;
  tif: TimeInForce;
  qty: number;
  filled: number;
  limit?: number;
  stop?: number;
  status: OrderStatus;
}

export interface OrderUpdate {
  clientId: string;
  /** The order's instrument (symbol.venue); for an unknown_instrument reject, the id it named. */
  instrument: string;
  status: OrderStatus;
  reason?: RejectReason;
  filled: number;
  remaining: number;
}

export interface FillView {
  clientId: string;
  instrument: string;
  side: OrderSide;
  price: number;
  qty: number;
  liquidity: 'maker' | 'taker';
  fee: string;
}

export type NewOrder = Omit<OrderRequest, 'clientId' | 'tif'> & {
  clientId?: string;
  tif?: TimeInForce;
  /** The instrument to trade (symbol.venue); the run's first when not given. */
  instrument?: string;
};

/**
 * One instrument of the run as the strategy sees it: its book (after feed latency), its
 * position and its orders. `submit` here trades this instrument. The same object every time.
 */
export interface MarketView {
  /** symbol.venue, e.g. "BTCUSDT.binance-usdm": the same symbol on two venues is two instruments. */
  readonly id: string;
  /** Its place in the run: 0 for the first --data part. */
  readonly index: number;
  readonly instrument: Instrument;
  readonly book: BookView;
  /** Position in lots, from fills already reported. */
  position(): number;
  /** Copies of this instrument's orders not yet in a final state. */
  openOrders(): OrderView[];
  submit(order: Omit<NewOrder, 'instrument'>): string;
}

/**
 * Everything a strategy can do. Prices are ticks, sizes lots, times epoch ns. `instrument`,
 * `book` and `position()` are the run's first instrument's; `markets` has every instrument.
 */
export interface StrategyContext {
  readonly instrument: Instrument;
  readonly book: BookView;
  /** Every instrument of the run, in the order of the --data parts. */
  readonly markets: readonly MarketView[];
  /** The instrument with this id (symbol.venue), or undefined when the run does not hold it. */
  market(id: string): MarketView | undefined;
  readonly params: Readonly<Record<string, unknown>>;
  /** The strategy's own seeded generator: same seed, same choices. */
  readonly random: SeededRandom;
  /** The strategy's clock: local (receive) time. */
  now(): bigint;
  /** Position in lots of the first instrument, as known from fills already reported. */
  position(): number;
  /** The account's one cash balance, as exact decimal text. */
  cash(): string;
  /** Copies of the orders not yet in a final state, of every instrument. */
  openOrders(): OrderView[];
  /**
   * The order of this client id while it is not in a final state, as the copy openOrders() holds
   * of it (frozen; the same object until the order changes), else undefined: one order without
   * a copy of the list. (Whether it is open at all: isOpen, which makes no copy.)
   */
  openOrder(clientId: string): Readonly<OrderView> | undefined;
  /** Whether the order of this client id is not yet in a final state (openOrders() lists it): no copy made, nothing allocated. */
  isOpen(clientId: string): boolean;
  /**
   * Submits an order (for `order.instrument`, else the first instrument); returns its client id
   * (generated when not given). Client ids are unique over the whole run.
   */
  submit(order: NewOrder): string;
  cancel(clientId: string): void;
  /** Changes qty and/or limit. A price change or a larger qty loses queue priority. */
  replace(clientId: string, changes: { qty?: number; limit?: number }): void;
  /** Calls onTimer at (or just after) `at`. */
  setTimer(at: bigint, name: string): void;
  /**
   * Turns the onBook and onTrade calls off (false) or back on (true, the default), for every
   * instrument. A strategy driven by its timers once started need not be called for each of a
   * recording's events: off, the run is the same (books, fills, times) but for those calls. The
   * book it reads is still the one at its clock, after feed latency.
   */
  marketDataCalls(on: boolean): void;
  /** Writes a line to the run's log (stderr), never to report output. */
  log(message: string): void;
}

/**
 * The one Strategy interface, the same for backtests, TUI replays and live paper sessions.
 * Every callback is optional.
 *
 * Market data callbacks come for the first instrument only, unless the strategy sets
 * `markets: 'all'`: a strategy written for one instrument runs unchanged in a run of several,
 * trading the first. Order updates and fills come for every order, each naming its instrument.
 */
export interface Strategy {
  /** Which instruments' market data to be called for: 'first' (the default) or 'all'. */
  readonly markets?: 'first' | 'all';
  onStart?(ctx: StrategyContext): void;
  /** The book of `market` changed (a level, add, cancel, delete, execute or clear event). */
  onBook?(ctx: StrategyContext, event: MarketEvent, market: MarketView): void;
  /** A print on `market`'s tape. */
  onTrade?(ctx: StrategyContext, trade: MarketEvent, market: MarketView): void;
  onOrderUpdate?(ctx: StrategyContext, update: OrderUpdate): void;
  onFill?(ctx: StrategyContext, fill: FillView): void;
  onTimer?(ctx: StrategyContext, name: string): void;
  onEnd?(ctx: StrategyContext): void;
}

/** A strategy file's default export: a strategy object, or a factory taking the run's params. */
export type StrategyModule = Strategy | ((params: Readonly<Record<string, unknown>>) => Strategy);
