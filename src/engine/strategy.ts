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
  status: OrderStatus;
  reason?: RejectReason;
  filled: number;
  remaining: number;
}

export interface FillView {
  clientId: string;
  side: OrderSide;
  price: number;
  qty: number;
  liquidity: 'maker' | 'taker';
  fee: string;
}

export type NewOrder = Omit<OrderRequest, 'clientId' | 'tif'> & { clientId?: string; tif?: TimeInForce };

/** Everything a strategy can do. Prices are ticks, sizes lots, times epoch ns. */
export interface StrategyContext {
  readonly instrument: Instrument;
  readonly book: BookView;
  readonly params: Readonly<Record<string, unknown>>;
  /** The strategy's own seeded generator: same seed, same choices. */
  readonly random: SeededRandom;
  /** The strategy's clock: local (receive) time. */
  now(): bigint;
  /** Position in lots, as known from fills already reported. */
  position(): number;
  /** Cash as exact decimal text. */
  cash(): string;
  openOrders(): OrderView[];
  /** Submits an order; returns its client id (generated when not given). */
  submit(order: NewOrder): string;
  cancel(clientId: string): void;
  /** Changes qty and/or limit. A price change or a larger qty loses queue priority. */
  replace(clientId: string, changes: { qty?: number; limit?: number }): void;
  /** Calls onTimer at (or just after) `at`. */
  setTimer(at: bigint, name: string): void;
  /** Writes a line to the run's log (stderr), never to report output. */
  log(message: string): void;
}

/**
 * The one Strategy interface, the same for backtests, TUI replays and live paper sessions.
 * Every callback is optional.
 */
export interface Strategy {
  onStart?(ctx: StrategyContext): void;
  /** The book changed (a level, add, cancel, delete, execute or clear event). */
  onBook?(ctx: StrategyContext, event: MarketEvent): void;
  /** A print on the tape. */
  onTrade?(ctx: StrategyContext, trade: MarketEvent): void;
  onOrderUpdate?(ctx: StrategyContext, update: OrderUpdate): void;
  onFill?(ctx: StrategyContext, fill: FillView): void;
  onTimer?(ctx: StrategyContext, name: string): void;
  onEnd?(ctx: StrategyContext): void;
}

/** A strategy file's default export: a strategy object, or a factory taking the run's params. */
export type StrategyModule = Strategy | ((params: Readonly<Record<string, unknown>>) => Strategy);
