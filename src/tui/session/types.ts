import type { Instrument } from '../../engine/model/instrument.js';
import type { OrderSide, OrderStatus, OrderType, RejectReason, TimeInForce } from '../../engine/model/orders.js';

/**
 * What the terminal UI needs from a trading session, whatever feeds it: a file replay or a live
 * feed. Market events go in on the session's side; the UI only reads engine state out
 * (`snapshot`, `status`) at its own repaint rate and sends orders and controls back.
 */
export interface TuiSession {
  /** The instrument on screen: its book, tape and tickets (the first, until another is selected). */
  readonly instrument: Instrument;
  /** Every instrument of the session, in the order of its data parts. */
  readonly instruments: readonly Instrument[];
  /** Puts the instrument at `market` on screen (wrapping round). */
  selectMarket(market: number): void;
  /** Account name shown in the status bar. */
  readonly account: string;
  /** Where the data comes from (a file name, a stream name). */
  readonly source: string;
  /** Engine state; cheap enough to call at the repaint rate. Changes `version` when anything changed. */
  snapshot(): EngineSnapshot;
  status(): SessionStatus;
  /** Sends an order through the same strategy context as any order; undefined before data arrives. */
  submit(order: TicketOrder): string | undefined;
  cancel(clientId: string): void;
  /** What the order would do now: estimated fill, fee, buying power left, a risk refusal if any. */
  preview(order: TicketOrder): OrderPreview;
  control(command: ControlCommand): void;
  /** Session events one line at a time (fills, order updates, trades, the end): the plain mode's feed. */
  onFeed(listener: (item: FeedItem) => void): () => void;
  /** Settles when the data ends (replay) or the feed closes (live); rejects when the engine fails. */
  readonly done: Promise<void>;
  /** Stops feeding and finishes the run. Idempotent. */
  stop(): void;
}

export type ControlCommand = 'toggle' | 'pause' | 'resume' | 'step' | 'faster' | 'slower';

export type Connection = 'replaying' | 'paused' | 'ended' | 'connecting' | 'live' | 'disconnected' | 'failed';

export interface SessionStatus {
  connection: Connection;
  paused: boolean;
  /** Data time per wall time, e.g. '10x' or 'max'; '' when the session has no speed (live). */
  speed: string;
  /** Market events per wall-clock second, recently. */
  eventsPerSecond: number;
  /** Wall-clock ms (epoch) of the last market event taken in, if any. */
  lastUpdate: number | undefined;
  canPause: boolean;
  canStep: boolean;
  canChangeSpeed: boolean;
  /** The engine's failure, when connection is 'failed'. */
  error?: string;
}

export interface OwnOrder {
  clientId: string;
  side: OrderSide;
  type: OrderType;
  tif: TimeInForce;
  qty: number;
  filled: number;
  limit?: number;
  status: OrderStatus;
  reason?: RejectReason;
  /** Placed from the keyboard (true) or by the strategy (false). */
  manual: boolean;
  /** Strategy time when it was sent, ns. */
  ts: bigint;
  /** The order's instrument (symbol.venue); the session's first when absent. */
  instrument?: string;
}

export interface OwnFill {
  clientId: string;
  side: OrderSide;
  price: number;
  qty: number;
  liquidity: 'maker' | 'taker';
  fee: string;
  ts: bigint;
  manual: boolean;
  /** The fill's instrument (symbol.venue). */
  instrument?: string;
}

/** One instrument's position in the account. */
export interface HeldPosition {
  /** symbol.venue */
  id: string;
  instrument: Instrument;
  /** Lots, signed. */
  lots: number;
  avgPrice: string;
  unrealized: string;
  /** Ticks, when the instrument has a price. */
  mark: number | undefined;
}

export interface TapeTrade {
  price: number;
  qty: number;
  /** The aggressor. */
  side: OrderSide;
  ts: bigint;
}

export interface EngineSnapshot {
  /** Grows whenever anything below changed. */
  version: number;
  /** Exchange time of the last market event, ns. */
  clock: bigint | undefined;
  events: number;
  /** The instrument on screen: its place in the session (0 for the first). Book, trades, position and avgPrice are its. */
  market: number;
  /** Best first, [ticks, lots]. */
  bids: [number, number][];
  asks: [number, number][];
  /** Newest first. */
  trades: TapeTrade[];
  /** Newest first. */
  orders: OwnOrder[];
  /** Newest first. */
  fills: OwnFill[];
  /** Lots, signed. */
  position: number;
  /** Every instrument's position, in part order (one for a session of one instrument). */
  positions: HeldPosition[];
  /** Exact decimal text, the instrument's currency. */
  cash: string;
  equity: string;
  startingEquity: string;
  realized: string;
  unrealized: string;
  fees: string;
  avgPrice: string;
  /** Equity samples, oldest first, for the sparkline. */
  nav: number[];
  /** Current drawdown from the peak and the largest so far, fractions (0.01 = 1 %). */
  drawdown: number;
  maxDrawdown: number;
  /** Orders can be placed (the strategy has started). */
  ready: boolean;
}

export interface TicketOrder {
  side: OrderSide;
  type: 'limit' | 'market';
  qty: number;
  /** Ticks, limit orders only. */
  limit?: number;
  tif: TimeInForce;
}

export interface OrderPreview {
  /** Lots that would trade at once against the book (0 for a resting limit). */
  immediateQty: number;
  /** Volume-weighted price of that part, ticks (may be fractional). */
  avgPrice: number | undefined;
  /** Estimated fee of the whole order, decimal text: taker for what crosses, maker for what rests. */
  fee: string;
  /** Buying power left once the order is filled, decimal text (negative: it would be refused). */
  buyingPowerAfter: string;
  /** What the pre-trade risk check would say now. */
  reject?: RejectReason;
}

export type FeedItem =
  | { kind: 'order'; order: OwnOrder }
  | { kind: 'fill'; fill: OwnFill }
  | { kind: 'trade'; trade: TapeTrade }
  | { kind: 'end'; events: number };
